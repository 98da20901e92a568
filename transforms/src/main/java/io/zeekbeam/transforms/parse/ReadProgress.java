package io.zeekbeam.transforms.parse;

import java.util.concurrent.atomic.LongAdder;

/**
 * How far the file readers of this JVM have got: files started and finished, bytes and records
 * read. Beam metrics are only readable once a batch job is done, so a progress line during the run
 * needs a counter it can read at any time; this is it. It is JVM-wide and static, so it sees the
 * workers of the embedded runners (Direct, Flink's local cluster), which share the JVM of the
 * command line, and nothing of a remote cluster's. Readers add once every {@link #FLUSH_EVERY}
 * lines and at the end of each file, so a read line costs a local increment, not a contended write.
 * Records are counted as {@link InputCounters} counts them (lines that are neither blank nor a
 * header).
 */
public final class ReadProgress {
  /** Lines a reader reads before adding its counts here. */
  public static final int FLUSH_EVERY = 4096;

  private static final LongAdder FILES_STARTED = new LongAdder();
  private static final LongAdder FILES_DONE = new LongAdder();
  private static final LongAdder BYTES = new LongAdder();
  private static final LongAdder RECORDS = new LongAdder();

  private ReadProgress() {}

  /** A reading of the counters at one moment. */
  public static final class Snapshot {
    public final long filesStarted;
    public final long filesDone;
    public final long bytes;
    public final long records;

    public Snapshot(long filesStarted, long filesDone, long bytes, long records) {
      this.filesStarted = filesStarted;
      this.filesDone = filesDone;
      this.bytes = bytes;
      this.records = records;
    }
  }

  public static Snapshot snapshot() {
    return new Snapshot(FILES_STARTED.sum(), FILES_DONE.sum(), BYTES.sum(), RECORDS.sum());
  }

  /** Sets every counter to zero, at the start of a run (a JVM may run several, as tests do). */
  public static void reset() {
    FILES_STARTED.reset();
    FILES_DONE.reset();
    BYTES.reset();
    RECORDS.reset();
  }

  public static void fileStarted() {
    FILES_STARTED.increment();
  }

  public static void fileDone() {
    FILES_DONE.increment();
  }

  public static void add(long bytes, long records) {
    BYTES.add(bytes);
    RECORDS.add(records);
  }
}
