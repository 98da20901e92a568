package io.zeekbeam.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zeekbeam.schemas.LogType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/** The k-way merge with a reorder buffer per file. */
class EventTimeMergeTest {
  /** A file whose records have these event times, in this order. */
  private static final class FakeFile implements EventTimeMerge.Source {
    final Deque<LogEvent> events = new ArrayDeque<>();
    int read;
    boolean closed;

    FakeFile(String name, long... times) {
      long line = 0;
      for (long t : times) {
        line++;
        events.add(new LogEvent(LogType.CONN, null, name + t, t, line));
      }
    }

    @Override
    public @Nullable LogEvent next() {
      LogEvent e = events.poll();
      if (e != null) {
        read++;
      }
      return e;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static List<String> drain(EventTimeMerge merge) throws Exception {
    List<String> out = new ArrayList<>();
    for (LogEvent e = merge.next(); e != null; e = merge.next()) {
      out.add(e.value);
    }
    return out;
  }

  @Test
  void mergesFilesAndReordersWithinTheWindow() throws Exception {
    EventTimeMerge merge = new EventTimeMerge(100, 1000);
    // conn-like: records written at the end of the connection, up to 60 behind.
    merge.add(new FakeFile("a", 50, 10, 120, 70, 200, 150, 300));
    merge.add(new FakeFile("b", 20, 60, 130, 250));
    assertEquals(
        List.of("a10", "b20", "a50", "b60", "a70", "a120", "b130", "a150", "a200", "b250", "a300"),
        drain(merge));
  }

  @Test
  void aRecordFurtherBehindThanTheWindowGoesOutLateNotLost() throws Exception {
    EventTimeMerge merge = new EventTimeMerge(100, 1000);
    merge.add(new FakeFile("a", 100, 150, 250, 400, 20, 500));
    assertEquals(List.of("a100", "a150", "a250", "a20", "a400", "a500"), drain(merge));
  }

  @Test
  void theBufferIsBoundedInRecords() throws Exception {
    EventTimeMerge merge = new EventTimeMerge(1_000_000, 2);
    merge.add(new FakeFile("a", 3, 2, 1, 0));
    // With room for two, 1 and 0 arrive after 2 has had to go.
    assertEquals(List.of("a2", "a1", "a0", "a3"), drain(merge));
  }

  @Test
  void aLaterFileIsOnlyReadOnceTheMergeReachesItsTime() throws Exception {
    EventTimeMerge merge = new EventTimeMerge(10, 1000);
    FakeFile early = new FakeFile("a", 1, 2, 3, 4, 5);
    FakeFile late = new FakeFile("b", 1000, 1001, 1002, 1003);
    merge.add(early);
    merge.add(late);
    assertEquals(1, late.read);
    for (int i = 0; i < 5; i++) {
      merge.next();
    }
    assertEquals(1, late.read);
    assertEquals(List.of("b1000", "b1001", "b1002", "b1003"), drain(merge));
    merge.close();
    assertEquals(true, early.closed && late.closed);
  }

  @Test
  void tiesKeepFileThenLineOrder() throws Exception {
    EventTimeMerge merge = new EventTimeMerge(10, 1000);
    merge.add(new FakeFile("a", 5, 5));
    merge.add(new FakeFile("b", 5));
    assertEquals(List.of("a5", "a5", "b5"), drain(merge));
  }
}
