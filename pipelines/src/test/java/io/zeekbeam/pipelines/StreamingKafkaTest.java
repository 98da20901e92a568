package io.zeekbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.enrich.MmdbFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming pipeline on Flink's local cluster in streaming mode, over a real Kafka broker in
 * this JVM: the bundled samples published to the input topics give, per analytic, the final
 * results of the batch run over the same files; a record later than the allowed lateness reaches
 * the dead-letter topic with its topic, partition and offset.
 */
class StreamingKafkaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TABLES =
      Set.of("dns-lookups", "hostname-counts", "bytes-by-service", "ssh-brute-force");

  @TempDir static Path tmp;
  static InJvmKafka kafka;
  static MmdbFixtures.CityAndAsn geoDbs;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = InJvmKafka.start();
    geoDbs = MmdbFixtures.writeCityAndAsn(Files.createDirectories(tmp.resolve("mmdb")));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  static RunOptions options(String... args) {
    PipelineOptionsFactory.register(RunOptions.class);
    RunOptions o = PipelineOptionsFactory.fromArgs(args).as(RunOptions.class);
    o.as(FlinkPipelineOptions.class).setFlinkMaster("[local]");
    return o;
  }

  @Test
  void samplesOverKafkaGiveTheBatchResults() throws Exception {
    Path samples = SamplesDirectAndFlinkTest.SAMPLES;
    String[] common = {
      "--geoipCity=" + geoDbs.city(),
      "--geoipAsn=" + geoDbs.asn(),
      "--watchlist=" + samples.resolve("watchlist.csv"),
      "--analytics=all",
      "--runner=FlinkRunner",
      "--parallelism=2"
    };
    Path batchOut = tmp.resolve("batch");
    RunOptions batch =
        options(concat(common, "--input=" + samples.resolve("logs"), "--output=" + batchOut));
    assertEquals(
        PipelineResult.State.DONE, BatchPipeline.run(batch, BatchPipeline.plan(batch)).getState());
    Map<String, List<String>> expected = OutputFolders.read(batchOut);

    Map<String, Integer> inputs = new LinkedHashMap<>();
    for (LogType t : LogType.values()) {
      inputs.put("s-" + t.id(), 2);
    }
    kafka.createTopics(inputs);
    int published = publishSamples(samples.resolve("logs"));
    assertTrue(published > 3000, "published " + published);

    RunOptions stream =
        options(
            concat(
                common,
                "--source=kafka",
                "--bootstrapServers=" + kafka.bootstrapServers(),
                "--connTopic=s-conn",
                "--dnsTopic=s-dns",
                "--httpTopic=s-http",
                "--sslTopic=s-ssl",
                "--x509Topic=s-x509",
                "--syslogTopic=s-syslog",
                "--topicPrefix=out-",
                "--groupId=parity",
                "--idleAfter=1s",
                "--flushAfter=3s",
                "--stateDir=" + tmp.resolve("state-parity"),
                "--attachedMode=false"));
    StreamingPipeline.Plan plan = StreamingPipeline.plan(stream);
    assertEquals(Set.copyOf(Analytic.ids()), ids(plan.analytics.analytics));
    List<String> topics = new ArrayList<>();
    for (String analytic : Analytic.ids()) {
      topics.add("out-" + analytic);
    }
    PipelineResult result = StreamingPipeline.run(stream, plan);
    Map<String, List<String>> got;
    try {
      List<ConsumerRecord<String, String>> read =
          kafka.readUntil(
              topics, Duration.ofSeconds(120), r -> finalViews(r).equals(batchViews(expected)));
      got = finalViews(read);
    } finally {
      cancel(result);
    }
    Map<String, List<String>> want = batchViews(expected);
    for (String analytic : Analytic.ids()) {
      assertEquals(want.get(analytic).size(), got.get(analytic).size(), analytic + " rows");
      assertEquals(want.get(analytic), got.get(analytic), analytic);
    }
  }

  @Test
  void aRecordLaterThanTheAllowedLatenessIsADeadLetterWithItsOffset() throws Exception {
    kafka.createTopics(Map.of("late-conn", 1));
    long t0 = 1_772_409_600_000L;
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (int i = 0; i < 20; i++) {
        kafka.send(producer, "late-conn", 0, conn(t0 + i * 20_000L, "C" + i));
      }
    }
    RunOptions o =
        options(
            "--source=kafka",
            "--bootstrapServers=" + kafka.bootstrapServers(),
            "--connTopic=late-conn",
            "--dnsTopic=",
            "--httpTopic=",
            "--sslTopic=",
            "--x509Topic=",
            "--syslogTopic=",
            "--analytics=bytes-by-service",
            "--topicPrefix=late-",
            "--groupId=late",
            "--watermarkDelay=1m",
            "--idleAfter=1s",
            "--flushAfter=2s",
            "--runner=FlinkRunner",
            "--parallelism=1",
            "--stateDir=" + tmp.resolve("state-late"),
            "--attachedMode=false");
    StreamingPipeline.Plan plan = StreamingPipeline.plan(o);
    PipelineResult result = StreamingPipeline.run(o, plan);
    List<ConsumerRecord<String, String>> deadLetters;
    try {
      // The last window's row means the watermark has passed every record read so far.
      List<ConsumerRecord<String, String>> sums =
          kafka.readUntil(
              List.of("late-bytes-by-service"),
              Duration.ofSeconds(60),
              r -> r.stream().anyMatch(c -> c.value().contains("\"WINDOW_END\":\"2026-03-02 00:10:00\"")));
      assertEquals(2, sums.size(), "one row per five-minute window (job " + state(result) + "): " + sums);
      try (KafkaProducer<String, String> producer = kafka.producer()) {
        kafka.send(producer, "late-conn", 0, conn(t0 - 3_600_000L, "Clate"));
        kafka.send(producer, "late-conn", 0, "not a conn record");
      }
      deadLetters =
          kafka.readUntil(List.of("late-dead-letter"), Duration.ofSeconds(60), r -> r.size() >= 2);
    } finally {
      cancel(result);
    }
    assertEquals(2, deadLetters.size(), deadLetters.toString());
    JsonNode late = JSON.readTree(deadLetters.stream().filter(r -> r.value().contains("Clate")).findFirst().orElseThrow().value());
    assertEquals("late-data", late.get("stage").asText());
    assertEquals("conn", late.get("input").asText());
    assertEquals("late-conn/0@20", late.get("source").asText());
    assertEquals(t0 - 3_600_000L, late.get("eventTime").asLong());
    JsonNode bad = JSON.readTree(deadLetters.stream().filter(r -> r.value().contains("not a conn")).findFirst().orElseThrow().value());
    assertEquals("parse-kafka-record", bad.get("stage").asText());
    assertEquals("late-conn/0@21", bad.get("source").asText());
  }

  private static String conn(long ms, String uid) {
    return String.format(
        "{\"ts\":%d.%03d,\"uid\":\"%s\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":5000,"
            + "\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":80,\"proto\":\"tcp\",\"service\":\"http\","
            + "\"orig_ip_bytes\":100,\"resp_ip_bytes\":200}",
        ms / 1000, ms % 1000, uid);
  }

  static String state(PipelineResult result) {
    try {
      return String.valueOf(result.getState());
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  static void cancel(PipelineResult result) {
    try {
      result.cancel();
    } catch (Exception | Error e) {
      // After cancel the local cluster shuts down; a late state query may fail (DESIGN.md).
    }
  }

  /**
   * Publishes every record of the sample logs ({@link SampleRecords}), in file order, alternating
   * between the two partitions of its input's topic.
   */
  private static int publishSamples(Path logs) throws Exception {
    int n = 0;
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (SampleRecords.Value v : SampleRecords.read(logs)) {
        producer.send(new ProducerRecord<>("s-" + v.type.id(), n % 2, null, v.text));
        n++;
      }
      producer.flush();
    }
    return n;
  }

  private static Set<String> ids(Set<Analytic> analytics) {
    Set<String> ids = new java.util.HashSet<>();
    analytics.forEach(a -> ids.add(a.id()));
    return ids;
  }

  private static Map<String, List<String>> batchViews(Map<String, List<String>> folders) {
    Map<String, List<String>> views = new TreeMap<>();
    for (String analytic : Analytic.ids()) {
      views.put(analytic, folders.getOrDefault(analytic, List.of()));
    }
    return views;
  }

  /**
   * Per analytic, the final rows: for tables the latest value of each key, for streams every row;
   * sorted, as the batch folders are.
   */
  private static Map<String, List<String>> finalViews(List<ConsumerRecord<String, String>> read) {
    Map<String, Map<String, String>> latest = new TreeMap<>();
    Map<String, List<String>> rows = new TreeMap<>();
    for (String analytic : Analytic.ids()) {
      latest.put(analytic, new LinkedHashMap<>());
      rows.put(analytic, new ArrayList<>());
    }
    for (ConsumerRecord<String, String> r : read) {
      String analytic = r.topic().substring("out-".length());
      if (TABLES.contains(analytic)) {
        latest.get(analytic).put(r.key(), r.value());
      } else {
        rows.get(analytic).add(r.value());
      }
    }
    Map<String, List<String>> views = new TreeMap<>();
    for (String analytic : Analytic.ids()) {
      List<String> v =
          TABLES.contains(analytic)
              ? new ArrayList<>(latest.get(analytic).values())
              : rows.get(analytic);
      Collections.sort(v);
      views.put(analytic, v);
    }
    return views;
  }

  static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
