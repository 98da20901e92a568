package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code ssl.log}: a TLS handshake. Zeek before 4.1 names the server's certificates by file id ({@code cert_chain_fuids}) and logs their subject and issuer; 4.1 and later name them by fingerprint ({@code cert_chain_fps}).
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class ZeekSsl implements ZeekRecord {
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

  @SchemaFieldName("version")
  public abstract @Nullable String getVersion();

  @SchemaFieldName("cipher")
  public abstract @Nullable String getCipher();

  @SchemaFieldName("curve")
  public abstract @Nullable String getCurve();

  @SchemaFieldName("server_name")
  public abstract @Nullable String getServerName();

  @SchemaFieldName("resumed")
  public abstract @Nullable Boolean getResumed();

  @SchemaFieldName("last_alert")
  public abstract @Nullable String getLastAlert();

  @SchemaFieldName("next_protocol")
  public abstract @Nullable String getNextProtocol();

  @SchemaFieldName("established")
  public abstract @Nullable Boolean getEstablished();

  @SchemaFieldName("ssl_history")
  public abstract @Nullable String getSslHistory();

  @SchemaFieldName("cert_chain_fuids")
  public abstract @Nullable List<String> getCertChainFuids();

  @SchemaFieldName("client_cert_chain_fuids")
  public abstract @Nullable List<String> getClientCertChainFuids();

  @SchemaFieldName("cert_chain_fps")
  public abstract @Nullable List<String> getCertChainFps();

  @SchemaFieldName("client_cert_chain_fps")
  public abstract @Nullable List<String> getClientCertChainFps();

  @SchemaFieldName("subject")
  public abstract @Nullable String getSubject();

  @SchemaFieldName("issuer")
  public abstract @Nullable String getIssuer();

  @SchemaFieldName("client_subject")
  public abstract @Nullable String getClientSubject();

  @SchemaFieldName("client_issuer")
  public abstract @Nullable String getClientIssuer();

  @SchemaFieldName("sni_matches_cert")
  public abstract @Nullable Boolean getSniMatchesCert();

  @SchemaFieldName("validation_status")
  public abstract @Nullable String getValidationStatus();

  @SchemaFieldName("ja3")
  public abstract @Nullable String getJa3();

  @SchemaFieldName("ja3s")
  public abstract @Nullable String getJa3s();
}
