package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A DNS request whose {@code query} is on the watchlist: a row of analytic 9, {@code watchlist-dns}
 * (the walkthrough's {@code MATCHED_DOMAINS_DNS}, {@code SELECT * FROM KEYED_DNS INNER JOIN
 * ADVERTS}). The columns are every field of the {@link ZeekDns} record under Zeek's names, then the
 * matched watchlist row's ID, DATEADDED, DOMAIN and SOURCE.
 *
 * <p>{@code @SchemaFieldNumber} pins the column order of JSON and Avro output to the order written
 * here; without it Beam orders the columns as reflection happens to list the getters.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class WatchlistDnsMatch implements ZeekRecord {
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
  @SchemaFieldName("proto")
  public abstract @Nullable String getProto();

  @SchemaFieldNumber("7")
  @SchemaFieldName("trans_id")
  public abstract @Nullable Long getTransId();

  @SchemaFieldNumber("8")
  @SchemaFieldName("rtt")
  public abstract @Nullable Double getRtt();

  @SchemaFieldNumber("9")
  @SchemaFieldName("query")
  public abstract @Nullable String getQuery();

  @SchemaFieldNumber("10")
  @SchemaFieldName("qclass")
  public abstract @Nullable Long getQclass();

  @SchemaFieldNumber("11")
  @SchemaFieldName("qclass_name")
  public abstract @Nullable String getQclassName();

  @SchemaFieldNumber("12")
  @SchemaFieldName("qtype")
  public abstract @Nullable Long getQtype();

  @SchemaFieldNumber("13")
  @SchemaFieldName("qtype_name")
  public abstract @Nullable String getQtypeName();

  @SchemaFieldNumber("14")
  @SchemaFieldName("rcode")
  public abstract @Nullable Long getRcode();

  @SchemaFieldNumber("15")
  @SchemaFieldName("rcode_name")
  public abstract @Nullable String getRcodeName();

  @SchemaFieldNumber("16")
  @SchemaFieldName("AA")
  public abstract @Nullable Boolean getAuthoritative();

  @SchemaFieldNumber("17")
  @SchemaFieldName("TC")
  public abstract @Nullable Boolean getTruncated();

  @SchemaFieldNumber("18")
  @SchemaFieldName("RD")
  public abstract @Nullable Boolean getRecursionDesired();

  @SchemaFieldNumber("19")
  @SchemaFieldName("RA")
  public abstract @Nullable Boolean getRecursionAvailable();

  @SchemaFieldNumber("20")
  @SchemaFieldName("Z")
  public abstract @Nullable Long getZ();

  @SchemaFieldNumber("21")
  @SchemaFieldName("answers")
  public abstract @Nullable List<String> getAnswers();

  @SchemaFieldNumber("22")
  @SchemaFieldName("TTLs")
  public abstract @Nullable List<Double> getTtls();

  @SchemaFieldNumber("23")
  @SchemaFieldName("rejected")
  public abstract @Nullable Boolean getRejected();

  // The matched watchlist row, as WatchlistEntry names its columns.

  @SchemaFieldNumber("24")
  @SchemaFieldName("ID")
  public abstract @Nullable String getId();

  @SchemaFieldNumber("25")
  @SchemaFieldName("DATEADDED")
  public abstract @Nullable String getDateAdded();

  @SchemaFieldNumber("26")
  @SchemaFieldName("DOMAIN")
  public abstract String getDomain();

  @SchemaFieldNumber("27")
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
