package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An HTTP request whose {@code host} header is on the watchlist: a row of analytic 9, {@code
 * watchlist-http} (the walkthrough's {@code MATCHED_HOSTNAMES_ADVERTS}, {@code SELECT * FROM
 * KEYED_HTTP INNER JOIN ADVERTS}). The columns are every field of the {@link ZeekHttp} record under
 * Zeek's names, then the matched watchlist row's ID, DATEADDED, DOMAIN and SOURCE.
 *
 * <p>{@code @SchemaFieldNumber} pins the column order of JSON and Avro output to the order written
 * here; without it Beam orders the columns as reflection happens to list the getters.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class WatchlistHttpMatch implements ZeekRecord {
  @SchemaFieldNumber("0")
  @SchemaFieldName("ts")
  public abstract double getTs();

  @SchemaFieldNumber("1")
  @SchemaFieldName("uid")
  public abstract @Nullable String getUid();

  @SchemaFieldNumber("2")
  @SchemaFieldName("id.orig_h")
  public abstract @Nullable String getOrigH();

  @SchemaFieldNumber("3")
  @SchemaFieldName("id.orig_p")
  public abstract @Nullable Integer getOrigP();

  @SchemaFieldNumber("4")
  @SchemaFieldName("id.resp_h")
  public abstract @Nullable String getRespH();

  @SchemaFieldNumber("5")
  @SchemaFieldName("id.resp_p")
  public abstract @Nullable Integer getRespP();

  @SchemaFieldNumber("6")
  @SchemaFieldName("trans_depth")
  public abstract @Nullable Long getTransDepth();

  @SchemaFieldNumber("7")
  @SchemaFieldName("method")
  public abstract @Nullable String getMethod();

  @SchemaFieldNumber("8")
  @SchemaFieldName("host")
  public abstract @Nullable String getHost();

  @SchemaFieldNumber("9")
  @SchemaFieldName("uri")
  public abstract @Nullable String getUri();

  @SchemaFieldNumber("10")
  @SchemaFieldName("referrer")
  public abstract @Nullable String getReferrer();

  @SchemaFieldNumber("11")
  @SchemaFieldName("version")
  public abstract @Nullable String getVersion();

  @SchemaFieldNumber("12")
  @SchemaFieldName("user_agent")
  public abstract @Nullable String getUserAgent();

  @SchemaFieldNumber("13")
  @SchemaFieldName("origin")
  public abstract @Nullable String getOrigin();

  @SchemaFieldNumber("14")
  @SchemaFieldName("request_body_len")
  public abstract @Nullable Long getRequestBodyLen();

  @SchemaFieldNumber("15")
  @SchemaFieldName("response_body_len")
  public abstract @Nullable Long getResponseBodyLen();

  @SchemaFieldNumber("16")
  @SchemaFieldName("status_code")
  public abstract @Nullable Long getStatusCode();

  @SchemaFieldNumber("17")
  @SchemaFieldName("status_msg")
  public abstract @Nullable String getStatusMsg();

  @SchemaFieldNumber("18")
  @SchemaFieldName("info_code")
  public abstract @Nullable Long getInfoCode();

  @SchemaFieldNumber("19")
  @SchemaFieldName("info_msg")
  public abstract @Nullable String getInfoMsg();

  @SchemaFieldNumber("20")
  @SchemaFieldName("tags")
  public abstract @Nullable List<String> getTags();

  @SchemaFieldNumber("21")
  @SchemaFieldName("username")
  public abstract @Nullable String getUsername();

  @SchemaFieldNumber("22")
  @SchemaFieldName("proxied")
  public abstract @Nullable List<String> getProxied();

  @SchemaFieldNumber("23")
  @SchemaFieldName("orig_fuids")
  public abstract @Nullable List<String> getOrigFuids();

  @SchemaFieldNumber("24")
  @SchemaFieldName("orig_filenames")
  public abstract @Nullable List<String> getOrigFilenames();

  @SchemaFieldNumber("25")
  @SchemaFieldName("orig_mime_types")
  public abstract @Nullable List<String> getOrigMimeTypes();

  @SchemaFieldNumber("26")
  @SchemaFieldName("resp_fuids")
  public abstract @Nullable List<String> getRespFuids();

  @SchemaFieldNumber("27")
  @SchemaFieldName("resp_filenames")
  public abstract @Nullable List<String> getRespFilenames();

  @SchemaFieldNumber("28")
  @SchemaFieldName("resp_mime_types")
  public abstract @Nullable List<String> getRespMimeTypes();

  // The matched watchlist row, as WatchlistEntry names its columns.

  @SchemaFieldNumber("29")
  @SchemaFieldName("ID")
  public abstract @Nullable String getId();

  @SchemaFieldNumber("30")
  @SchemaFieldName("DATEADDED")
  public abstract @Nullable String getDateAdded();

  @SchemaFieldNumber("31")
  @SchemaFieldName("DOMAIN")
  public abstract String getDomain();

  @SchemaFieldNumber("32")
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
