package io.zeekbeam.pipelines.kafka;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Merges the records of many files into one stream in event-time order, reading each file once,
 * lazily (a k-way merge; nothing is loaded whole).
 *
 * <p>Records within a file are only mostly in order: Zeek writes a connection when it ends, so a
 * {@code conn} record's {@code ts} (its start) can lie minutes before the record above it. Each
 * file therefore goes through a reorder buffer: a record leaves it only once the file has shown a
 * record at least {@code reorderMillis} newer, or when the buffer holds {@code reorderRecords}
 * records, or at the end of the file. Output is in exact event-time order for every record that
 * is less than the window behind the newest one of its file; a record further behind goes out as
 * soon as it is read (late, never dropped), and the caller counts it.
 *
 * <p>A file is only buffered once the merge reaches its time: until then it has read one record,
 * whose time minus the window is a lower bound of anything the file can still give. So a day of
 * hourly archives costs an open file each, not a buffer each.
 */
final class EventTimeMerge implements AutoCloseable {
  /** A file's records in file order. */
  interface Source extends AutoCloseable {
    @Nullable LogEvent next() throws IOException;

    @Override
    void close() throws IOException;
  }

  private static final Comparator<LogEvent> BY_TIME =
      Comparator.<LogEvent>comparingLong(e -> e.timestampMillis).thenComparingLong(e -> e.line);

  private final long reorderMillis;
  private final int reorderRecords;
  private final List<Buffered> all = new ArrayList<>();
  private final PriorityQueue<Buffered> queue =
      new PriorityQueue<>(
          Comparator.<Buffered>comparingLong(b -> b.key).thenComparingInt(b -> b.index));

  EventTimeMerge(long reorderMillis, int reorderRecords) {
    if (reorderMillis < 0 || reorderRecords < 1) {
      throw new IllegalArgumentException("reorder window and buffer must be positive");
    }
    this.reorderMillis = reorderMillis;
    this.reorderRecords = reorderRecords;
  }

  /** Adds a file; its first record is read now. Files added first win ties in event time. */
  void add(Source source) throws IOException {
    Buffered b = new Buffered(source, all.size());
    all.add(b);
    LogEvent first = source.next();
    if (first == null) {
      b.exhausted = true;
      return;
    }
    b.offer(first);
    b.key = first.timestampMillis - reorderMillis;
    queue.add(b);
  }

  /** The next record in event-time order, or null when every file is done. */
  @Nullable LogEvent next() throws IOException {
    while (!queue.isEmpty()) {
      Buffered b = queue.poll();
      if (!b.filled) {
        b.filled = true;
        b.fill();
        b.requeue();
        continue;
      }
      LogEvent e = b.heap.poll();
      b.fill();
      b.requeue();
      return e;
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Buffered b : all) {
      try {
        b.source.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private final class Buffered {
    final Source source;
    final int index;
    final PriorityQueue<LogEvent> heap = new PriorityQueue<>(BY_TIME);
    long newest = Long.MIN_VALUE;
    long key;
    boolean filled;
    boolean exhausted;

    Buffered(Source source, int index) {
      this.source = source;
      this.index = index;
    }

    void offer(LogEvent e) {
      heap.add(e);
      newest = Math.max(newest, e.timestampMillis);
    }

    /** Reads until the oldest buffered record is safe to release (or the buffer is full). */
    void fill() throws IOException {
      while (!exhausted
          && (heap.isEmpty()
              || (heap.size() < reorderRecords && newest - heap.peek().timestampMillis < reorderMillis))) {
        LogEvent e = source.next();
        if (e == null) {
          exhausted = true;
        } else {
          offer(e);
        }
      }
    }

    void requeue() {
      if (!heap.isEmpty()) {
        key = heap.peek().timestampMillis;
        queue.add(this);
      }
    }
  }
}
