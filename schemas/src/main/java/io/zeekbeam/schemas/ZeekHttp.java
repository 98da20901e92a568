package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code http.log}: one HTTP request and its response.
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class ZeekHttp implements ZeekRecord {
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
}
