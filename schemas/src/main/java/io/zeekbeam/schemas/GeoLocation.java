package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Longitude and latitude of a GeoIP city record.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class GeoLocation {
  @SchemaFieldNumber("0")
  @SchemaFieldName("LON")
  public abstract @Nullable Double getLon();

  @SchemaFieldNumber("1")
  @SchemaFieldName("LAT")
  public abstract @Nullable Double getLat();

  public static Builder builder() {
    return new AutoValue_GeoLocation.Builder();
  }

  /** Builder for {@link GeoLocation}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setLon(@Nullable Double value);

    public abstract Builder setLat(@Nullable Double value);

    public abstract GeoLocation build();
  }
}
