package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code x509.log}: one certificate. Before Zeek 4.1 it is identified by the file id {@code id}, logged with every handshake that carried it; from 4.1 by its {@code fingerprint}, logged once a day.
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class ZeekX509 implements ZeekRecord {
  @SchemaFieldName("ts")
  public abstract double getTs();

  @SchemaFieldName("id")
  public abstract @Nullable String getId();

  @SchemaFieldName("fingerprint")
  public abstract @Nullable String getFingerprint();

  @SchemaFieldName("certificate.version")
  public abstract @Nullable Long getCertVersion();

  @SchemaFieldName("certificate.serial")
  public abstract @Nullable String getCertSerial();

  @SchemaFieldName("certificate.subject")
  public abstract @Nullable String getCertSubject();

  @SchemaFieldName("certificate.issuer")
  public abstract @Nullable String getCertIssuer();

  @SchemaFieldName("certificate.not_valid_before")
  public abstract @Nullable Double getCertNotValidBefore();

  @SchemaFieldName("certificate.not_valid_after")
  public abstract @Nullable Double getCertNotValidAfter();

  @SchemaFieldName("certificate.key_alg")
  public abstract @Nullable String getCertKeyAlg();

  @SchemaFieldName("certificate.sig_alg")
  public abstract @Nullable String getCertSigAlg();

  @SchemaFieldName("certificate.key_type")
  public abstract @Nullable String getCertKeyType();

  @SchemaFieldName("certificate.key_length")
  public abstract @Nullable Long getCertKeyLength();

  @SchemaFieldName("certificate.exponent")
  public abstract @Nullable String getCertExponent();

  @SchemaFieldName("certificate.curve")
  public abstract @Nullable String getCertCurve();

  @SchemaFieldName("san.dns")
  public abstract @Nullable List<String> getSanDns();

  @SchemaFieldName("san.uri")
  public abstract @Nullable List<String> getSanUri();

  @SchemaFieldName("san.email")
  public abstract @Nullable List<String> getSanEmail();

  @SchemaFieldName("san.ip")
  public abstract @Nullable List<String> getSanIp();

  @SchemaFieldName("basic_constraints.ca")
  public abstract @Nullable Boolean getBcCa();

  @SchemaFieldName("basic_constraints.path_len")
  public abstract @Nullable Long getBcPathLen();

  @SchemaFieldName("host_cert")
  public abstract @Nullable Boolean getHostCert();

  @SchemaFieldName("client_cert")
  public abstract @Nullable Boolean getClientCert();
}
