package io.zeekbeam.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.pipelines.RunOptions;
import io.zeekbeam.pipelines.StreamingPipeline;
import io.zeekbeam.pipelines.generate.GeneratorConfig;
import io.zeekbeam.pipelines.generate.SampleGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.flink.FlinkExecutionEnvironments;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.construction.PipelineTranslation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay}, {@code tail} and the streaming job against a broker that takes SASL/PLAIN logins
 * only, with the credentials in {@code --kafkaProperties}: they work, and the password appears
 * nowhere in what the command prints, its log included, with the Kafka clients' INFO logging (their
 * "values:" dumps of the whole configuration) switched on; nor in what Beam and Flink show of the
 * streaming job: the display data of its transforms (which KafkaIO fills with the client
 * configuration), the pipeline options that the Flink runner hands to Flink as the job's global
 * parameters, and the Flink REST API (the web UI's source) of the running job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredClusterTest {
  private static final String MARKER = "Sasl-Marker-Pw-5b2e8d";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What the launcher gives Flink and Beam's coders on Java 17. */
  private static final List<String> ADD_OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
  private static final List<String> VERBOSE_KAFKA_LOGS =
      List.of(
          "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=info");

  private TestBroker broker;
  private Path dir;
  private int jobs;

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

  private boolean jobTopicsReplayed;

  /** The sample published to topics {@code job.<input>}, once. */
  private synchronized void replayForTheStreamingJob(Path props) {
    if (!jobTopicsReplayed) {
      ReplayAndTailTest.Call replay =
          new ReplayAndTailTest.Call(
              "replay",
              "--input=" + dir.resolve("sample/logs"),
              "--bootstrapServers=" + broker.bootstrapServers(),
              "--kafkaProperties=" + props,
              "--topicPrefix=job.");
      assertEquals(0, replay.code, replay.toString());
      assertFalse(replay.toString().contains(MARKER), replay.toString());
      jobTopicsReplayed = true;
    }
  }

  private String[] streamingArgs(Path props, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--source=kafka",
                "--bootstrapServers=" + broker.bootstrapServers(),
                "--kafkaProperties=" + props,
                "--connTopic=job.conn",
                "--dnsTopic=job.dns",
                "--httpTopic=job.http",
                "--sslTopic=job.ssl",
                "--x509Topic=job.x509",
                "--syslogTopic=job.syslog",
                "--topicPrefix=job.out.",
                "--watchlist=" + dir.resolve("sample/watchlist.csv"),
                "--idleAfter=1s",
                "--flushAfter=3s",
                "--runner=FlinkRunner",
                "--parallelism=1",
                // A state folder per job, never the user's ~/.zeekbeam/state.
                "--stateDir=" + dir.resolve("state-" + (++jobs))));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  @Test
  void theStreamingJobsDisplayDataAndFlinkJobParametersHoldNoPassword() throws Exception {
    Path props = clientProperties(MARKER);
    replayForTheStreamingJob(props);
    PipelineOptionsFactory.register(RunOptions.class);
    RunOptions options =
        PipelineOptionsFactory.fromArgs(streamingArgs(props, "--flinkMaster=[local]"))
            .as(RunOptions.class);
    StreamingPipeline.Plan plan = StreamingPipeline.plan(options);
    Pipeline pipeline = Pipeline.create(options);
    StreamingPipeline.build(pipeline, options, plan, "display-data-check");

    // What every transform displays (KafkaIO: its consumer and producer configuration).
    StringBuilder display = new StringBuilder();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null) {
              display.append(node.getFullName()).append(' ');
              display.append(DisplayData.from(node.getTransform())).append('\n');
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            display.append(node.getFullName()).append(' ');
            display.append(DisplayData.from(node.getTransform())).append('\n');
          }
        });
    assertTrue(display.toString().contains("security.protocol=SASL_PLAINTEXT"), display.toString());
    assertFalse(display.toString().contains(MARKER), "display data:\n" + display);

    // The same display data as Beam's portable pipeline representation carries it.
    RunnerApi.Pipeline proto = PipelineTranslation.toProto(pipeline);
    StringBuilder protoDisplay = new StringBuilder();
    for (RunnerApi.PTransform t : proto.getComponents().getTransformsMap().values()) {
      for (RunnerApi.DisplayData d : t.getDisplayDataList()) {
        protoDisplay
            .append(t.getUniqueName())
            .append(' ')
            .append(RunnerApi.LabelledPayload.parseFrom(d.getPayload()))
            .append('\n');
      }
    }
    assertTrue(protoDisplay.toString().contains("SASL_PLAINTEXT"), protoDisplay.toString());
    assertFalse(protoDisplay.toString().contains(MARKER), "proto display data:\n" + protoDisplay);

    // The pipeline options as the Flink runner gives them to Flink (the job's global parameters,
    // which the web UI shows under the job's configuration).
    Map<String, String> jobParameters =
        FlinkExecutionEnvironments.createStreamExecutionEnvironment(
                options.as(FlinkPipelineOptions.class), List.of(), null)
            .getConfig()
            .getGlobalJobParameters()
            .toMap();
    assertTrue(jobParameters.containsKey("kafkaProperties"), jobParameters.toString());
    assertFalse(jobParameters.toString().contains(MARKER), jobParameters.toString());
  }

  @Test
  void theRunningStreamingJobShowsNoPasswordInItsLogOrFlinksRestApi() throws Exception {
    Path props = clientProperties(MARKER);
    replayForTheStreamingJob(props);
    int restPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      restPort = s.getLocalPort();
    }
    Path flinkConf = Files.createDirectories(dir.resolve("flink-conf"));
    Files.writeString(
        flinkConf.resolve("flink-conf.yaml"),
        "rest.port: " + restPort + "\nrest.bind-port: " + restPort + "\n");
    List<String> jvm = new java.util.ArrayList<>(VERBOSE_KAFKA_LOGS);
    jvm.add("-Xmx1g");
    jvm.addAll(ADD_OPENS);
    try (ChildJvm run =
        ChildJvm.start(
            jvm,
            concat(
                new String[] {"run"},
                streamingArgs(
                    props,
                    "--analytics=all",
                    "--flinkMaster=[local]",
                    "--flinkConfDir=" + flinkConf)))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://localhost:" + restPort;
      String jobId = awaitRunningJob(http, base, run);
      // The job is up once it has written results, which needs the password to have worked.
      ReplayAndTailTest.Call tail =
          new ReplayAndTailTest.Call(
              "tail",
              "--bootstrapServers=" + broker.bootstrapServers(),
              "--kafkaProperties=" + props,
              "--topic=job.out.bytes-by-service",
              "--from=earliest",
              "--max=1",
              "--timeoutSeconds=120");
      assertEquals(0, tail.code, tail + "\n" + run.output());
      assertEquals(1, tail.out.lines().count(), tail.toString());

      Map<String, String> pages = new java.util.LinkedHashMap<>();
      for (String path :
          List.of(
              "/jobs/" + jobId,
              "/jobs/" + jobId + "/config",
              "/jobs/" + jobId + "/plan",
              "/jobs/" + jobId + "/checkpoints/config",
              "/jobs/" + jobId + "/exceptions",
              "/jobs/" + jobId + "/accumulators",
              "/jobmanager/config",
              "/taskmanagers")) {
        pages.put(path, get(http, base + path));
      }
      JsonNode vertices = JSON.readTree(pages.get("/jobs/" + jobId)).get("vertices");
      for (JsonNode v : vertices) {
        String vertex = "/jobs/" + jobId + "/vertices/" + v.get("id").asText();
        pages.put(vertex, get(http, base + vertex));
        pages.put(vertex + "/accumulators", get(http, base + vertex + "/accumulators"));
      }
      assertTrue(
          pages.get("/jobs/" + jobId + "/config").contains("kafkaProperties"),
          "the job's configuration shows the pipeline options: " + pages.get("/jobs/" + jobId + "/config"));
      assertTrue(pages.get("/jobs/" + jobId + "/plan").contains("Read"), pages.get("/jobs/" + jobId + "/plan"));
      pages.forEach((path, body) -> assertFalse(body.contains(MARKER), path + ":\n" + body));

      run.process.destroy();
      run.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
      String out = run.output();
      assertTrue(out.contains("ConsumerConfig values"), "the clients' config dump was logged");
      assertTrue(out.contains("ProducerConfig values"), "the clients' config dump was logged");
      assertFalse(out.contains(MARKER), out);
    }
  }

  /** The id of the one running job of the Flink cluster at {@code base}, once it runs. */
  private static String awaitRunningJob(HttpClient http, String base, ChildJvm run)
      throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!run.process.isAlive()) {
        throw new AssertionError("the run ended:\n" + run.output());
      }
      try {
        for (JsonNode job : JSON.readTree(get(http, base + "/jobs")).get("jobs")) {
          if (job.get("status").asText().equals("RUNNING")) {
            return job.get("id").asText();
          }
        }
      } catch (java.io.IOException e) {
        // Not listening yet.
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no running job at " + base + " within 120 s:\n" + run.output());
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new java.io.IOException(url + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
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
