package io.zeekbeam.pipelines.cli;

import io.zeekbeam.pipelines.RunSummary;
import io.zeekbeam.transforms.parse.ReadProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The progress of a batch run on stderr, read from {@link ReadProgress}: on a terminal one line
 * rewritten in place every 2 seconds, elsewhere (a log file, a pipe) a plain line every 10 seconds
 * so that a log is not flooded. {@link #stop} clears the line before the summary is printed.
 */
final class ProgressLine implements AutoCloseable {
  static final long TERMINAL_INTERVAL_MS = 2_000;
  static final long PLAIN_INTERVAL_MS = 10_000;

  private final PrintStream err;
  private final boolean terminal;
  private final long totalFiles;
  private final Supplier<ReadProgress.Snapshot> progress;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private long lastNanos;
  private long lastRecords;
  private int lastWidth;
  private boolean stopped;
  private Thread thread;

  ProgressLine(
      PrintStream err,
      boolean terminal,
      long totalFiles,
      Supplier<ReadProgress.Snapshot> progress,
      LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.totalFiles = totalFiles;
    this.progress = progress;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.lastNanos = startNanos;
  }

  /** A progress line for this JVM's readers, started now. */
  static ProgressLine start(PrintStream err, boolean terminal, long totalFiles) {
    return start(err, terminal, totalFiles, terminal ? TERMINAL_INTERVAL_MS : PLAIN_INTERVAL_MS);
  }

  static ProgressLine start(PrintStream err, boolean terminal, long totalFiles, long intervalMs) {
    ProgressLine line =
        new ProgressLine(err, terminal, totalFiles, ReadProgress::snapshot, System::nanoTime);
    Thread t =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.sleep(intervalMs);
                  line.print();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "zeekbeam-progress");
    // A daemon, so that a run that ends in an exception never waits for the progress line.
    t.setDaemon(true);
    line.thread = t;
    t.start();
    return line;
  }

  /** The text of the progress now; the records/s are those since the previous call. */
  synchronized String text() {
    ReadProgress.Snapshot s = progress.get();
    long now = nanoTime.getAsLong();
    double seconds = (now - lastNanos) / 1e9;
    long rate = seconds > 0 ? Math.round((s.records - lastRecords) / seconds) : 0;
    lastNanos = now;
    lastRecords = s.records;
    long elapsed = (now - startNanos) / 1_000_000_000L;
    return String.format(
        Locale.ROOT,
        "zeekbeam: %d/%d files, %s, %,d records (%,d records/s), %d:%02d elapsed",
        s.filesDone,
        totalFiles,
        RunSummary.humanBytes(s.bytes),
        s.records,
        rate,
        elapsed / 60,
        elapsed % 60);
  }

  synchronized void print() {
    if (stopped) {
      return;
    }
    String t = text();
    if (terminal) {
      // Spaces over whatever the previous, longer line left behind; no terminal codes needed.
      err.print("\r" + t + " ".repeat(Math.max(0, lastWidth - t.length())));
      lastWidth = Math.max(lastWidth, t.length());
    } else {
      err.println(t);
    }
    err.flush();
  }

  /** Stops the updates and, on a terminal, clears the line so that the summary starts clean. */
  synchronized void stop() {
    stopped = true;
    if (thread != null) {
      thread.interrupt();
      thread = null;
    }
    if (terminal && lastWidth > 0) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
      lastWidth = 0;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
