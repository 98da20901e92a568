package io.zeekbeam.pipelines;

import static io.zeekbeam.pipelines.StreamingKafkaTest.cancel;
import static io.zeekbeam.pipelines.StreamingKafkaTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming run reads {@code --watchlist} again every {@code --watchlistRefresh}: a domain added
 * to the file while the job runs matches the DNS records that arrive after the next read, without
 * a restart, over a real broker on Flink's local cluster.
 */
class StreamingWatchlistRefreshTest {
  private static final long T0 = 1_772_409_600_000L;

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
  void aDomainAddedToTheWatchlistFileMatchesWithoutARestart() throws Exception {
    Path watchlist = tmp.resolve("watchlist.txt");
    Files.writeString(watchlist, "listed-a.example.com\n");
    kafka.createTopics(Map.of("wl-dns", 1));
    RunOptions o =
        options(
            "--source=kafka",
            "--bootstrapServers=" + kafka.bootstrapServers(),
            "--connTopic=",
            "--dnsTopic=wl-dns",
            "--httpTopic=",
            "--sslTopic=",
            "--x509Topic=",
            "--syslogTopic=",
            "--analytics=watchlist-dns",
            "--watchlist=" + watchlist,
            "--watchlistRefresh=1s",
            "--topicPrefix=wl-",
            "--groupId=watchlist",
            "--idleAfter=1s",
            "--flushAfter=2s",
            "--runner=FlinkRunner",
            "--parallelism=1",
            "--stateDir=" + tmp.resolve("state-watchlist"),
            "--attachedMode=false");
    PipelineResult result = StreamingPipeline.run(o, StreamingPipeline.plan(o));
    List<ConsumerRecord<String, String>> matches;
    try (KafkaProducer<String, String> producer = kafka.producer()) {
      kafka.send(producer, "wl-dns", 0, dns(T0, "Da1", "listed-a.example.com"));
      kafka.send(producer, "wl-dns", 0, dns(T0 + 1000, "Db1", "listed-b.example.com"));
      matches =
          kafka.readUntil(
              List.of("wl-watchlist-dns"), Duration.ofSeconds(60), r -> uids(r).contains("Da1"));
      assertEquals(List.of("Da1"), uids(matches), "before the edit");

      // Replaced as editors and deploy tools do, so that no read sees half a file.
      Path edited = tmp.resolve("watchlist.txt.new");
      Files.writeString(edited, "listed-a.example.com\nlisted-b.example.com\n");
      Files.move(edited, watchlist, StandardCopyOption.ATOMIC_MOVE);
      Thread.sleep(3000);

      // Ten minutes on: the quiet spell let the watermark pass the end of the first records' window.
      kafka.send(producer, "wl-dns", 0, dns(T0 + 600_000, "Db2", "listed-b.example.com"));
      kafka.send(producer, "wl-dns", 0, dns(T0 + 601_000, "Da2", "listed-a.example.com"));
      matches =
          kafka.readUntil(
              List.of("wl-watchlist-dns"),
              Duration.ofSeconds(60),
              r -> uids(r).containsAll(List.of("Db2", "Da2")));
    } finally {
      cancel(result);
    }
    assertEquals(List.of("Da1", "Da2", "Db2"), uids(matches).stream().sorted().toList());
    assertTrue(
        matches.stream().anyMatch(r -> "listed-b.example.com".equals(r.key())),
        "keyed by the matched name: " + matches);
  }

  private static List<String> uids(List<ConsumerRecord<String, String>> read) {
    return read.stream()
        .map(r -> r.value().replaceAll(".*\"uid\":\"([^\"]*)\".*", "$1"))
        .collect(Collectors.toList());
  }

  private static String dns(long ms, String uid, String query) {
    return String.format(
        "{\"ts\":%d.%03d,\"uid\":\"%s\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":5353,"
            + "\"id.resp_h\":\"10.0.0.53\",\"id.resp_p\":53,\"proto\":\"udp\",\"query\":\"%s\"}",
        ms / 1000, ms % 1000, uid, query);
  }
}
