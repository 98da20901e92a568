package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A DNS request whose {@code query} is on the watchlist: a row of analytic 9, {@code watchlist-dns}
 * (the walkthrough's {@code MATCHED_DOMAINS_DNS}, {@code SELECT * FROM KEYED_DNS INNER JOIN
 * ADVERTS}). The columns are every field of the {@link ZeekDns} record under Zeek's names, then the
 * matched watchlist row's ID, DATEADDED, DOMAIN and SOURCE.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class WatchlistDnsMatch implements ZeekRecord {
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

  @SchemaFieldName("proto")
  public abstract @Nullable String getProto();

  @SchemaFieldName("trans_id")
  public abstract @Nullable Long getTransId();

  @SchemaFieldName("rtt")
  public abstract @Nullable Double getRtt();

  @SchemaFieldName("query")
  public abstract @Nullable String getQuery();

  @SchemaFieldName("qclass")
  public abstract @Nullable Long getQclass();

  @SchemaFieldName("qclass_name")
  public abstract @Nullable String getQclassName();

  @SchemaFieldName("qtype")
  public abstract @Nullable Long getQtype();

  @SchemaFieldName("qtype_name")
  public abstract @Nullable String getQtypeName();

  @SchemaFieldName("rcode")
  public abstract @Nullable Long getRcode();

  @SchemaFieldName("rcode_name")
  public abstract @Nullable String getRcodeName();

  @SchemaFieldName("AA")
  public abstract @Nullable Boolean getAuthoritative();

  @SchemaFieldName("TC")
  public abstract @Nullable Boolean getTruncated();

  @SchemaFieldName("RD")
  public abstract @Nullable Boolean getRecursionDesired();

  @SchemaFieldName("RA")
  public abstract @Nullable Boolean getRecursionAvailable();

  @SchemaFieldName("Z")
  public abstract @Nullable Long getZ();

  @SchemaFieldName("answers")
  public abstract @Nullable List<String> getAnswers();

  @SchemaFieldName("TTLs")
  public abstract @Nullable List<Double> getTtls();

  @SchemaFieldName("rejected")
  public abstract @Nullable Boolean getRejected();

  // The matched watchlist row, as WatchlistEntry names its columns.

  @SchemaFieldName("ID")
  public abstract @Nullable String getId();

  @SchemaFieldName("DATEADDED")
  public abstract @Nullable String getDateAdded();

  @SchemaFieldName("DOMAIN")
  public abstract String getDomain();

  @SchemaFieldName("SOURCE")
  public abstract @Nullable String getSource();

  /** The row for {@code dns} matched by the watchlist row {@code entry}. */
  public static WatchlistDnsMatch of(ZeekDns dns, WatchlistEntry entry) {
    return new AutoValue_WatchlistDnsMatch.Builder()
        .setTs(dns.getTs())
        .setUid(dns.getUid())
        .setOrigH(dns.getOrigH())
        .setOrigP(dns.getOrigP())
        .setRespH(dns.getRespH())
        .setRespP(dns.getRespP())
        .setProto(dns.getProto())
        .setTransId(dns.getTransId())
        .setRtt(dns.getRtt())
        .setQuery(dns.getQuery())
        .setQclass(dns.getQclass())
        .setQclassName(dns.getQclassName())
        .setQtype(dns.getQtype())
        .setQtypeName(dns.getQtypeName())
        .setRcode(dns.getRcode())
        .setRcodeName(dns.getRcodeName())
        .setAuthoritative(dns.getAuthoritative())
        .setTruncated(dns.getTruncated())
        .setRecursionDesired(dns.getRecursionDesired())
        .setRecursionAvailable(dns.getRecursionAvailable())
        .setZ(dns.getZ())
        .setAnswers(dns.getAnswers())
        .setTtls(dns.getTtls())
        .setRejected(dns.getRejected())
        .setId(entry.getId())
        .setDateAdded(entry.getDateAdded())
        .setDomain(entry.getDomain())
        .setSource(entry.getSource())
        .build();
  }

  /** Builder for {@link WatchlistDnsMatch}, through which Beam's schema decodes rows. */
  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setTs(double v);

    abstract Builder setUid(@Nullable String v);

    abstract Builder setOrigH(@Nullable String v);

    abstract Builder setOrigP(@Nullable Integer v);

    abstract Builder setRespH(@Nullable String v);

    abstract Builder setRespP(@Nullable Integer v);

    abstract Builder setProto(@Nullable String v);

    abstract Builder setTransId(@Nullable Long v);

    abstract Builder setRtt(@Nullable Double v);

    abstract Builder setQuery(@Nullable String v);

    abstract Builder setQclass(@Nullable Long v);

    abstract Builder setQclassName(@Nullable String v);

    abstract Builder setQtype(@Nullable Long v);

    abstract Builder setQtypeName(@Nullable String v);

    abstract Builder setRcode(@Nullable Long v);

    abstract Builder setRcodeName(@Nullable String v);

    abstract Builder setAuthoritative(@Nullable Boolean v);

    abstract Builder setTruncated(@Nullable Boolean v);

    abstract Builder setRecursionDesired(@Nullable Boolean v);

    abstract Builder setRecursionAvailable(@Nullable Boolean v);

    abstract Builder setZ(@Nullable Long v);

    abstract Builder setAnswers(@Nullable List<String> v);

    abstract Builder setTtls(@Nullable List<Double> v);

    abstract Builder setRejected(@Nullable Boolean v);

    abstract Builder setId(@Nullable String v);

    abstract Builder setDateAdded(@Nullable String v);

    abstract Builder setDomain(String v);

    abstract Builder setSource(@Nullable String v);

    abstract WatchlistDnsMatch build();
  }
}
