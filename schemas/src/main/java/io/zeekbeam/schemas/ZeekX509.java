package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One record of Zeek's {@code x509.log}: one certificate. Before Zeek 4.1 it is identified by the file id {@code id}, logged with every handshake that carried it; from 4.1 by its {@code fingerprint}, logged once a day.
 *
 * <p>Field names are Zeek's own (they are the JSON names); Avro names replace each {@code .} with
 * {@code _} (see {@link AvroNames}). Instances are made by the parsers through the Beam schema.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class ZeekX509 implements ZeekRecord {
  @SchemaFieldNumber("0")
  @SchemaFieldName("ts")
  public abstract double getTs();

  @SchemaFieldNumber("1")
  @SchemaFieldName("id")
  public abstract @Nullable String getId();

  @SchemaFieldNumber("2")
  @SchemaFieldName("fingerprint")
  public abstract @Nullable String getFingerprint();

  @SchemaFieldNumber("3")
  @SchemaFieldName("certificate.version")
  public abstract @Nullable Long getCertVersion();

  @SchemaFieldNumber("4")
  @SchemaFieldName("certificate.serial")
  public abstract @Nullable String getCertSerial();

  @SchemaFieldNumber("5")
  @SchemaFieldName("certificate.subject")
  public abstract @Nullable String getCertSubject();

  @SchemaFieldNumber("6")
  @SchemaFieldName("certificate.issuer")
  public abstract @Nullable String getCertIssuer();

  @SchemaFieldNumber("7")
  @SchemaFieldName("certificate.not_valid_before")
  public abstract @Nullable Double getCertNotValidBefore();

  @SchemaFieldNumber("8")
  @SchemaFieldName("certificate.not_valid_after")
  public abstract @Nullable Double getCertNotValidAfter();

  @SchemaFieldNumber("9")
  @SchemaFieldName("certificate.key_alg")
  public abstract @Nullable String getCertKeyAlg();

  @SchemaFieldNumber("10")
  @SchemaFieldName("certificate.sig_alg")
  public abstract @Nullable String getCertSigAlg();

  @SchemaFieldNumber("11")
  @SchemaFieldName("certificate.key_type")
  public abstract @Nullable String getCertKeyType();

  @SchemaFieldNumber("12")
  @SchemaFieldName("certificate.key_length")
  public abstract @Nullable Long getCertKeyLength();

  @SchemaFieldNumber("13")
  @SchemaFieldName("certificate.exponent")
  public abstract @Nullable String getCertExponent();

  @SchemaFieldNumber("14")
  @SchemaFieldName("certificate.curve")
  public abstract @Nullable String getCertCurve();

  @SchemaFieldNumber("15")
  @SchemaFieldName("san.dns")
  public abstract @Nullable List<String> getSanDns();

  @SchemaFieldNumber("16")
  @SchemaFieldName("san.uri")
  public abstract @Nullable List<String> getSanUri();

  @SchemaFieldNumber("17")
  @SchemaFieldName("san.email")
  public abstract @Nullable List<String> getSanEmail();

  @SchemaFieldNumber("18")
  @SchemaFieldName("san.ip")
  public abstract @Nullable List<String> getSanIp();

  @SchemaFieldNumber("19")
  @SchemaFieldName("basic_constraints.ca")
  public abstract @Nullable Boolean getBcCa();

  @SchemaFieldNumber("20")
  @SchemaFieldName("basic_constraints.path_len")
  public abstract @Nullable Long getBcPathLen();

  @SchemaFieldNumber("21")
  @SchemaFieldName("host_cert")
  public abstract @Nullable Boolean getHostCert();

  @SchemaFieldNumber("22")
  @SchemaFieldName("client_cert")
  public abstract @Nullable Boolean getClientCert();
}
