package io.zeekbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.transforms.parse.ReadProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The progress line: what it says, how it rewrites itself on a terminal, and plain lines. */
class ProgressLineTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicReference<ReadProgress.Snapshot> now =
      new AtomicReference<>(new ReadProgress.Snapshot(0, 0, 0, 0));

  private String written() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void saysFilesBytesRateAndElapsedTime() {
    ProgressLine line = new ProgressLine(err, false, 8, now::get, nanos::get);
    now.set(new ReadProgress.Snapshot(3, 2, 5L << 20, 20_000));
    nanos.addAndGet(2_000_000_000L);
    assertEquals(
        "zeekbeam: 2/8 files, 5.0 MiB, 20,000 records (10,000 records/s), 0:02 elapsed",
        line.text());
    now.set(new ReadProgress.Snapshot(8, 8, 6L << 20, 21_000));
    nanos.addAndGet(63_000_000_000L);
    assertEquals(
        "zeekbeam: 8/8 files, 6.0 MiB, 21,000 records (16 records/s), 1:05 elapsed", line.text());
  }

  @Test
  void onATerminalRewritesOneLineAndClearsItAtTheEnd() {
    ProgressLine line = new ProgressLine(err, true, 2, now::get, nanos::get);
    now.set(new ReadProgress.Snapshot(1, 1, 2048, 1_000_000));
    nanos.addAndGet(1_000_000_000L);
    line.print();
    now.set(new ReadProgress.Snapshot(1, 1, 4096, 1_000_001));
    nanos.addAndGet(1_000_000_000L);
    line.print();
    line.stop();
    line.print();
    String out = written();
    assertFalse(out.contains("\n"), out);
    String[] frames = out.split("\r", -1);
    // "", first line, second line padded to the first's width, the blank, "" after the last \r.
    assertEquals(5, frames.length, out);
    assertTrue(frames[1].contains("1,000,000 records (1,000,000 records/s)"), frames[1]);
    assertTrue(frames[2].contains("(1 records/s)"), frames[2]);
    assertEquals(frames[1].length(), frames[2].length());
    assertTrue(frames[3].isBlank());
    assertEquals(frames[2].length(), frames[3].length());
    assertEquals("", frames[4]);
  }

  @Test
  void elsewherePrintsPlainLinesUntilStopped() throws InterruptedException {
    ReadProgress.reset();
    ReadProgress.fileStarted();
    ReadProgress.add(1024, 10);
    ProgressLine line = ProgressLine.start(err, false, 1, 20);
    Thread.sleep(200);
    line.stop();
    String out = written();
    Thread.sleep(100);
    assertEquals(out, written(), "nothing after stop");
    assertFalse(out.contains("\r"));
    assertTrue(out.lines().count() >= 2, out);
    out.lines()
        .forEach(l -> assertTrue(l.startsWith("zeekbeam: 0/1 files, 1.0 KiB, 10 records ("), l));
  }
}
