package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One syslog message, whatever shape it arrived in (RFC 3164, RFC 5424, or the JSON that Kafka
 * Connect's syslog source writes). Field names follow that connector's record: {@code tag} is the
 * program ({@code sshd}), {@code host} the reporting host, {@code timestamp} epoch milliseconds.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class SyslogEvent {
  /** Event time, epoch milliseconds UTC. */
  @SchemaFieldNumber("0")
  @SchemaFieldName("timestamp")
  public abstract long getTimestamp();

  /** {@code RFC3164}, {@code RFC5424} or {@code CONNECT_JSON}: the shape the line had. */
  @SchemaFieldNumber("1")
  @SchemaFieldName("type")
  public abstract String getType();

  @SchemaFieldNumber("2")

  @SchemaFieldName("host")
  public abstract @Nullable String getHost();

  /** The program (RFC 3164 TAG, RFC 5424 APP-NAME). */
  @SchemaFieldNumber("3")
  @SchemaFieldName("tag")
  public abstract @Nullable String getTag();

  @SchemaFieldNumber("4")

  @SchemaFieldName("processId")
  public abstract @Nullable String getProcessId();

  @SchemaFieldNumber("5")

  @SchemaFieldName("messageId")
  public abstract @Nullable String getMessageId();

  @SchemaFieldNumber("6")

  @SchemaFieldName("structuredData")
  public abstract @Nullable String getStructuredData();

  @SchemaFieldNumber("7")

  @SchemaFieldName("facility")
  public abstract @Nullable Integer getFacility();

  @SchemaFieldNumber("8")

  @SchemaFieldName("severity")
  public abstract @Nullable Integer getSeverity();

  @SchemaFieldNumber("9")

  @SchemaFieldName("remoteAddress")
  public abstract @Nullable String getRemoteAddress();

  @SchemaFieldNumber("10")

  @SchemaFieldName("message")
  public abstract String getMessage();

  public static Builder builder() {
    return new AutoValue_SyslogEvent.Builder();
  }

  /** Builder for {@link SyslogEvent}. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setTimestamp(long v);

    public abstract Builder setType(String v);

    public abstract Builder setHost(@Nullable String v);

    public abstract Builder setTag(@Nullable String v);

    public abstract Builder setProcessId(@Nullable String v);

    public abstract Builder setMessageId(@Nullable String v);

    public abstract Builder setStructuredData(@Nullable String v);

    public abstract Builder setFacility(@Nullable Integer v);

    public abstract Builder setSeverity(@Nullable Integer v);

    public abstract Builder setRemoteAddress(@Nullable String v);

    public abstract Builder setMessage(String v);

    public abstract SyslogEvent build();
  }
}
