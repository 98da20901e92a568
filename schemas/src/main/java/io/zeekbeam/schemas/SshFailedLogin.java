package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One failed sshd login: a row of analytic 7, {@code ssh-failed-logins}. Column names are the
 * walkthrough's (upper case), plus KIND and COUNT, which the walkthrough did not have.
 *
 * <p>{@code @SchemaFieldNumber} pins the column order of JSON and Avro output to the order written
 * here; without it Beam orders the columns as reflection happens to list the getters.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class SshFailedLogin {
  /** The user name as sshd wrote it (may be empty or contain spaces); null when absent. */
  @SchemaFieldNumber("0")
  @SchemaFieldName("USER")
  public abstract @Nullable String getUser();

  /** The client address, or the host name sshd wrote instead (UseDNS); null when absent. */
  @SchemaFieldNumber("1")
  @SchemaFieldName("SRC_IP")
  public abstract @Nullable String getSrcIp();

  /** The client port; null when the line has none. */
  @SchemaFieldNumber("2")
  @SchemaFieldName("SRC_PORT")
  public abstract @Nullable Integer getSrcPort();

  /**
   * {@code INVALID_USER}, {@code FAILED_PASSWORD}, {@code FAILED_OTHER} or {@code CLOSED_PREAUTH}.
   */
  @SchemaFieldNumber("3")
  @SchemaFieldName("KIND")
  public abstract String getKind();

  /** How many failures the line stands for: N for {@code message repeated N times}, else 1. */
  @SchemaFieldNumber("4")
  @SchemaFieldName("COUNT")
  public abstract int getCount();

  /** The reporting host of the syslog event. */
  @SchemaFieldNumber("5")
  @SchemaFieldName("HOST")
  public abstract @Nullable String getHost();

  /** The syslog tag (program) of the event, e.g. {@code sshd}. */
  @SchemaFieldNumber("6")
  @SchemaFieldName("TAG")
  public abstract @Nullable String getTag();

  /** The whole syslog message, as the event carried it. */
  @SchemaFieldNumber("7")
  @SchemaFieldName("MESSAGE")
  public abstract String getMessage();

  /** Event time, epoch milliseconds UTC. */
  @SchemaFieldNumber("8")
  @SchemaFieldName("TIMESTAMP")
  public abstract long getTimestamp();

  /** {@link #getTimestamp()} written {@code yyyy-MM-dd HH:mm:ss} in UTC. */
  @SchemaFieldNumber("9")
  @SchemaFieldName("EVENT_TIME")
  public abstract String getEventTime();

  public static Builder builder() {
    return new AutoValue_SshFailedLogin.Builder();
  }

  /** Builder for {@link SshFailedLogin}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setUser(@Nullable String v);

    public abstract Builder setSrcIp(@Nullable String v);

    public abstract Builder setSrcPort(@Nullable Integer v);

    public abstract Builder setKind(String v);

    public abstract Builder setCount(int v);

    public abstract Builder setHost(@Nullable String v);

    public abstract Builder setTag(@Nullable String v);

    public abstract Builder setMessage(String v);

    public abstract Builder setTimestamp(long v);

    public abstract Builder setEventTime(String v);

    public abstract SshFailedLogin build();
  }
}
