package io.zeekbeam.pipelines.kafka;

import io.zeekbeam.schemas.LogType;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One record of a log file as it goes onto its topic: the value, its key and its event time. */
final class LogEvent {
  final LogType type;
  final @Nullable String key;
  final String value;
  final long timestampMillis;
  /** The line number in its file, to keep records of one event time in file order. */
  final long line;

  LogEvent(LogType type, @Nullable String key, String value, long timestampMillis, long line) {
    this.type = type;
    this.key = key;
    this.value = value;
    this.timestampMillis = timestampMillis;
    this.line = line;
  }
}
