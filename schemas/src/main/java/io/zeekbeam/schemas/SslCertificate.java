package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code ssl-certs} (and, with {@code DEST_GEOIP}/{@code DEST_ASN} filled, of {@code new-certs}): a TLS handshake joined with the certificate the server presented, identified by file id (Zeek before 4.1), fingerprint (4.1 and later) or, failing both, by subject. {@code JOINED_ON} says which.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class SslCertificate {
  @SchemaFieldNumber("0")
  @SchemaFieldName("SSL_TS")
  public abstract double getSslTs();

  @SchemaFieldNumber("1")
  @SchemaFieldName("SRC_IP")
  public abstract @Nullable String getSrcIp();

  @SchemaFieldNumber("2")
  @SchemaFieldName("SRC_PORT")
  public abstract @Nullable Integer getSrcPort();

  @SchemaFieldNumber("3")
  @SchemaFieldName("DEST_IP")
  public abstract @Nullable String getDestIp();

  @SchemaFieldNumber("4")
  @SchemaFieldName("DEST_PORT")
  public abstract @Nullable Integer getDestPort();

  @SchemaFieldNumber("5")
  @SchemaFieldName("DEST_GEOIP")
  public abstract @Nullable GeoInfo getDestGeoip();

  @SchemaFieldNumber("6")
  @SchemaFieldName("DEST_ASN")
  public abstract @Nullable AsnInfo getDestAsn();

  @SchemaFieldNumber("7")
  @SchemaFieldName("VERSION")
  public abstract @Nullable String getVersion();

  @SchemaFieldNumber("8")
  @SchemaFieldName("CIPHER")
  public abstract @Nullable String getCipher();

  @SchemaFieldNumber("9")
  @SchemaFieldName("CURVE")
  public abstract @Nullable String getCurve();

  @SchemaFieldNumber("10")
  @SchemaFieldName("SERVER_NAME")
  public abstract @Nullable String getServerName();

  @SchemaFieldNumber("11")
  @SchemaFieldName("SUBJECT")
  public abstract @Nullable String getSubject();

  @SchemaFieldNumber("12")
  @SchemaFieldName("ISSUER")
  public abstract @Nullable String getIssuer();

  @SchemaFieldNumber("13")
  @SchemaFieldName("VALIDATION_STATUS")
  public abstract @Nullable String getValidationStatus();

  @SchemaFieldNumber("14")
  @SchemaFieldName("X509_TS")
  public abstract @Nullable Double getX509Ts();

  @SchemaFieldNumber("15")
  @SchemaFieldName("CERTIFICATE_VERSION")
  public abstract @Nullable Long getCertificateVersion();

  @SchemaFieldNumber("16")
  @SchemaFieldName("CERTIFICATE_NOT_VALID_BEFORE")
  public abstract @Nullable Double getCertificateNotValidBefore();

  @SchemaFieldNumber("17")
  @SchemaFieldName("CERTIFICATE_NOT_VALID_AFTER")
  public abstract @Nullable Double getCertificateNotValidAfter();

  @SchemaFieldNumber("18")
  @SchemaFieldName("CERT_EXPIRATION_DATE")
  public abstract @Nullable String getCertExpirationDate();

  @SchemaFieldNumber("19")
  @SchemaFieldName("CERT_REGISTRATION_DATE")
  public abstract @Nullable String getCertRegistrationDate();

  @SchemaFieldNumber("20")
  @SchemaFieldName("CERTIFICATE_KEY_ALG")
  public abstract @Nullable String getCertificateKeyAlg();

  @SchemaFieldNumber("21")
  @SchemaFieldName("CERTIFICATE_SIG_ALG")
  public abstract @Nullable String getCertificateSigAlg();

  @SchemaFieldNumber("22")
  @SchemaFieldName("CERTIFICATE_KEY_TYPE")
  public abstract @Nullable String getCertificateKeyType();

  @SchemaFieldNumber("23")
  @SchemaFieldName("CERTIFICATE_KEY_LENGTH")
  public abstract @Nullable Long getCertificateKeyLength();

  @SchemaFieldNumber("24")
  @SchemaFieldName("UID")
  public abstract @Nullable String getUid();

  @SchemaFieldNumber("25")
  @SchemaFieldName("JOINED_ON")
  public abstract @Nullable String getJoinedOn();

  public abstract Builder toBuilder();

  public static Builder builder() {
    return new AutoValue_SslCertificate.Builder();
  }

  /** Builder for {@link SslCertificate}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSslTs(double value);

    public abstract Builder setSrcIp(@Nullable String value);

    public abstract Builder setSrcPort(@Nullable Integer value);

    public abstract Builder setDestIp(@Nullable String value);

    public abstract Builder setDestPort(@Nullable Integer value);

    public abstract Builder setDestGeoip(@Nullable GeoInfo value);

    public abstract Builder setDestAsn(@Nullable AsnInfo value);

    public abstract Builder setVersion(@Nullable String value);

    public abstract Builder setCipher(@Nullable String value);

    public abstract Builder setCurve(@Nullable String value);

    public abstract Builder setServerName(@Nullable String value);

    public abstract Builder setSubject(@Nullable String value);

    public abstract Builder setIssuer(@Nullable String value);

    public abstract Builder setValidationStatus(@Nullable String value);

    public abstract Builder setX509Ts(@Nullable Double value);

    public abstract Builder setCertificateVersion(@Nullable Long value);

    public abstract Builder setCertificateNotValidBefore(@Nullable Double value);

    public abstract Builder setCertificateNotValidAfter(@Nullable Double value);

    public abstract Builder setCertExpirationDate(@Nullable String value);

    public abstract Builder setCertRegistrationDate(@Nullable String value);

    public abstract Builder setCertificateKeyAlg(@Nullable String value);

    public abstract Builder setCertificateSigAlg(@Nullable String value);

    public abstract Builder setCertificateKeyType(@Nullable String value);

    public abstract Builder setCertificateKeyLength(@Nullable Long value);

    public abstract Builder setUid(@Nullable String value);

    public abstract Builder setJoinedOn(@Nullable String value);

    public abstract SslCertificate build();
  }
}
