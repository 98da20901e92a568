package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code conn.log}: a connection, written when it ends.
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class ZeekConn implements ZeekRecord {
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
  @SchemaFieldName("service")
  public abstract @Nullable String getService();

  @SchemaFieldNumber("8")
  @SchemaFieldName("duration")
  public abstract @Nullable Double getDuration();

  @SchemaFieldNumber("9")
  @SchemaFieldName("orig_bytes")
  public abstract @Nullable Long getOrigBytes();

  @SchemaFieldNumber("10")
  @SchemaFieldName("resp_bytes")
  public abstract @Nullable Long getRespBytes();

  @SchemaFieldNumber("11")
  @SchemaFieldName("conn_state")
  public abstract @Nullable String getConnState();

  @SchemaFieldNumber("12")
  @SchemaFieldName("local_orig")
  public abstract @Nullable Boolean getLocalOrig();

  @SchemaFieldNumber("13")
  @SchemaFieldName("local_resp")
  public abstract @Nullable Boolean getLocalResp();

  @SchemaFieldNumber("14")
  @SchemaFieldName("missed_bytes")
  public abstract @Nullable Long getMissedBytes();

  @SchemaFieldNumber("15")
  @SchemaFieldName("history")
  public abstract @Nullable String getHistory();

  @SchemaFieldNumber("16")
  @SchemaFieldName("orig_pkts")
  public abstract @Nullable Long getOrigPkts();

  @SchemaFieldNumber("17")
  @SchemaFieldName("orig_ip_bytes")
  public abstract @Nullable Long getOrigIpBytes();

  @SchemaFieldNumber("18")
  @SchemaFieldName("resp_pkts")
  public abstract @Nullable Long getRespPkts();

  @SchemaFieldNumber("19")
  @SchemaFieldName("resp_ip_bytes")
  public abstract @Nullable Long getRespIpBytes();

  @SchemaFieldNumber("20")
  @SchemaFieldName("tunnel_parents")
  public abstract @Nullable List<String> getTunnelParents();

  @SchemaFieldNumber("21")
  @SchemaFieldName("vlan")
  public abstract @Nullable Long getVlan();

  @SchemaFieldNumber("22")
  @SchemaFieldName("inner_vlan")
  public abstract @Nullable Long getInnerVlan();

  @SchemaFieldNumber("23")
  @SchemaFieldName("community_id")
  public abstract @Nullable String getCommunityId();
}
