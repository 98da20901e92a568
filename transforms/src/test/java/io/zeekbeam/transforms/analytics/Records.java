package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.errors.BadRecordException;
import io.zeekbeam.transforms.parse.ZeekJson;
import io.zeekbeam.transforms.parse.ZeekRecordType;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/** Test records made the way production makes them: by parsing Zeek JSON lines. */
final class Records {
  private Records() {}

  static <T> T zeek(LogType type, String json) {
    try {
      return ZeekJson.parse(ZeekRecordType.<T>of(type), json);
    } catch (BadRecordException e) {
      throw new IllegalArgumentException("bad test line: " + e.getMessage() + ": " + json);
    }
  }

  /** A Zeek record stamped with its own ts as event time. */
  static <T extends io.zeekbeam.schemas.ZeekRecord> TimestampedValue<T> stamped(T record) {
    return TimestampedValue.of(record, new Instant(record.getTsMillis()));
  }
}
