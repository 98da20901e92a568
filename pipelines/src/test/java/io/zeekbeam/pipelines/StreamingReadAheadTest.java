package io.zeekbeam.pipelines;

import static io.zeekbeam.pipelines.StreamingKafkaTest.cancel;
import static io.zeekbeam.pipelines.StreamingKafkaTest.options;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.pipelines.streaming.ReadAhead;
import io.zeekbeam.schemas.LogType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --maxReadAhead} over a real broker on Flink's local cluster: a job catching up a backlog
 * of conn, dns and syslog keeps every partition within the limit (plus what one poll brings) of the
 * slowest partition that still has records to read; without the limit the small topics run more
 * than an hour ahead of conn.
 *
 * <p>The samples span 2 hours 9 minutes; each poll brings one record, so the partitions are read
 * in many small steps and the spread between them is sampled while they are read. A partition is
 * paused only once a record has taken it past the limit, and the reader holds a record or two
 * polled before that was seen, so the bound is the limit plus the largest step in event time that
 * {@value #IN_FLIGHT} successive records of one partition take (computed from the records
 * published).
 */
class StreamingReadAheadTest {
  private static final long MINUTE = 60_000;
  private static final int IN_FLIGHT = 3;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<LogType> TYPES = List.of(LogType.CONN, LogType.DNS, LogType.SYSLOG);

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

  @Test
  void partitionsStayWithinTheLimitWhileCatchingUp() throws Exception {
    Spread spread = largestSpread("ra-on-", "5m");
    assertTrue(spread.largest > 0, "nothing sampled");
    assertTrue(
        spread.largest <= 5 * MINUTE + spread.step,
        "with --maxReadAhead=5m a partition ran "
            + spread.largest / 1000
            + " s ahead; the limit and the largest step of "
            + IN_FLIGHT
            + " records allow "
            + (5 * MINUTE + spread.step) / 1000
            + " s");
  }

  @Test
  void withoutTheLimitTheSmallTopicsRunFarAhead() throws Exception {
    Spread spread = largestSpread("ra-off-", "none");
    assertTrue(
        spread.largest >= 60 * MINUTE,
        "without a limit the largest spread was only " + spread.largest / MINUTE + " min");
  }

  /**
   * Publishes the samples' conn, dns and syslog records to topics named {@code prefix} + type, runs
   * the streaming job from earliest with {@code maxReadAhead}, and returns the largest spread seen
   * between a partition's largest event time and that of the slowest partition with records left,
   * with the largest step in event time of {@link #IN_FLIGHT} successive records of a partition.
   */
  private static Spread largestSpread(String prefix, String maxReadAhead) throws Exception {
    Map<LogType, String> topics = new EnumMap<>(LogType.class);
    for (LogType t : TYPES) {
      topics.put(t, prefix + t.id());
      kafka.createTopics(Map.of(prefix + t.id(), 2));
    }
    int n = 0;
    Map<String, List<Long>> largestSoFar = new HashMap<>();
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (SampleRecords.Value v :
          SampleRecords.read(SamplesDirectAndFlinkTest.SAMPLES.resolve("logs"))) {
        if (topics.containsKey(v.type)) {
          int partition = n % 2;
          producer.send(new ProducerRecord<>(topics.get(v.type), partition, null, v.text));
          n++;
          Long time = eventTime(v);
          if (time != null) {
            List<Long> seen =
                largestSoFar.computeIfAbsent(v.type + "/" + partition, k -> new ArrayList<>());
            seen.add(seen.isEmpty() ? time : Math.max(time, seen.get(seen.size() - 1)));
          }
        }
      }
      producer.flush();
    }
    long step = 0;
    for (List<Long> seen : largestSoFar.values()) {
      for (int i = 0; i + IN_FLIGHT < seen.size(); i++) {
        step = Math.max(step, seen.get(i + IN_FLIGHT) - seen.get(i));
      }
    }
    Path properties = tmp.resolve(prefix + "client.properties");
    Files.writeString(properties, "max.poll.records=1\n");
    RunOptions stream =
        options(
            "--source=kafka",
            "--sink=files",
            "--output=" + tmp.resolve(prefix + "out"),
            "--bootstrapServers=" + kafka.bootstrapServers(),
            "--connTopic=" + topics.get(LogType.CONN),
            "--dnsTopic=" + topics.get(LogType.DNS),
            "--syslogTopic=" + topics.get(LogType.SYSLOG),
            "--httpTopic=",
            "--sslTopic=",
            "--x509Topic=",
            "--analytics=rich-dns,ssh-brute-force",
            "--groupId=" + prefix + "group",
            "--startFrom=earliest",
            "--maxReadAhead=" + maxReadAhead,
            "--kafkaProperties=" + properties,
            "--runner=FlinkRunner",
            "--parallelism=2",
            "--stateDir=none",
            "--attachedMode=false");
    PipelineResult result = StreamingPipeline.run(stream, StreamingPipeline.plan(stream));
    long largest = 0;
    try {
      long deadline = System.nanoTime() + 90_000_000_000L;
      while (System.nanoTime() < deadline) {
        long most = Long.MIN_VALUE;
        long slowest = Long.MAX_VALUE;
        boolean allRead = true;
        int partitions = 0;
        for (LogType t : TYPES) {
          for (Map.Entry<TopicPartition, long[]> e : ReadAhead.readSoFar(topics.get(t)).entrySet()) {
            partitions++;
            long read = e.getValue()[0];
            long backlog = e.getValue()[1];
            if (read != Long.MIN_VALUE) {
              most = Math.max(most, read);
              if (backlog > 0) {
                slowest = Math.min(slowest, read);
              }
            }
            allRead &= backlog == 0;
          }
        }
        if (most != Long.MIN_VALUE && slowest != Long.MAX_VALUE) {
          largest = Math.max(largest, most - slowest);
        }
        if (partitions == 2 * TYPES.size() && allRead) {
          break;
        }
        Thread.sleep(2);
      }
    } finally {
      cancel(result);
    }
    System.out.printf(
        "--maxReadAhead=%s: largest spread %d s, largest step of %d records %d s%n",
        maxReadAhead, largest / 1000, IN_FLIGHT, step / 1000);
    return new Spread(largest, step);
  }

  private static final class Spread {
    final long largest;
    final long step;

    Spread(long largest, long step) {
      this.largest = largest;
      this.step = step;
    }
  }

  /** The event time of a sample record in ms (Zeek's ts, the syslog line's ISO time), or null. */
  private static Long eventTime(SampleRecords.Value v) {
    try {
      if (v.type == LogType.SYSLOG) {
        return OffsetDateTime.parse(v.text.substring(0, v.text.indexOf(' ')))
            .toInstant()
            .toEpochMilli();
      }
      JsonNode ts = JSON.readTree(v.text).get("ts");
      return ts == null ? null : Math.round(ts.asDouble() * 1000);
    } catch (Exception e) {
      return null; // a planted broken record: it moves no partition's event time
    }
  }
}
