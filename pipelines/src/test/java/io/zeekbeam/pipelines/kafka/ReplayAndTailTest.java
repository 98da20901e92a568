package io.zeekbeam.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.pipelines.cli.Main;
import io.zeekbeam.pipelines.generate.GeneratorConfig;
import io.zeekbeam.pipelines.generate.SampleGenerator;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekRecord;
import io.zeekbeam.transforms.parse.Watchlists;
import io.zeekbeam.transforms.parse.ZeekJson;
import io.zeekbeam.transforms.parse.ZeekRecordType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.values.Row;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} of a generated sample onto a real broker publishes exactly the records the batch
 * run parses (the generator's known counts), in event-time order, keyed and stamped as specified;
 * {@code tail} prints them back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayAndTailTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "t1.";

  private Path tmp;
  private TestBroker broker;
  private Path sample;
  private Call replay;

  /** One call of the command line, with what it printed. */
  static final class Call {
    final int code;
    final String out;
    final String err;

    Call(String... args) {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      code =
          Main.run(
              args,
              new PrintStream(o, true, StandardCharsets.UTF_8),
              new PrintStream(e, true, StandardCharsets.UTF_8));
      out = o.toString(StandardCharsets.UTF_8);
      err = e.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  @BeforeAll
  void replaySample(@TempDir Path dir) throws Exception {
    tmp = dir;
    broker = TestBroker.start();
    sample = tmp.resolve("sample");
    SampleGenerator.run(
        GeneratorConfig.of(sample, 300).withFormat(GeneratorConfig.Format.MIXED));
    replay =
        new Call(
            "replay",
            "--input=" + sample.resolve("logs"),
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--topicPrefix=" + PREFIX,
            "--watchlist=" + sample.resolve("watchlist.csv"));
    assertEquals(0, replay.code, replay.toString());
  }

  @AfterAll
  void stopBroker() throws Exception {
    broker.close();
  }

  private JsonNode summaryInputs() throws Exception {
    return JSON.readTree(sample.resolve("expected/summary.json").toFile()).get("inputs");
  }

  @Test
  void publishesExactlyTheParsedRecordsPerTopicAndCountsBadLines() throws Exception {
    JsonNode inputs = summaryInputs();
    assertEquals(6, inputs.size(), inputs.toString());
    for (LogType type : LogType.values()) {
      JsonNode expected = inputs.get(type.id());
      long records = expected.get("records").asLong();
      List<ConsumerRecord<String, String>> got =
          TestBroker.readAll(broker.bootstrapServers(), PREFIX + type.id());
      assertEquals(records, got.size(), type.id());
      String line =
          replay.out.lines().filter(l -> l.trim().startsWith(type.id() + " ")).findFirst().orElse("");
      assertTrue(line.contains(records + " published to " + PREFIX + type.id()), replay.out);
      long bad = expected.get("deadLetters").asLong();
      if (bad > 0) {
        assertTrue(line.contains("; " + bad + " bad line"), replay.out);
      } else {
        assertTrue(!line.contains("bad line"), replay.out);
      }
    }
  }

  @Test
  void recordsAreInEventTimeOrderWithTheirEventTimeAndUidAsKey() throws Exception {
    SchemaRegistry registry = SchemaRegistry.createDefault();
    for (LogType type : LogType.values()) {
      List<ConsumerRecord<String, String>> got =
          TestBroker.readAll(broker.bootstrapServers(), PREFIX + type.id());
      long previous = Long.MIN_VALUE;
      for (ConsumerRecord<String, String> r : got) {
        assertTrue(r.timestamp() >= previous, type.id() + " out of order at offset " + r.offset());
        previous = r.timestamp();
        if (type == LogType.SYSLOG) {
          assertNull(r.key());
          continue;
        }
        // What the streaming pipeline will do with the value: parse it as Zeek JSON.
        Object record = ZeekJson.parse(ZeekRecordType.of(type), r.value());
        assertEquals(((ZeekRecord) record).getTsMillis(), r.timestamp(), r.value());
        @SuppressWarnings("unchecked")
        Row row =
            registry.getToRowFunction((Class<Object>) type.recordClass()).apply(record);
        String uid = row.getSchema().hasField("uid") ? row.getString("uid") : null;
        assertEquals(uid, r.key(), r.value());
        if (type != LogType.X509) {
          assertTrue(r.key() != null && !r.key().isEmpty(), r.value());
        }
      }
    }
    // conn is Zeek TSV in the mixed sample: it goes out as Zeek JSON with Zeek's names.
    String conn = TestBroker.readAll(broker.bootstrapServers(), PREFIX + "conn").get(0).value();
    JsonNode node = JSON.readTree(conn);
    assertTrue(node.get("ts").isNumber(), conn);
    assertTrue(node.has("id.orig_h") && node.has("id.resp_p"), conn);
  }

  @Test
  void syslogLinesGoOutAsTheyAre() throws Exception {
    Set<String> lines = new HashSet<>();
    try (var files = Files.list(sample.resolve("logs"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith("auth")) {
          lines.addAll(Files.readAllLines(f));
        }
      }
    }
    for (ConsumerRecord<String, String> r :
        TestBroker.readAll(broker.bootstrapServers(), PREFIX + "syslog")) {
      assertTrue(lines.contains(r.value()), r.value());
    }
  }

  @Test
  void watchlistGoesToACompactedTopicKeyedByDomain() throws Exception {
    Watchlists.Result parsed = Watchlists.parse(sample.resolve("watchlist.csv"));
    List<ConsumerRecord<String, String>> got =
        TestBroker.readAll(broker.bootstrapServers(), PREFIX + "adhosts");
    assertEquals(parsed.entries().size(), got.size());
    for (int i = 0; i < got.size(); i++) {
      assertEquals(parsed.entries().get(i).getDomain(), got.get(i).key());
      JsonNode value = JSON.readTree(got.get(i).value());
      assertEquals(parsed.entries().get(i).getDomain(), value.get("DOMAIN").asText());
    }
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, PREFIX + "adhosts");
      Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
      assertEquals("compact", config.get("cleanup.policy").value());
      ConfigResource conn = new ConfigResource(ConfigResource.Type.TOPIC, PREFIX + "conn");
      Config connConfig = admin.describeConfigs(List.of(conn)).all().get().get(conn);
      assertEquals("-1", connConfig.get("retention.ms").value());
    }
  }

  @Test
  void tailPrintsWhatWasProduced() {
    List<ConsumerRecord<String, String>> dns =
        TestBroker.readAll(broker.bootstrapServers(), PREFIX + "dns");
    Call first =
        new Call(
            "tail",
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--topic=" + PREFIX + "dns",
            "--from=earliest",
            "--max=5");
    assertEquals(0, first.code, first.toString());
    assertEquals(lines(dns.subList(0, 5)), first.out.lines().toList());

    Call all =
        new Call(
            "tail",
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--topic=" + PREFIX + "x509",
            "--from=earliest",
            "--timeoutSeconds=2");
    assertEquals(0, all.code, all.toString());
    assertEquals(
        lines(TestBroker.readAll(broker.bootstrapServers(), PREFIX + "x509")),
        all.out.lines().toList());

    Call latest =
        new Call(
            "tail",
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--topic=" + PREFIX + "dns",
            "--timeoutSeconds=1");
    assertEquals(0, latest.code, latest.toString());
    assertEquals("", latest.out);
  }

  private static List<String> lines(Collection<ConsumerRecord<String, String>> records) {
    List<String> out = new ArrayList<>();
    for (ConsumerRecord<String, String> r : records) {
      out.add((r.key() == null ? "" : r.key()) + "\t" + r.value());
    }
    return out;
  }

  @Test
  void speedPacesByEventTime() throws Exception {
    Path log = tmp.resolve("paced/dns.log");
    Files.createDirectories(log.getParent());
    // Three lookups 0, 1 and 2 s apart in event time: at 4x, at least 0.5 s of wall time.
    Files.writeString(
        log,
        "{\"ts\":1700000000.0,\"uid\":\"C1\",\"query\":\"a.example\"}\n"
            + "{\"ts\":1700000001.0,\"uid\":\"C2\",\"query\":\"b.example\"}\n"
            + "{\"ts\":1700000002.0,\"uid\":\"C3\",\"query\":\"c.example\"}\n");
    long start = System.nanoTime();
    Call paced =
        new Call(
            "replay",
            "--input=" + log,
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--topicPrefix=paced.",
            "--speed=4");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(0, paced.code, paced.toString());
    assertTrue(seconds >= 0.5, "took " + seconds + " s");
    assertEquals(3, TestBroker.readAll(broker.bootstrapServers(), "paced.dns").size());
  }

  @Test
  void aRecordFurtherBehindThanTheWindowGoesOutLateAndIsCounted() throws Exception {
    Path log = tmp.resolve("late/dns.log");
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "{\"ts\":1700000000.0,\"uid\":\"C1\",\"query\":\"a.example\"}\n"
            + "{\"ts\":1700000030.0,\"uid\":\"C2\",\"query\":\"b.example\"}\n"
            + "{\"ts\":1700000600.0,\"uid\":\"C3\",\"query\":\"c.example\"}\n"
            + "{\"ts\":1700000010.0,\"uid\":\"C4\",\"query\":\"d.example\"}\n"
            + "{\"ts\":1700000590.0,\"uid\":\"C5\",\"query\":\"e.example\"}\n");
    Call late =
        new Call(
            "replay",
            "--input=" + log,
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--topicPrefix=late.",
            "--reorderWindow=1m");
    assertEquals(0, late.code, late.toString());
    assertTrue(late.out.contains("1 went out late (further behind than --reorderWindow=1m)"), late.out);
    // C5 is within a minute of C3 and is put before it; C4 is ten minutes behind: late, not lost.
    assertEquals(
        List.of("C1", "C2", "C4", "C5", "C3"),
        TestBroker.readAll(broker.bootstrapServers(), "late.dns").stream()
            .map(ConsumerRecord::key)
            .toList());
  }

  @Test
  void anInterleavedJsonStreamGoesToTheTopicOfEachLinesPath() throws Exception {
    Path log = tmp.resolve("mixed/zeek.json");
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "{\"_path\":\"dns\",\"ts\":1700000000.0,\"uid\":\"C1\",\"query\":\"a.example\"}\n"
            + "{\"_path\":\"conn\",\"ts\":1700000001.0,\"uid\":\"C1\",\"proto\":\"udp\"}\n"
            + "{\"_path\":\"weird\",\"ts\":1700000002.0,\"name\":\"odd\"}\n"
            + "{\"_path\":\"dns\",\"ts\":1700000003.0,\"uid\":\"C2\",\"query\":\"b.example\"}\n");
    Call mixed =
        new Call(
            "replay",
            "--input=" + log,
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--topicPrefix=mixed.");
    assertEquals(0, mixed.code, mixed.toString());
    assertEquals(2, TestBroker.readAll(broker.bootstrapServers(), "mixed.dns").size());
    assertEquals(1, TestBroker.readAll(broker.bootstrapServers(), "mixed.conn").size());
    assertTrue(mixed.out.contains("weird"), mixed.out);
  }

  @Test
  void mistakesAreOneSentence() {
    Call noInput = new Call("replay", "--bootstrapServers=" + broker.bootstrapServers());
    assertEquals(2, noInput.code);
    assertEquals(1, noInput.err.lines().count(), noInput.err);
    Call badSpeed =
        new Call(
            "replay",
            "--input=" + sample.resolve("logs"),
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--speed=fast");
    assertEquals(2, badSpeed.code);
    assertTrue(badSpeed.err.contains("--speed=fast"), badSpeed.err);
    Call noTopic = new Call("tail", "--bootstrapServers=" + broker.bootstrapServers());
    assertEquals(2, noTopic.code);
    assertTrue(noTopic.err.contains("--topic is required"), noTopic.err);
    Call noCluster = new Call("tail", "--topic=x");
    assertEquals(2, noCluster.code);
    assertTrue(noCluster.err.contains("--bootstrapServers is required"), noCluster.err);
  }
}
