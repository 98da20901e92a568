package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code dns.log}: a DNS request and its reply.
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class ZeekDns implements ZeekRecord {
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
}
