package io.zeekbeam.transforms.window;

import java.io.Serializable;
import java.util.function.LongConsumer;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Duration;

/**
 * Which windows a timestamp belongs to: epoch-aligned, half-open {@code [start, start + size)}
 * windows starting every {@code period} (tumbling when the period is the size), or the one all-time
 * window. A window is named by its start, in epoch milliseconds.
 */
final class WindowLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The all-time window's start: no event time is earlier. */
  static final long ALL_TIME_START = BoundedWindow.TIMESTAMP_MIN_VALUE.getMillis();

  /**
   * The all-time window's (exclusive) end: one past the end of Beam's global window, the last
   * instant the watermark passes only when the input ends.
   */
  static final long ALL_TIME_END = GlobalWindow.INSTANCE.maxTimestamp().getMillis() + 1;

  private final long size;
  private final long period;
  private final boolean allTime;

  private WindowLayout(long size, long period, boolean allTime) {
    this.size = size;
    this.period = period;
    this.allTime = allTime;
  }

  static WindowLayout tumbling(Duration size) {
    return new WindowLayout(size.getMillis(), size.getMillis(), false);
  }

  static WindowLayout sliding(Duration size, Duration period) {
    return new WindowLayout(size.getMillis(), period.getMillis(), false);
  }

  static WindowLayout allTime() {
    return new WindowLayout(0, 0, true);
  }

  boolean isAllTime() {
    return allTime;
  }

  boolean isSliding() {
    return !allTime && period != size;
  }

  Duration size() {
    return Duration.millis(size);
  }

  Duration period() {
    return Duration.millis(period);
  }

  /** Whether every timestamp is in exactly one window (tumbling windows, or all time). */
  boolean oneWindowPerTimestamp() {
    return allTime || period == size;
  }

  /**
   * The start of the latest window that holds {@code timestamp}: with {@link
   * #oneWindowPerTimestamp}, the only one.
   */
  long latestStart(long timestamp) {
    // floorMod keeps this right for timestamps before the epoch.
    return allTime ? ALL_TIME_START : timestamp - Math.floorMod(timestamp, period);
  }

  /** Calls {@code start} with the start of every window that holds {@code timestamp}. */
  void startsOf(long timestamp, LongConsumer start) {
    if (allTime) {
      start.accept(ALL_TIME_START);
      return;
    }
    // The latest window holding the timestamp starts at the period boundary at or before it;
    // earlier ones follow every period back while they still reach past the timestamp.
    for (long s = latestStart(timestamp); s > timestamp - size; s -= period) {
      start.accept(s);
    }
  }

  /**
   * The last instant of the window starting at {@code start}, no later than the end of Beam's
   * global window: the timestamp of its results.
   */
  long lastInstant(long start) {
    return Math.min(end(start), ALL_TIME_END) - 1;
  }

  /** The exclusive end of the window starting at {@code start}. */
  long end(long start) {
    return allTime ? ALL_TIME_END : start + size;
  }
}
