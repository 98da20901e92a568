package io.zeekbeam.pipelines.kafka;

import java.io.IOException;
import java.time.ZoneOffset;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What {@code zeekbeam replay} publishes from some log files, in the same event-time order, as a
 * stream the caller sends itself: for a producer with its own pacing (the streaming benchmark
 * sends at a fixed number of records a second and notes when each one left).
 *
 * <p>Year-less syslog lines take the files' modification year and UTC, as replay's defaults do.
 */
public final class ReplayStream implements AutoCloseable {
  /** One record: its topic (the input type, before any prefix), key, value and event time. */
  public record Event(String type, @Nullable String key, String value, long timestampMillis) {}

  private final EventTimeMerge merge;

  private ReplayStream(EventTimeMerge merge) {
    this.merge = merge;
  }

  /** Opens the files (Zeek logs or syslog, as replay reads them) with replay's reorder buffer. */
  public static ReplayStream open(List<String> files, long reorderMillis, int reorderRecords)
      throws IOException {
    EventTimeMerge merge = new EventTimeMerge(reorderMillis, reorderRecords);
    try {
      for (String f : files) {
        merge.add(LogFileEvents.open(f, new ReplayCounts(), null, ZoneOffset.UTC));
      }
    } catch (IOException | RuntimeException e) {
      merge.close();
      throw e;
    }
    return new ReplayStream(merge);
  }

  /** The next record in event-time order, or null at the end of every file. */
  public @Nullable Event next() throws IOException {
    LogEvent e = merge.next();
    return e == null ? null : new Event(e.type.id(), e.key, e.value, e.timestampMillis);
  }

  @Override
  public void close() throws IOException {
    merge.close();
  }
}
