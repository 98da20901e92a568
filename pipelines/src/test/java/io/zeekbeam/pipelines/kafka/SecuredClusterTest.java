package io.zeekbeam.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.pipelines.generate.GeneratorConfig;
import io.zeekbeam.pipelines.generate.SampleGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} and {@code tail} against a broker that takes SASL/PLAIN logins only, with the
 * credentials in {@code --kafkaProperties}: they work, and the password appears nowhere in what
 * the command prints, its log included, with the Kafka clients' INFO logging (their "values:"
 * dumps of the whole configuration) switched on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClusterTest {
  private static final String MARKER = "Sasl-Marker-Pw-5b2e8d";
  private static final List<String> VERBOSE_KAFKA_LOGS =
      List.of(
          "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=info");

  private TestBroker broker;
  private Path dir;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    broker = TestBroker.startSaslPlain(Map.of("alice", MARKER));
    SampleGenerator.run(GeneratorConfig.of(dir.resolve("sample"), 100));
  }

  @AfterAll
  void stop() throws Exception {
    broker.close();
  }

  private Path clientProperties(String password) throws Exception {
    Path f = dir.resolve("client-" + password.length() + ".properties");
    Files.writeString(
        f,
        "security.protocol=SASL_PLAINTEXT\n"
            + "sasl.mechanism=PLAIN\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"alice\" password=\"" + password + "\";\n");
    return f;
  }

  @Test
  void replayAndTailLogInAndNeverPrintThePassword() throws Exception {
    Path props = clientProperties(MARKER);
    ChildJvm replay =
        ChildJvm.start(
            VERBOSE_KAFKA_LOGS,
            "replay",
            "--input=" + dir.resolve("sample/logs"),
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--kafkaProperties=" + props,
            "--topicPrefix=sec.");
    assertEquals(0, replay.waitFor(90), replay.output());
    String out = replay.output();
    assertTrue(out.contains("ProducerConfig values"), "the clients' config dump was logged");
    assertTrue(out.contains("sasl.jaas.config = [hidden]"), out);
    assertTrue(out.contains("published to sec.dns"), out);
    assertFalse(out.contains(MARKER), out);

    ChildJvm tail =
        ChildJvm.start(
            VERBOSE_KAFKA_LOGS,
            "tail",
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--kafkaProperties=" + props,
            "--topic=sec.dns",
            "--from=earliest",
            "--max=3");
    assertEquals(0, tail.waitFor(60), tail.output());
    String tailed = tail.output();
    assertTrue(tailed.contains("ConsumerConfig values"), "the clients' config dump was logged");
    assertEquals(3, tailed.lines().filter(l -> l.contains("\t{")).count(), tailed);
    assertFalse(tailed.contains(MARKER), tailed);
  }

  @Test
  void aRefusedLoginIsOneMessageWithoutThePassword() throws Exception {
    String wrong = MARKER + "-wrong";
    Path props = clientProperties(wrong);
    ChildJvm replay =
        ChildJvm.start(
            VERBOSE_KAFKA_LOGS,
            "replay",
            "--input=" + dir.resolve("sample/logs"),
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--kafkaProperties=" + props);
    assertEquals(1, replay.waitFor(90), replay.output());
    String out = replay.output();
    assertTrue(out.contains("zeekbeam replay: cannot use Kafka at "), out);
    assertTrue(out.contains("Authentication failed"), out);
    assertFalse(out.contains(MARKER), out);
  }

  @Test
  void aMalformedLoginConfigIsReportedWithoutItsValues() throws Exception {
    Path props = dir.resolve("broken.properties");
    // No closing semicolon: the client's JAAS parser refuses it.
    Files.writeString(
        props,
        "security.protocol=SASL_PLAINTEXT\n"
            + "sasl.mechanism=PLAIN\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"alice\" password=\"" + MARKER + "\"\n");
    for (String[] commandAndOption :
        new String[][] {
          {"replay", "--input=" + dir.resolve("sample/logs")}, {"tail", "--topic=sec.dns"}
        }) {
      String command = commandAndOption[0];
      ReplayAndTailTest.Call call =
          new ReplayAndTailTest.Call(
              command,
              commandAndOption[1],
              "--bootstrapServers=" + broker.bootstrapServers(),
              "--kafkaProperties=" + props);
      assertEquals(1, call.code, call.toString());
      assertTrue(call.err.startsWith("zeekbeam " + command + ": "), call.err);
      assertFalse(call.toString().contains(MARKER), call.toString());
    }
  }
}
