package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code hostname-counts}: rich-dns rows per source address and first query label in a 5-minute tumbling window; window bounds in epoch milliseconds, [start, end).
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class HostnameCount {
  @SchemaFieldNumber("0")
  @SchemaFieldName("SRC_IP")
  public abstract @Nullable String getSrcIp();

  @SchemaFieldNumber("1")
  @SchemaFieldName("HOSTNAME")
  public abstract @Nullable String getHostname();

  @SchemaFieldNumber("2")
  @SchemaFieldName("WINDOW_START")
  public abstract long getWindowStart();

  @SchemaFieldNumber("3")
  @SchemaFieldName("WINDOW_END")
  public abstract long getWindowEnd();

  @SchemaFieldNumber("4")
  @SchemaFieldName("COUNT")
  public abstract long getCount();

  public static Builder builder() {
    return new AutoValue_HostnameCount.Builder();
  }

  /** Builder for {@link HostnameCount}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setSrcIp(@Nullable String value);

    public abstract Builder setHostname(@Nullable String value);

    public abstract Builder setWindowStart(long value);

    public abstract Builder setWindowEnd(long value);

    public abstract Builder setCount(long value);

    public abstract HostnameCount build();
  }
}
