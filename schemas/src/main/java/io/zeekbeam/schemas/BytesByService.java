package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code bytes-by-service}: the IP bytes (both directions) per originating host and service in a 5-minute tumbling window; {@code SERVICE} is null for connections Zeek could not name a service for; window bounds as {@code yyyy-MM-dd HH:mm:ss} UTC.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class BytesByService {
  @SchemaFieldNumber("0")
  @SchemaFieldName("LOCALIP")
  public abstract @Nullable String getLocalip();

  @SchemaFieldNumber("1")
  @SchemaFieldName("SERVICE")
  public abstract @Nullable String getService();

  @SchemaFieldNumber("2")
  @SchemaFieldName("WINDOW_START")
  public abstract @Nullable String getWindowStart();

  @SchemaFieldNumber("3")
  @SchemaFieldName("WINDOW_END")
  public abstract @Nullable String getWindowEnd();

  @SchemaFieldNumber("4")
  @SchemaFieldName("SUM_BYTES")
  public abstract long getSumBytes();

  public static Builder builder() {
    return new AutoValue_BytesByService.Builder();
  }

  /** Builder for {@link BytesByService}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setLocalip(@Nullable String value);

    public abstract Builder setService(@Nullable String value);

    public abstract Builder setWindowStart(@Nullable String value);

    public abstract Builder setWindowEnd(@Nullable String value);

    public abstract Builder setSumBytes(long value);

    public abstract BytesByService build();
  }
}
