package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An HTTP request whose {@code host} header is on the watchlist: a row of analytic 9, {@code
 * watchlist-http} (the walkthrough's {@code MATCHED_HOSTNAMES_ADVERTS}, {@code SELECT * FROM
 * KEYED_HTTP INNER JOIN ADVERTS}). The columns are every field of the {@link ZeekHttp} record under
 * Zeek's names, then the matched watchlist row's ID, DATEADDED, DOMAIN and SOURCE.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class WatchlistHttpMatch implements ZeekRecord {
  @SchemaFieldName("ts")
  public abstract double getTs();

  @SchemaFieldName("uid")
  public abstract @Nullable String getUid();

  @SchemaFieldName("id.orig_h")
  public abstract @Nullable String getOrigH();

  @SchemaFieldName("id.orig_p")
  public abstract @Nullable Integer getOrigP();

  @SchemaFieldName("id.resp_h")
  public abstract @Nullable String getRespH();

  @SchemaFieldName("id.resp_p")
  public abstract @Nullable Integer getRespP();

  @SchemaFieldName("trans_depth")
  public abstract @Nullable Long getTransDepth();

  @SchemaFieldName("method")
  public abstract @Nullable String getMethod();

  @SchemaFieldName("host")
  public abstract @Nullable String getHost();

  @SchemaFieldName("uri")
  public abstract @Nullable String getUri();

  @SchemaFieldName("referrer")
  public abstract @Nullable String getReferrer();

  @SchemaFieldName("version")
  public abstract @Nullable String getVersion();

  @SchemaFieldName("user_agent")
  public abstract @Nullable String getUserAgent();

  @SchemaFieldName("origin")
  public abstract @Nullable String getOrigin();

  @SchemaFieldName("request_body_len")
  public abstract @Nullable Long getRequestBodyLen();

  @SchemaFieldName("response_body_len")
  public abstract @Nullable Long getResponseBodyLen();

  @SchemaFieldName("status_code")
  public abstract @Nullable Long getStatusCode();

  @SchemaFieldName("status_msg")
  public abstract @Nullable String getStatusMsg();

  @SchemaFieldName("info_code")
  public abstract @Nullable Long getInfoCode();

  @SchemaFieldName("info_msg")
  public abstract @Nullable String getInfoMsg();

  @SchemaFieldName("tags")
  public abstract @Nullable List<String> getTags();

  @SchemaFieldName("username")
  public abstract @Nullable String getUsername();

  @SchemaFieldName("proxied")
  public abstract @Nullable List<String> getProxied();

  @SchemaFieldName("orig_fuids")
  public abstract @Nullable List<String> getOrigFuids();

  @SchemaFieldName("orig_filenames")
  public abstract @Nullable List<String> getOrigFilenames();

  @SchemaFieldName("orig_mime_types")
  public abstract @Nullable List<String> getOrigMimeTypes();

  @SchemaFieldName("resp_fuids")
  public abstract @Nullable List<String> getRespFuids();

  @SchemaFieldName("resp_filenames")
  public abstract @Nullable List<String> getRespFilenames();

  @SchemaFieldName("resp_mime_types")
  public abstract @Nullable List<String> getRespMimeTypes();

  // The matched watchlist row, as WatchlistEntry names its columns.

  @SchemaFieldName("ID")
  public abstract @Nullable String getId();

  @SchemaFieldName("DATEADDED")
  public abstract @Nullable String getDateAdded();

  @SchemaFieldName("DOMAIN")
  public abstract String getDomain();

  @SchemaFieldName("SOURCE")
  public abstract @Nullable String getSource();

  /** The row for {@code http} matched by the watchlist row {@code entry}. */
  public static WatchlistHttpMatch of(ZeekHttp http, WatchlistEntry entry) {
    return new AutoValue_WatchlistHttpMatch.Builder()
        .setTs(http.getTs())
        .setUid(http.getUid())
        .setOrigH(http.getOrigH())
        .setOrigP(http.getOrigP())
        .setRespH(http.getRespH())
        .setRespP(http.getRespP())
        .setTransDepth(http.getTransDepth())
        .setMethod(http.getMethod())
        .setHost(http.getHost())
        .setUri(http.getUri())
        .setReferrer(http.getReferrer())
        .setVersion(http.getVersion())
        .setUserAgent(http.getUserAgent())
        .setOrigin(http.getOrigin())
        .setRequestBodyLen(http.getRequestBodyLen())
        .setResponseBodyLen(http.getResponseBodyLen())
        .setStatusCode(http.getStatusCode())
        .setStatusMsg(http.getStatusMsg())
        .setInfoCode(http.getInfoCode())
        .setInfoMsg(http.getInfoMsg())
        .setTags(http.getTags())
        .setUsername(http.getUsername())
        .setProxied(http.getProxied())
        .setOrigFuids(http.getOrigFuids())
        .setOrigFilenames(http.getOrigFilenames())
        .setOrigMimeTypes(http.getOrigMimeTypes())
        .setRespFuids(http.getRespFuids())
        .setRespFilenames(http.getRespFilenames())
        .setRespMimeTypes(http.getRespMimeTypes())
        .setId(entry.getId())
        .setDateAdded(entry.getDateAdded())
        .setDomain(entry.getDomain())
        .setSource(entry.getSource())
        .build();
  }

  /** Builder for {@link WatchlistHttpMatch}, through which Beam's schema decodes rows. */
  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setTs(double v);

    abstract Builder setUid(@Nullable String v);

    abstract Builder setOrigH(@Nullable String v);

    abstract Builder setOrigP(@Nullable Integer v);

    abstract Builder setRespH(@Nullable String v);

    abstract Builder setRespP(@Nullable Integer v);

    abstract Builder setTransDepth(@Nullable Long v);

    abstract Builder setMethod(@Nullable String v);

    abstract Builder setHost(@Nullable String v);

    abstract Builder setUri(@Nullable String v);

    abstract Builder setReferrer(@Nullable String v);

    abstract Builder setVersion(@Nullable String v);

    abstract Builder setUserAgent(@Nullable String v);

    abstract Builder setOrigin(@Nullable String v);

    abstract Builder setRequestBodyLen(@Nullable Long v);

    abstract Builder setResponseBodyLen(@Nullable Long v);

    abstract Builder setStatusCode(@Nullable Long v);

    abstract Builder setStatusMsg(@Nullable String v);

    abstract Builder setInfoCode(@Nullable Long v);

    abstract Builder setInfoMsg(@Nullable String v);

    abstract Builder setTags(@Nullable List<String> v);

    abstract Builder setUsername(@Nullable String v);

    abstract Builder setProxied(@Nullable List<String> v);

    abstract Builder setOrigFuids(@Nullable List<String> v);

    abstract Builder setOrigFilenames(@Nullable List<String> v);

    abstract Builder setOrigMimeTypes(@Nullable List<String> v);

    abstract Builder setRespFuids(@Nullable List<String> v);

    abstract Builder setRespFilenames(@Nullable List<String> v);

    abstract Builder setRespMimeTypes(@Nullable List<String> v);

    abstract Builder setId(@Nullable String v);

    abstract Builder setDateAdded(@Nullable String v);

    abstract Builder setDomain(String v);

    abstract Builder setSource(@Nullable String v);

    abstract WatchlistHttpMatch build();
  }
}
