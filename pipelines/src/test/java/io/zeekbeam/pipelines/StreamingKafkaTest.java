package io.zeekbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.TreeSet;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming pipeline on Flink's local cluster in streaming mode, over a real Kafka broker in
 * this JVM: the bundled samples published to the input topics give, per analytic, the final
 * results of the batch run over the same files, with JSON values and with Avro values; a record
 * later than the allowed lateness reaches the dead-letter topic with its topic, partition and
 * offset.
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
    // As `zeekbeam run` does, so that the streaming tests run the settings users get.
    StreamingPipeline.applyFlinkStreamingDefaults(o, List.of(args));
    return o;
  }

  /** The batch run's outputs over the samples, published to the input topics once. */
  private static Map<String, List<String>> batchOutputs;

  private static final String[] COMMON_ARGS = {
    "--analytics=all", "--runner=FlinkRunner", "--parallelism=2"
  };

  private static String[] common() {
    Path samples = SamplesDirectAndFlinkTest.SAMPLES;
    return concat(
        COMMON_ARGS,
        "--geoipCity=" + geoDbs.city(),
        "--geoipAsn=" + geoDbs.asn(),
        "--watchlist=" + samples.resolve("watchlist.csv"));
  }

  /**
   * The final rows per analytic of a batch run over the samples; on the first call, also publishes
   * the samples to the input topics {@code s-<input>} (two partitions each).
   */
  private static synchronized Map<String, List<String>> batchResultsWithSamplesPublished()
      throws Exception {
    if (batchOutputs == null) {
      Path samples = SamplesDirectAndFlinkTest.SAMPLES;
      Path batchOut = tmp.resolve("batch");
      RunOptions batch =
          options(concat(common(), "--input=" + samples.resolve("logs"), "--output=" + batchOut));
      assertEquals(
          PipelineResult.State.DONE,
          BatchPipeline.run(batch, BatchPipeline.plan(batch)).getState());
      Map<String, Integer> inputs = new LinkedHashMap<>();
      for (LogType t : LogType.values()) {
        inputs.put("s-" + t.id(), 2);
      }
      kafka.createTopics(inputs);
      int published = publishSamples(samples.resolve("logs"));
      assertTrue(published > 3000, "published " + published);
      batchOutputs = batchViews(OutputFolders.read(batchOut));
    }
    return batchOutputs;
  }

  /** A streaming run over the published samples, writing to {@code PREFIX<analytic>}. */
  private static RunOptions streamOverSamples(String prefix, String... more) {
    return options(
        concat(
            concat(
                common(),
                "--source=kafka",
                "--bootstrapServers=" + kafka.bootstrapServers(),
                "--connTopic=s-conn",
                "--dnsTopic=s-dns",
                "--httpTopic=s-http",
                "--sslTopic=s-ssl",
                "--x509Topic=s-x509",
                "--syslogTopic=s-syslog",
                "--topicPrefix=" + prefix,
                "--groupId=" + prefix + "group",
                "--idleAfter=1s",
                "--flushAfter=3s",
                "--stateDir=" + tmp.resolve("state-" + prefix + "group"),
                "--attachedMode=false"),
            more));
  }

  private static List<String> outputTopics(String prefix) {
    List<String> topics = new ArrayList<>();
    for (String analytic : Analytic.ids()) {
      topics.add(prefix + analytic);
    }
    return topics;
  }

  @Test
  void samplesOverKafkaGiveTheBatchResults() throws Exception {
    Map<String, List<String>> want = batchResultsWithSamplesPublished();
    RunOptions stream = streamOverSamples("out-");
    StreamingPipeline.Plan plan = StreamingPipeline.plan(stream);
    assertEquals(Set.copyOf(Analytic.ids()), ids(plan.analytics.analytics));
    PipelineResult result = StreamingPipeline.run(stream, plan);
    Map<String, List<String>> got;
    TaskAttempts attempts;
    try {
      List<ConsumerRecord<String, String>> read =
          kafka.readUntil(
              outputTopics("out-"),
              Duration.ofSeconds(120),
              r -> {
                boolean atLeastOnce = TaskAttempts.of(result).restarts > 0;
                return compared(finalViews("out-", r, ConsumerRecord::value), atLeastOnce)
                    .equals(compared(want, atLeastOnce));
              });
      got = finalViews("out-", read, ConsumerRecord::value);
    } finally {
      attempts = TaskAttempts.of(result);
      cancel(result);
    }
    System.out.println("samples over Kafka: " + attempts);
    assertNull(attempts.unknown, "the job's task attempts, read while it ran");
    got = compared(got, attempts.restarts > 0);
    Map<String, List<String>> expected = compared(want, attempts.restarts > 0);
    for (String analytic : Analytic.ids()) {
      assertEquals(expected.get(analytic).size(), got.get(analytic).size(), analytic + " rows");
      assertEquals(expected.get(analytic), got.get(analytic), analytic);
    }
  }

  /**
   * {@code --format=avro}: every value decodes with Avro's own decoder given only the {@code .avsc}
   * files checked in under {@code schemas/avro/} (no registry), into the batch run's records (field
   * names with {@code _} for {@code .}); and {@code tail} prints each topic as exactly the batch
   * run's JSON lines.
   */
  @Test
  void avroValuesDecodeWithTheCheckedInSchemasIntoTheBatchResults() throws Exception {
    Map<String, List<String>> want = batchResultsWithSamplesPublished();
    BinaryMessageDecoder<GenericRecord> decoder =
        new BinaryMessageDecoder<>(GenericData.get(), null);
    try (java.util.stream.Stream<Path> files =
        Files.list(SamplesDirectAndFlinkTest.SAMPLES.resolve("../schemas/avro"))) {
      for (Path avsc : (Iterable<Path>) files::iterator) {
        decoder.addSchema(new org.apache.avro.Schema.Parser().parse(avsc.toFile()));
      }
    }
    Map<ConsumerRecord<String, byte[]>, String> decoded = new java.util.IdentityHashMap<>();
    java.util.function.Function<ConsumerRecord<String, byte[]>, String> asTree =
        r ->
            decoded.computeIfAbsent(
                r,
                k -> {
                  try {
                    return canonical(
                            EXACT.readTree(GenericData.get().toString(decoder.decode(k.value()))))
                        .toString();
                  } catch (Exception e) {
                    throw new AssertionError(k.topic() + "@" + k.offset() + " does not decode", e);
                  }
                });
    Map<String, List<String>> wantTrees = new TreeMap<>();
    want.forEach((analytic, rows) -> wantTrees.put(analytic, avroNamedTrees(rows)));

    RunOptions stream = streamOverSamples("avro-", "--format=avro");
    StreamingPipeline.Plan plan = StreamingPipeline.plan(stream);
    PipelineResult result = StreamingPipeline.run(stream, plan);
    List<ConsumerRecord<String, byte[]>> read;
    TaskAttempts attempts;
    try {
      read =
          kafka.readUntil(
              outputTopics("avro-"),
              Duration.ofSeconds(120),
              r -> {
                boolean atLeastOnce = TaskAttempts.of(result).restarts > 0;
                return compared(sortedTrees(finalViews("avro-", r, asTree)), atLeastOnce)
                    .equals(compared(wantTrees, atLeastOnce));
              },
              ByteArrayDeserializer.class);
    } finally {
      attempts = TaskAttempts.of(result);
      cancel(result);
    }
    System.out.println("Avro over Kafka: " + attempts);
    assertNull(attempts.unknown, "the job's task attempts, read while it ran");
    boolean atLeastOnce = attempts.restarts > 0;
    Map<String, List<String>> got =
        compared(sortedTrees(finalViews("avro-", read, asTree)), atLeastOnce);
    Map<String, List<String>> expectedTrees = compared(wantTrees, atLeastOnce);
    for (String analytic : Analytic.ids()) {
      assertEquals(
          expectedTrees.get(analytic).size(), got.get(analytic).size(), analytic + " rows");
      assertSameRows(expectedTrees.get(analytic), got.get(analytic), analytic);
    }

    // tail prints the Avro topics as the JSON lines of the batch files, byte for byte.
    Map<String, Long> counts = new TreeMap<>();
    read.forEach(r -> counts.merge(r.topic(), 1L, Long::sum));
    List<String[]> tailed = new ArrayList<>();
    for (String analytic : Analytic.ids()) {
      long n = counts.getOrDefault("avro-" + analytic, 0L);
      if (n == 0) {
        assertEquals(List.of(), want.get(analytic), analytic);
        continue;
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int code =
          io.zeekbeam.pipelines.cli.Main.run(
              new String[] {
                "tail",
                "--bootstrapServers=" + kafka.bootstrapServers(),
                "--topic=avro-" + analytic,
                "--from=earliest",
                "--max=" + n,
                "--timeoutSeconds=10"
              },
              new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
              new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(0, code, err.toString(java.nio.charset.StandardCharsets.UTF_8));
      for (String line : out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        int tab = line.indexOf('\t');
        tailed.add(new String[] {"avro-" + analytic, line.substring(0, tab), line.substring(tab + 1)});
      }
    }
    Map<String, List<String>> fromTail = compared(finalViewsOf("avro-", tailed), atLeastOnce);
    Map<String, List<String>> expected = compared(want, atLeastOnce);
    for (String analytic : Analytic.ids()) {
      assertSameRows(expected.get(analytic), fromTail.get(analytic), "tail of " + analytic);
    }
  }

  /** Equal lists, or a failure that shows the first row that differs rather than every row. */
  private static void assertSameRows(List<String> want, List<String> got, String what) {
    for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
      assertEquals(want.get(i), got.get(i), what + ", row " + i + " of " + want.size());
    }
    assertEquals(want.size(), got.size(), what + " rows");
  }

  /** JSON lines as Jackson trees with Avro's names ({@code .} as {@code _}), as text, sorted. */
  private static List<String> avroNamedTrees(List<String> jsonLines) {
    List<String> out = new ArrayList<>();
    for (String line : jsonLines) {
      try {
        out.add(canonical(avroNamed(EXACT.readTree(line))).toString());
      } catch (Exception e) {
        throw new AssertionError(line, e);
      }
    }
    Collections.sort(out);
    return out;
  }

  /** Reads numbers as written, so that a canonical form can compare them as numbers. */
  private static final ObjectMapper EXACT =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /**
   * The tree with every number as its exact value without trailing zeros: the batch JSON writes
   * an integral double as {@code 1772409660}, Avro's JSON as {@code 1.77240966E9}.
   */
  private static JsonNode canonical(JsonNode node) {
    if (node.isNumber()) {
      return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(
          node.decimalValue().stripTrailingZeros());
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = EXACT.createArrayNode();
      node.forEach(e -> out.add(canonical(e)));
      return out;
    }
    if (node.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode out = EXACT.createObjectNode();
      node.fields().forEachRemaining(e -> out.set(e.getKey(), canonical(e.getValue())));
      return out;
    }
    return node;
  }

  private static JsonNode avroNamed(JsonNode node) {
    if (!node.isObject()) {
      return node;
    }
    com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
    node.fields().forEachRemaining(e -> out.set(e.getKey().replace('.', '_'), avroNamed(e.getValue())));
    return out;
  }

  private static Map<String, List<String>> sortedTrees(Map<String, List<String>> views) {
    Map<String, List<String>> out = new TreeMap<>();
    views.forEach(
        (k, v) -> {
          List<String> sorted = new ArrayList<>(v);
          Collections.sort(sorted);
          out.put(k, sorted);
        });
    return out;
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
   * Views as they are compared: as they are, or, once the job has restarted tasks (which write
   * again what they wrote since the job's last checkpoint: at least once), each analytic's
   * distinct rows, sorted.
   */
  private static Map<String, List<String>> compared(
      Map<String, List<String>> views, boolean atLeastOnce) {
    if (!atLeastOnce) {
      return views;
    }
    Map<String, List<String>> out = new TreeMap<>();
    views.forEach((analytic, rows) -> out.put(analytic, new ArrayList<>(new TreeSet<>(rows))));
    return out;
  }

  /** {@link #finalViewsOf} of records read from topics {@code PREFIX<analytic>}. */
  private static <V> Map<String, List<String>> finalViews(
      String prefix,
      List<ConsumerRecord<String, V>> read,
      java.util.function.Function<ConsumerRecord<String, V>, String> value) {
    List<String[]> records = new ArrayList<>();
    for (ConsumerRecord<String, V> r : read) {
      records.add(new String[] {r.topic(), r.key(), value.apply(r)});
    }
    return finalViewsOf(prefix, records);
  }

  /**
   * Per analytic, the final rows of (topic, key, value) records: for tables the latest value of
   * each key, for streams every row; sorted, as the batch folders are.
   */
  private static Map<String, List<String>> finalViewsOf(String prefix, List<String[]> read) {
    Map<String, Map<String, String>> latest = new TreeMap<>();
    Map<String, List<String>> rows = new TreeMap<>();
    for (String analytic : Analytic.ids()) {
      latest.put(analytic, new LinkedHashMap<>());
      rows.put(analytic, new ArrayList<>());
    }
    for (String[] r : read) {
      String analytic = r[0].substring(prefix.length());
      if (TABLES.contains(analytic)) {
        latest.get(analytic).put(r[1], r[2]);
      } else {
        rows.get(analytic).add(r[2]);
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
