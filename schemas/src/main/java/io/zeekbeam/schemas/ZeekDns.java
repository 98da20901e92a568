package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code dns.log}: a DNS request and its reply.
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class ZeekDns implements ZeekRecord {
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
}
