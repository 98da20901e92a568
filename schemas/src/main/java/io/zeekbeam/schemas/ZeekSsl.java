package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code ssl.log}: a TLS handshake. Zeek before 4.1 names the server's certificates by file id ({@code cert_chain_fuids}) and logs their subject and issuer; 4.1 and later name them by fingerprint ({@code cert_chain_fps}).
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class ZeekSsl implements ZeekRecord {
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
  @SchemaFieldName("version")
  public abstract @Nullable String getVersion();

  @SchemaFieldNumber("7")
  @SchemaFieldName("cipher")
  public abstract @Nullable String getCipher();

  @SchemaFieldNumber("8")
  @SchemaFieldName("curve")
  public abstract @Nullable String getCurve();

  @SchemaFieldNumber("9")
  @SchemaFieldName("server_name")
  public abstract @Nullable String getServerName();

  @SchemaFieldNumber("10")
  @SchemaFieldName("resumed")
  public abstract @Nullable Boolean getResumed();

  @SchemaFieldNumber("11")
  @SchemaFieldName("last_alert")
  public abstract @Nullable String getLastAlert();

  @SchemaFieldNumber("12")
  @SchemaFieldName("next_protocol")
  public abstract @Nullable String getNextProtocol();

  @SchemaFieldNumber("13")
  @SchemaFieldName("established")
  public abstract @Nullable Boolean getEstablished();

  @SchemaFieldNumber("14")
  @SchemaFieldName("ssl_history")
  public abstract @Nullable String getSslHistory();

  @SchemaFieldNumber("15")
  @SchemaFieldName("cert_chain_fuids")
  public abstract @Nullable List<String> getCertChainFuids();

  @SchemaFieldNumber("16")
  @SchemaFieldName("client_cert_chain_fuids")
  public abstract @Nullable List<String> getClientCertChainFuids();

  @SchemaFieldNumber("17")
  @SchemaFieldName("cert_chain_fps")
  public abstract @Nullable List<String> getCertChainFps();

  @SchemaFieldNumber("18")
  @SchemaFieldName("client_cert_chain_fps")
  public abstract @Nullable List<String> getClientCertChainFps();

  @SchemaFieldNumber("19")
  @SchemaFieldName("subject")
  public abstract @Nullable String getSubject();

  @SchemaFieldNumber("20")
  @SchemaFieldName("issuer")
  public abstract @Nullable String getIssuer();

  @SchemaFieldNumber("21")
  @SchemaFieldName("client_subject")
  public abstract @Nullable String getClientSubject();

  @SchemaFieldNumber("22")
  @SchemaFieldName("client_issuer")
  public abstract @Nullable String getClientIssuer();

  @SchemaFieldNumber("23")
  @SchemaFieldName("sni_matches_cert")
  public abstract @Nullable Boolean getSniMatchesCert();

  @SchemaFieldNumber("24")
  @SchemaFieldName("validation_status")
  public abstract @Nullable String getValidationStatus();

  @SchemaFieldNumber("25")
  @SchemaFieldName("ja3")
  public abstract @Nullable String getJa3();

  @SchemaFieldNumber("26")
  @SchemaFieldName("ja3s")
  public abstract @Nullable String getJa3s();
}
