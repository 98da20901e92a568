package io.zeekbeam.schemas;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An input that could not be turned into a record, or a record that could not be processed: the
 * raw text, where it came from, which stage refused it and why.
 */
@DefaultSchema(SharedAutoValueSchema.class)
@AutoValue
public abstract class DeadLetter {
  /** Raw text kept in a dead letter; longer inputs are cut and {@link #getRawLength()} tells. */
  public static final int MAX_RAW_CHARS = 1 << 20;

  /** The stage that refused the input, e.g. {@code parse-zeek-json}, {@code late-data}. */
  @SchemaFieldNumber("0")
  @SchemaFieldName("stage")
  public abstract String getStage();

  /** The input type it was meant to be ({@code conn}, {@code syslog}, ...), if known. */
  @SchemaFieldNumber("1")
  @SchemaFieldName("input")
  public abstract @Nullable String getInput();

  /** Where it came from: {@code file:line} or {@code topic/partition@offset}. */
  @SchemaFieldNumber("2")
  @SchemaFieldName("source")
  public abstract String getSource();

  @SchemaFieldNumber("3")

  @SchemaFieldName("reason")
  public abstract String getReason();

  /** The raw input (at most {@link #MAX_RAW_CHARS} characters; invalid UTF-8 shown as U+FFFD). */
  @SchemaFieldNumber("4")
  @SchemaFieldName("raw")
  public abstract String getRaw();

  /** Length of the whole raw input in characters, even when {@link #getRaw()} was cut. */
  @SchemaFieldNumber("5")
  @SchemaFieldName("rawLength")
  public abstract long getRawLength();

  /** Event time of the input when it was known, epoch milliseconds. */
  @SchemaFieldNumber("6")
  @SchemaFieldName("eventTime")
  public abstract @Nullable Long getEventTime();

  public static DeadLetter of(
      String stage, @Nullable String input, String source, String reason, String raw) {
    return of(stage, input, source, reason, raw, null);
  }

  public static DeadLetter of(
      String stage,
      @Nullable String input,
      String source,
      String reason,
      String raw,
      @Nullable Long eventTime) {
    String kept = raw.length() > MAX_RAW_CHARS ? raw.substring(0, MAX_RAW_CHARS) : raw;
    return new AutoValue_DeadLetter(stage, input, source, reason, kept, raw.length(), eventTime);
  }
}
