package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code http.log}: one HTTP request and its response.
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class ZeekHttp implements ZeekRecord {
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
}
