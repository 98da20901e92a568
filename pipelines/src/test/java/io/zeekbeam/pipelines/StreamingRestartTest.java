package io.zeekbeam.pipelines;

import static io.zeekbeam.pipelines.StreamingKafkaTest.cancel;
import static io.zeekbeam.pipelines.StreamingKafkaTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.schemas.LogType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming job cancelled abruptly mid-stream and started again as a new job with the same
 * consumer group, over a real broker on Flink's local cluster: what the README promises about
 * such a restart. The new job resumes from the offsets the group committed at the last completed
 * checkpoint, with empty state: every record is read by one of the two jobs, the records after
 * that commit by both (the duplicates), and a window open at the stop loses the records read
 * before the commit.
 */
class StreamingRestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WINDOW_MS = 5 * 60_000L;
  private static final DateTimeFormatter WINDOW_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String GROUP = "restart";
  private static final String TOPIC = "r-conn";

  @TempDir static Path tmp;
  static InJvmKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = InJvmKafka.start();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** A conn record to publish: its uid, event time and Kafka value; where it went once sent. */
  private static final class Conn {
    final String uid;
    final long ms;
    final String text;
    int partition = -1;
    long offset = -1;

    Conn(String uid, long ms, String text) {
      this.uid = uid;
      this.ms = ms;
      this.text = text;
    }

    String window() {
      return WINDOW_TIME.format(Instant.ofEpochMilli(ms - ms % WINDOW_MS));
    }
  }

  @Test
  void everyRecordSurvivesACancelAndRestartAndOnlyRecordsAfterTheLastCommitAreReadTwice()
      throws Exception {
    Path logs = SamplesDirectAndFlinkTest.SAMPLES.resolve("logs");
    String connFiles;
    try (var list = Files.list(logs)) {
      connFiles =
          list.filter(f -> f.getFileName().toString().startsWith("conn."))
              .sorted()
              .map(Path::toString)
              .collect(Collectors.joining(","));
    }
    Path batchOut = tmp.resolve("batch");
    RunOptions batch =
        options(
            "--input=" + connFiles,
            "--output=" + batchOut,
            "--analytics=inbound,bytes-by-service",
            "--runner=FlinkRunner");
    assertEquals(
        PipelineResult.State.DONE,
        BatchPipeline.run(batch, BatchPipeline.plan(batch)).waitUntilFinish());
    Map<String, List<String>> expected = OutputFolders.read(batchOut);

    // In event-time order, so that no record is late, and cut at a window boundary.
    List<Conn> conns = new ArrayList<>();
    for (SampleRecords.Value v : SampleRecords.read(logs)) {
      JsonNode row = v.type == LogType.CONN && v.text.startsWith("{") ? JSON.readTree(v.text) : null;
      if (row != null && row.hasNonNull("uid") && row.hasNonNull("ts")) {
        conns.add(
            new Conn(
                row.get("uid").asText(),
                new BigDecimal(row.get("ts").asText()).movePointRight(3).longValue(),
                v.text));
      }
    }
    conns.sort(Comparator.comparingLong(c -> c.ms));
    assertEquals(conns.size(), conns.stream().map(c -> c.uid).distinct().count(), "unique uids");
    long median = conns.get(conns.size() / 2).ms;
    long cut = median - median % WINDOW_MS;
    int firstOfSecond = 0;
    while (conns.get(firstOfSecond).ms < cut) {
      firstOfSecond++;
    }
    List<Conn> first = conns.subList(0, firstOfSecond);
    List<Conn> second = conns.subList(firstOfSecond, conns.size());

    kafka.createTopics(Map.of(TOPIC, 2));
    KafkaProducer<String, String> producer = kafka.producer();
    try {
      publish(producer, first, 0);

      PipelineResult run1 = StreamingPipeline.run(streamOptions("r1-", "10m"), plan("r1-", "10m"));
      int trickled;
      try {
        waitForCommitted(sum -> sum >= first.size(), "the first part");
        // Mid-stream: records keep coming while a later checkpoint commits some of them.
        AtomicBoolean stop = new AtomicBoolean();
        int[] sent = {0};
        Thread trickle =
            new Thread(
                () -> {
                  try {
                    for (Conn c : second) {
                      if (stop.get()) {
                        break;
                      }
                      publish(producer, List.of(c), first.size() + sent[0]);
                      sent[0]++;
                      Thread.sleep(2);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        trickle.start();
        waitForCommitted(sum -> sum > first.size() + 50, "part of the second part");
        cancel(run1);
        stop.set(true);
        trickle.join();
        trickled = sent[0];
      } finally {
        cancel(run1);
      }
      assertTrue(trickled < second.size(), "cancelled before the second part was all sent");
      // A commit requested by the last checkpoint may still reach the broker while the job stops.
      Thread.sleep(1000);
      Map<Integer, Long> committed = kafka.committed(GROUP, TOPIC);
      publish(producer, second.subList(trickled, second.size()), first.size() + trickled);

      long resumed = committed.values().stream().mapToLong(Long::longValue).sum();
      int published = conns.size();
      PipelineResult run2 = StreamingPipeline.run(streamOptions("r2-", "2s"), plan("r2-", "2s"));
      List<ConsumerRecord<String, String>> read;
      long last = conns.get(published - 1).ms;
      String lastEnd = WINDOW_TIME.format(Instant.ofEpochMilli(last - last % WINDOW_MS + WINDOW_MS));
      try {
        read =
            kafka.readUntil(
                List.of(
                    "r1-conn",
                    "r1-inbound",
                    "r1-bytes-by-service",
                    "r2-conn",
                    "r2-inbound",
                    "r2-bytes-by-service"),
                Duration.ofSeconds(60),
                r ->
                    r.stream().filter(c -> c.topic().equals("r2-conn")).count()
                            >= published - resumed
                        && r.stream()
                            .anyMatch(
                                c ->
                                    c.topic().equals("r2-bytes-by-service")
                                        && c.value().contains("\"WINDOW_END\":\"" + lastEnd + "\"")));
      } finally {
        cancel(run2);
      }
      // The condition above may hold before the first job's topics were fetched to their end.
      read =
          kafka.readAll(
              List.of(
                  "r1-conn",
                  "r1-inbound",
                  "r1-bytes-by-service",
                  "r2-conn",
                  "r2-inbound",
                  "r2-bytes-by-service",
                  "r1-dead-letter",
                  "r2-dead-letter"),
              Duration.ofSeconds(30));

      Map<String, Conn> byUid = new HashMap<>();
      conns.forEach(c -> byUid.put(c.uid, c));
      List<String> read1 = uids(read, "r1-conn");
      List<String> read2 = uids(read, "r2-conn");
      Set<String> afterCommit = new HashSet<>();
      for (Conn c : conns) {
        if (c.offset >= committed.getOrDefault(c.partition, 0L)) {
          afterCommit.add(c.uid);
        }
      }
      // The restarted job reads exactly the records from the committed offsets on, once each.
      assertEquals(published - resumed, read2.size(), "records read by the restarted job");
      assertEquals(afterCommit, new HashSet<>(read2));
      // The first job read everything before the commit; what it read after it is read twice.
      Set<String> duplicates = new HashSet<>(read1);
      duplicates.retainAll(afterCommit);
      Set<String> beforeCommit = new HashSet<>(byUid.keySet());
      beforeCommit.removeAll(afterCommit);
      Set<String> unwritten = new HashSet<>(beforeCommit);
      unwritten.removeAll(read1);
      Set<String> inboundOf1 = new HashSet<>();
      for (ConsumerRecord<String, String> r : read) {
        if (r.topic().equals("r1-inbound")) {
          inboundOf1.add(JSON.readTree(r.value()).get("uid").asText());
        }
      }
      String diagnosis =
          String.format(
              "published %d (first part %d, trickled %d), committed %s, first job wrote %d parsed"
                  + " (%d inbound), second %d; committed but not written by the first job: %d, of"
                  + " which in the first part %d, offsets %s",
              published, first.size(), trickled, committed, read1.size(), inboundOf1.size(),
              read2.size(), unwritten.size(),
              first.stream().filter(c -> unwritten.contains(c.uid)).count(),
              unwritten.stream()
                  .map(u -> byUid.get(u).partition + "@" + byUid.get(u).offset)
                  .sorted()
                  .limit(20)
                  .collect(Collectors.toList()));
      assertTrue(unwritten.isEmpty(), diagnosis);
      assertEquals(read1.size(), new HashSet<>(read1).size(), "first job read each record once");
      assertTrue(read1.size() + read2.size() >= published, "every record read");
      assertEquals(read1.size() + read2.size() - published, duplicates.size(), "duplicates");

      // inbound, a stream: every row at least once, and twice only for a record read twice.
      Map<String, Integer> want = counts(expected.get("inbound"));
      Map<String, Integer> got = new TreeMap<>();
      for (ConsumerRecord<String, String> r : read) {
        if (r.topic().endsWith("-inbound")) {
          got.merge(JSON.readTree(r.value()).get("uid").asText(), 1, Integer::sum);
        }
      }
      assertEquals(want.keySet(), got.keySet(), "inbound, duplicates removed");
      for (Map.Entry<String, Integer> e : got.entrySet()) {
        int extra = e.getValue() - want.get(e.getKey());
        assertTrue(
            extra == 0 || (extra == 1 && duplicates.contains(e.getKey())),
            "inbound " + e.getKey() + " x" + e.getValue());
      }

      // bytes-by-service, a table. The new job starts with empty state: a window whose records
      // all follow the commit is whole; one whose records all precede it is whole if it closed
      // before the stop and absent otherwise; one with records on both sides holds only those
      // after the commit (or the first job's value, if it closed before the stop and the second
      // job's did not come after it).
      Map<String, boolean[]> sides = new HashMap<>();
      for (Conn c : conns) {
        sides.computeIfAbsent(c.window(), w -> new boolean[2])[afterCommit.contains(c.uid) ? 1 : 0] =
            true;
      }
      Map<String, Long> batchSums = sums(expected.get("bytes-by-service"));
      Map<String, Long> streamSums = new TreeMap<>();
      for (String prefix : List.of("r1-", "r2-")) {
        for (ConsumerRecord<String, String> r : read) {
          if (r.topic().equals(prefix + "bytes-by-service")) {
            streamSums.putAll(sums(List.of(r.value())));
          }
        }
      }
      assertTrue(batchSums.keySet().containsAll(streamSums.keySet()), "no key batch lacks");
      int whole = 0;
      int lost = 0;
      int short_ = 0;
      for (Map.Entry<String, Long> e : batchSums.entrySet()) {
        boolean[] side = sides.get(JSON.readTree(e.getKey()).get("WINDOW_START").asText());
        Long s = streamSums.get(e.getKey());
        if (!side[0]) {
          assertEquals(e.getValue(), s, e.getKey());
        } else if (!side[1]) {
          assertTrue(s == null || s.equals(e.getValue()), e.getKey() + ": " + s);
        } else {
          assertTrue(s == null || s <= e.getValue(), e.getKey() + ": " + s);
        }
        if (s == null) {
          lost++;
        } else if (s < e.getValue()) {
          short_++;
        } else {
          whole++;
        }
      }
      long late = read.stream().filter(r -> r.topic().endsWith("dead-letter")).count();
      assertEquals(0, late, "dead letters");
      assertTrue(whole > 0, "whole windows");
      System.out.printf(
          "restart: %d published, %d read by the first job, %d by the second (%d duplicates);"
              + " bytes-by-service: %d rows whole, %d short, %d lost%n",
          published, read1.size(), read2.size(), duplicates.size(), whole, short_, lost);
      assertFalse(read2.isEmpty());
    } finally {
      producer.close();
    }
  }

  private static StreamingPipeline.Plan plan(String prefix, String flushAfter) {
    return StreamingPipeline.plan(streamOptions(prefix, flushAfter));
  }

  /**
   * The first job's pauses are not the end of the input, so it flushes no window ({@code
   * flushAfter} 10m): its last windows close only when later records move the watermark, and none
   * of the second part is late. The second job reads to the end and flushes after 2 s.
   */
  private static RunOptions streamOptions(String prefix, String flushAfter) {
    return options(
        "--source=kafka",
        "--bootstrapServers=" + kafka.bootstrapServers(),
        "--connTopic=" + TOPIC,
        "--dnsTopic=",
        "--httpTopic=",
        "--sslTopic=",
        "--x509Topic=",
        "--syslogTopic=",
        "--analytics=inbound,bytes-by-service",
        "--writeParsed",
        "--topicPrefix=" + prefix,
        "--groupId=" + GROUP,
        "--checkpointingInterval=1000",
        "--idleAfter=1s",
        "--flushAfter=" + flushAfter,
        "--runner=FlinkRunner",
        "--parallelism=1",
        "--attachedMode=false");
  }

  /** Sends {@code conns} alternating between the partitions (from the {@code n}-th record). */
  private static void publish(KafkaProducer<String, String> producer, List<Conn> conns, int n)
      throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (int i = 0; i < conns.size(); i++) {
      sent.add(producer.send(new ProducerRecord<>(TOPIC, (n + i) % 2, null, conns.get(i).text)));
    }
    for (int i = 0; i < conns.size(); i++) {
      RecordMetadata m = sent.get(i).get();
      conns.get(i).partition = m.partition();
      conns.get(i).offset = m.offset();
    }
  }

  private static void waitForCommitted(java.util.function.LongPredicate done, String what)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      long sum = kafka.committed(GROUP, TOPIC).values().stream().mapToLong(Long::longValue).sum();
      if (done.test(sum)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no checkpoint committed the offsets of " + what + " within 60 s");
  }

  private static List<String> uids(List<ConsumerRecord<String, String>> read, String topic)
      throws Exception {
    List<String> uids = new ArrayList<>();
    for (ConsumerRecord<String, String> r : read) {
      if (r.topic().equals(topic)) {
        uids.add(JSON.readTree(r.value()).get("uid").asText());
      }
    }
    return uids;
  }

  private static Map<String, Integer> counts(List<String> rows) throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    for (String row : rows) {
      counts.merge(JSON.readTree(row).get("uid").asText(), 1, Integer::sum);
    }
    return counts;
  }

  /** bytes-by-service rows as key (every column but the sum, as JSON) to sum. */
  private static Map<String, Long> sums(List<String> rows) throws Exception {
    Map<String, Long> sums = new TreeMap<>();
    for (String row : rows) {
      com.fasterxml.jackson.databind.node.ObjectNode node =
          (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(row);
      long sum = node.remove("SUM_BYTES").asLong();
      sums.put(JSON.writeValueAsString(node), sum);
    }
    return sums;
  }
}
