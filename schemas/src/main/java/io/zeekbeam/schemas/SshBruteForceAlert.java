package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A row of {@code ssh-brute-force}: more failed SSH logins than the threshold from one source against one host within one window; window bounds in epoch milliseconds, [start, end).
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class SshBruteForceAlert {
  @SchemaFieldNumber("0")
  @SchemaFieldName("STARTTIME")
  public abstract long getStarttime();

  @SchemaFieldNumber("1")
  @SchemaFieldName("ENDTIME")
  public abstract long getEndtime();

  @SchemaFieldNumber("2")
  @SchemaFieldName("HOST")
  public abstract @Nullable String getHost();

  @SchemaFieldNumber("3")
  @SchemaFieldName("SRC_IP")
  public abstract @Nullable String getSrcIp();

  @SchemaFieldNumber("4")
  @SchemaFieldName("COUNT_OF_INVALID_SSH")
  public abstract long getCountOfInvalidSsh();

  public static Builder builder() {
    return new AutoValue_SshBruteForceAlert.Builder();
  }

  /** Builder for {@link SshBruteForceAlert}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setStarttime(long value);

    public abstract Builder setEndtime(long value);

    public abstract Builder setHost(@Nullable String value);

    public abstract Builder setSrcIp(@Nullable String value);

    public abstract Builder setCountOfInvalidSsh(long value);

    public abstract SshBruteForceAlert build();
  }
}
