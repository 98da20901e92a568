package io.zeekbeam.pipelines.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which partitions {@link ReadAhead} pauses, from what each has read. */
class ReadAheadTest {
  private static final long MINUTE = 60_000;
  private static final TopicPartition CONN0 = new TopicPartition("conn", 0);
  private static final TopicPartition CONN1 = new TopicPartition("conn", 1);
  private static final TopicPartition DNS0 = new TopicPartition("dns", 0);
  private static final TopicPartition SYSLOG0 = new TopicPartition("syslog", 0);

  private final Map<TopicPartition, ReadAhead.Progress> run = new HashMap<>();

  private void read(TopicPartition tp, long largest, long backlog) {
    read(tp, largest, backlog, System.nanoTime());
  }

  private void read(TopicPartition tp, long largest, long backlog, long createdNanos) {
    ReadAhead.Progress p = new ReadAhead.Progress(createdNanos);
    p.largest = largest;
    p.backlog = backlog;
    run.put(tp, p);
  }

  private List<TopicPartition> pause(TopicPartition... assigned) {
    return ReadAhead.toPause(run, List.of(assigned), 5 * MINUTE);
  }

  @Test
  void aPartitionFurtherThanTheLimitPastTheSlowestLaggingOneWaits() {
    read(CONN0, 10 * MINUTE, 1_000);
    read(CONN1, 12 * MINUTE, 1_000);
    read(DNS0, 16 * MINUTE, 500);
    read(SYSLOG0, 15 * MINUTE, 500);
    // The slowest partition with records left is conn/0 at 10 min: dns/0 is 6 min past it.
    assertEquals(List.of(DNS0), pause(DNS0));
    assertEquals(List.of(), pause(SYSLOG0)); // exactly 5 min past: within the limit
    assertEquals(List.of(), pause(CONN0, CONN1));
    // One consumer holding both: only the partition ahead is paused, never the slowest.
    assertEquals(List.of(DNS0), pause(CONN0, DNS0));
  }

  @Test
  void partitionsReadToTheirEndHoldNoOneBack() {
    // conn/0 is far behind but has nothing left: a live feed, nothing to wait for.
    read(CONN0, 0, 0);
    read(DNS0, 60 * MINUTE, 100);
    assertEquals(List.of(), pause(DNS0));
    // Nor does one whose backlog is not known but which has read something.
    read(CONN0, 0, -1);
    assertEquals(List.of(), pause(DNS0));
    // But one that has read nothing and does not know its backlog yet is about to start.
    read(CONN0, Long.MIN_VALUE, -1);
    assertEquals(List.of(DNS0), pause(DNS0));
  }

  @Test
  void aPartitionReadToItsEndFarAheadWaitsForALaggingOne() {
    read(CONN0, 0, 10_000);
    read(DNS0, 60 * MINUTE, 0);
    assertEquals(List.of(DNS0), pause(DNS0, CONN0));
  }

  @Test
  void aLaggingPartitionThatHasReadNothingYetHoldsBackEveryoneThatHas() {
    read(CONN0, Long.MIN_VALUE, 10_000);
    read(DNS0, 0, 100);
    assertEquals(List.of(DNS0), pause(DNS0, CONN0));
    // A partition that has read nothing is never paused.
    read(DNS0, Long.MIN_VALUE, 100);
    assertEquals(List.of(), pause(DNS0, CONN0));
  }

  @Test
  void aPartitionThatNeverLearnsItsBacklogStopsHoldingTheOthersBack() {
    read(CONN0, Long.MIN_VALUE, -1, System.nanoTime() - ReadAhead.STARTING_NANOS - 1);
    read(DNS0, 60 * MINUTE, 100);
    assertEquals(List.of(), pause(DNS0));
  }

  @Test
  void partitionsOfOtherRunsAndUnknownPartitionsAreNotPaused() {
    read(CONN0, 0, 10_000);
    assertEquals(List.of(), pause(new TopicPartition("other", 0)));
  }
}
