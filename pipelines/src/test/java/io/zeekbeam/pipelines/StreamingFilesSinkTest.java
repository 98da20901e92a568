package io.zeekbeam.pipelines;

import static io.zeekbeam.pipelines.StreamingKafkaTest.cancel;
import static io.zeekbeam.pipelines.StreamingKafkaTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.LogType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sink=files} over a real broker on Flink's local cluster: once the job has flushed, the
 * output folders hold the rows a batch run over the same records writes, a stream ({@code
 * inbound}) and a windowed table ({@code bytes-by-service}) alike.
 */
class StreamingFilesSinkTest {
  private static final List<String> ANALYTICS = List.of("inbound", "bytes-by-service");

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
  void theFilesSinkWritesTheFoldersOfABatchRun() throws Exception {
    Path logs = SamplesDirectAndFlinkTest.SAMPLES.resolve("logs");
    StringBuilder connFiles = new StringBuilder();
    try (var list = Files.list(logs)) {
      list.filter(f -> f.getFileName().toString().startsWith("conn."))
          .sorted()
          .forEach(f -> connFiles.append(connFiles.length() == 0 ? "" : ",").append(f));
    }
    Path batchOut = tmp.resolve("batch");
    RunOptions batch =
        options(
            "--input=" + connFiles,
            "--output=" + batchOut,
            "--analytics=" + String.join(",", ANALYTICS),
            "--runner=FlinkRunner");
    assertEquals(
        PipelineResult.State.DONE,
        BatchPipeline.run(batch, BatchPipeline.plan(batch)).waitUntilFinish());
    Map<String, List<String>> want = only(OutputFolders.read(batchOut));
    assertTrue(want.get("inbound").size() > 10, "inbound rows " + want.get("inbound").size());

    kafka.createTopics(Map.of("fs-conn", 2));
    int n = 0;
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      for (SampleRecords.Value v : SampleRecords.read(logs)) {
        if (v.type == LogType.CONN) {
          producer.send(new ProducerRecord<>("fs-conn", n % 2, null, v.text));
          n++;
        }
      }
      producer.flush();
    }

    Path streamOut = tmp.resolve("stream");
    RunOptions stream =
        options(
            "--source=kafka",
            "--sink=files",
            "--output=" + streamOut,
            "--bootstrapServers=" + kafka.bootstrapServers(),
            "--connTopic=fs-conn",
            "--dnsTopic=",
            "--httpTopic=",
            "--sslTopic=",
            "--x509Topic=",
            "--syslogTopic=",
            "--analytics=" + String.join(",", ANALYTICS),
            "--groupId=files-sink",
            "--idleAfter=1s",
            "--flushAfter=2s",
            "--runner=FlinkRunner",
            "--parallelism=1",
            "--stateDir=" + tmp.resolve("state-files-sink"),
            "--attachedMode=false");
    PipelineResult result = StreamingPipeline.run(stream, StreamingPipeline.plan(stream));
    Map<String, List<String>> got = Map.of();
    try {
      // The sink writes what has arrived every 10 s, so the folders fill in steps.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline) {
        got = Files.isDirectory(streamOut) ? only(OutputFolders.read(streamOut)) : Map.of();
        if (got.equals(want)) {
          break;
        }
        Thread.sleep(1000);
      }
    } finally {
      cancel(result);
    }
    for (String analytic : ANALYTICS) {
      assertEquals(
          want.get(analytic).size(),
          got.getOrDefault(analytic, List.of()).size(),
          analytic + " rows");
      assertEquals(want.get(analytic), got.get(analytic), analytic);
    }
  }

  private static Map<String, List<String>> only(Map<String, List<String>> folders) {
    Map<String, List<String>> views = new TreeMap<>();
    for (String analytic : ANALYTICS) {
      views.put(analytic, folders.getOrDefault(analytic, List.of()));
    }
    return views;
  }
}
