package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code conn.log}: a connection, written when it ends.
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class ZeekConn implements ZeekRecord {
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

  @SchemaFieldName("service")
  public abstract @Nullable String getService();

  @SchemaFieldName("duration")
  public abstract @Nullable Double getDuration();

  @SchemaFieldName("orig_bytes")
  public abstract @Nullable Long getOrigBytes();

  @SchemaFieldName("resp_bytes")
  public abstract @Nullable Long getRespBytes();

  @SchemaFieldName("conn_state")
  public abstract @Nullable String getConnState();

  @SchemaFieldName("local_orig")
  public abstract @Nullable Boolean getLocalOrig();

  @SchemaFieldName("local_resp")
  public abstract @Nullable Boolean getLocalResp();

  @SchemaFieldName("missed_bytes")
  public abstract @Nullable Long getMissedBytes();

  @SchemaFieldName("history")
  public abstract @Nullable String getHistory();

  @SchemaFieldName("orig_pkts")
  public abstract @Nullable Long getOrigPkts();

  @SchemaFieldName("orig_ip_bytes")
  public abstract @Nullable Long getOrigIpBytes();

  @SchemaFieldName("resp_pkts")
  public abstract @Nullable Long getRespPkts();

  @SchemaFieldName("resp_ip_bytes")
  public abstract @Nullable Long getRespIpBytes();

  @SchemaFieldName("tunnel_parents")
  public abstract @Nullable List<String> getTunnelParents();

  @SchemaFieldName("vlan")
  public abstract @Nullable Long getVlan();

  @SchemaFieldName("inner_vlan")
  public abstract @Nullable Long getInnerVlan();

  @SchemaFieldName("community_id")
  public abstract @Nullable String getCommunityId();
}
