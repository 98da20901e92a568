package io.zeekbeam.pipelines.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of one happening on the network (a page load: its DNS lookup, connection, TLS
 * handshake and certificates; an SSH brute-force attempt: its connection and syslog lines),
 * generated together so that they are consistent with each other.
 *
 * <p>Every record's time is at least the scenario's start, and scenarios are emitted in order of
 * their start: the output writers and the expected answers rely on that to keep memory bounded, so
 * {@link #add} enforces it.
 */
final class Scenario {
  final long start;
  final List<Object> items = new ArrayList<>();
  private int records;

  Scenario(long start) {
    this.start = start;
  }

  /** Adds a {@link ZeekEvent}, {@link SyslogLine} or {@link LogFileWriter.BadLine}. */
  <T> T add(T item) {
    long ts = time(item);
    if (ts < start) {
      throw new IllegalStateException(
          "record at " + Times.iso(ts) + " before its scenario's start " + Times.iso(start));
    }
    items.add(item);
    if (!(item instanceof LogFileWriter.BadLine)) {
      records++;
    }
    return item;
  }

  int records() {
    return records;
  }

  static long time(Object item) {
    if (item instanceof ZeekEvent e) {
      return e.ts;
    }
    if (item instanceof SyslogLine l) {
      return l.micros();
    }
    if (item instanceof LogFileWriter.BadLine b) {
      return time(b.template());
    }
    throw new IllegalArgumentException("not a record: " + item);
  }

  static long writeTime(Object item) {
    if (item instanceof ZeekEvent e) {
      return e.writeTime();
    }
    if (item instanceof LogFileWriter.BadLine b) {
      return writeTime(b.template());
    }
    return time(item);
  }
}
