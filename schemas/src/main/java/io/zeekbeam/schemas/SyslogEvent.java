package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One syslog message, whatever shape it arrived in (RFC 3164, RFC 5424, or the JSON that Kafka
 * Connect's syslog source writes). Field names follow that connector's record: {@code tag} is the
 * program ({@code sshd}), {@code host} the reporting host, {@code timestamp} epoch milliseconds.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class SyslogEvent {
  /** Event time, epoch milliseconds UTC. */
  @SchemaFieldName("timestamp")
  public abstract long getTimestamp();

  /** {@code RFC3164}, {@code RFC5424} or {@code CONNECT_JSON}: the shape the line had. */
  @SchemaFieldName("type")
  public abstract String getType();

  @SchemaFieldName("host")
  public abstract @Nullable String getHost();

  /** The program (RFC 3164 TAG, RFC 5424 APP-NAME). */
  @SchemaFieldName("tag")
  public abstract @Nullable String getTag();

  @SchemaFieldName("processId")
  public abstract @Nullable String getProcessId();

  @SchemaFieldName("messageId")
  public abstract @Nullable String getMessageId();

  @SchemaFieldName("structuredData")
  public abstract @Nullable String getStructuredData();

  @SchemaFieldName("facility")
  public abstract @Nullable Integer getFacility();

  @SchemaFieldName("severity")
  public abstract @Nullable Integer getSeverity();

  @SchemaFieldName("remoteAddress")
  public abstract @Nullable String getRemoteAddress();

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
