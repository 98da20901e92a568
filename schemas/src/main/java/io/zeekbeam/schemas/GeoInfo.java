package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a MaxMind City database says of an address (English names; the first subdivision). Null as a whole when the address is private, reserved or unknown.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class GeoInfo {
  @SchemaFieldNumber("0")
  @SchemaFieldName("CITY")
  public abstract @Nullable String getCity();

  @SchemaFieldNumber("1")
  @SchemaFieldName("COUNTRY")
  public abstract @Nullable String getCountry();

  @SchemaFieldNumber("2")
  @SchemaFieldName("SUBDIVISION")
  public abstract @Nullable String getSubdivision();

  @SchemaFieldNumber("3")
  @SchemaFieldName("LOCATION")
  public abstract @Nullable GeoLocation getLocation();

  public static Builder builder() {
    return new AutoValue_GeoInfo.Builder();
  }

  /** Builder for {@link GeoInfo}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setCity(@Nullable String value);

    public abstract Builder setCountry(@Nullable String value);

    public abstract Builder setSubdivision(@Nullable String value);

    public abstract Builder setLocation(@Nullable GeoLocation value);

    public abstract GeoInfo build();
  }
}
