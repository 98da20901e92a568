package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code geo}: a connection to port 443 of a non-local responder, with the responder's GeoIP and ASN records.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class GeoConnection {
  @SchemaFieldNumber("0")
  @SchemaFieldName("TS")
  public abstract double getTs();

  @SchemaFieldNumber("1")
  @SchemaFieldName("UID")
  public abstract @Nullable String getUid();

  @SchemaFieldNumber("2")
  @SchemaFieldName("SRC_IP")
  public abstract @Nullable String getSrcIp();

  @SchemaFieldNumber("3")
  @SchemaFieldName("DEST_IP")
  public abstract @Nullable String getDestIp();

  @SchemaFieldNumber("4")
  @SchemaFieldName("DEST_PORT")
  public abstract @Nullable Integer getDestPort();

  @SchemaFieldNumber("5")
  @SchemaFieldName("DEST_GEO")
  public abstract @Nullable GeoInfo getDestGeo();

  @SchemaFieldNumber("6")
  @SchemaFieldName("DEST_ASN")
  public abstract @Nullable AsnInfo getDestAsn();

  public static Builder builder() {
    return new AutoValue_GeoConnection.Builder();
  }

  /** Builder for {@link GeoConnection}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTs(double value);

    public abstract Builder setUid(@Nullable String value);

    public abstract Builder setSrcIp(@Nullable String value);

    public abstract Builder setDestIp(@Nullable String value);

    public abstract Builder setDestPort(@Nullable Integer value);

    public abstract Builder setDestGeo(@Nullable GeoInfo value);

    public abstract Builder setDestAsn(@Nullable AsnInfo value);

    public abstract GeoConnection build();
  }
}
