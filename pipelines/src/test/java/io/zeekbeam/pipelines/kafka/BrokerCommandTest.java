package io.zeekbeam.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zeekbeam broker} as a user runs it: a process of its own that starts a Kafka broker in a
 * child JVM, serves a record, stops with its broker on a termination signal (what Ctrl-C sends
 * too, as SIGINT), and finds the record again when started anew on the same data folder.
 */
class BrokerCommandTest {
  @TempDir Path tmp;

  @Test
  void startsServesStopsAndKeepsItsData() throws Exception {
    Path dataDir = tmp.resolve("kafka");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + port;

    try (ChildJvm broker = start(port, dataDir)) {
      assertTrue(broker.output().contains("(new)"), broker.output());
      try (KafkaProducer<String, String> p =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                  ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                  ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                      StringSerializer.class.getName()))) {
        p.send(new ProducerRecord<>("hello", null, 1_000L, "k", "v")).get(30, TimeUnit.SECONDS);
      }
      assertOne(TestBroker.readAll(bootstrap, "hello"));
      stop(broker);
    }

    try (ChildJvm again = start(port, dataDir)) {
      assertTrue(again.output().contains("(reused)"), again.output());
      assertOne(TestBroker.readAll(bootstrap, "hello"));
      stop(again);
    }
    assertTrue(Files.exists(dataDir.resolve("broker.log")));
  }

  private static ChildJvm start(int port, Path dataDir) throws Exception {
    ChildJvm broker =
        ChildJvm.start(List.of(), "broker", "--port=" + port, "--dataDir=" + dataDir);
    String line = broker.awaitLine(l -> l.contains("bootstrap servers:"), 60);
    assertTrue(line.endsWith("127.0.0.1:" + port), line);
    broker.awaitLine(l -> l.contains("Ctrl-C stops the broker"), 5);
    return broker;
  }

  /** Sends SIGTERM and checks that zeekbeam and its broker JVM both end. */
  private static void stop(ChildJvm broker) throws Exception {
    List<ProcessHandle> kafka = broker.process.descendants().toList();
    assertFalse(kafka.isEmpty(), "the broker runs in a child JVM");
    broker.process.destroy();
    int code = broker.waitFor(40);
    assertTrue(broker.output().contains("broker stopped"), "exit " + code + ":\n" + broker.output());
    for (ProcessHandle h : kafka) {
      assertFalse(h.isAlive(), "broker JVM " + h.pid() + " still runs");
    }
  }

  private static void assertOne(List<ConsumerRecord<String, String>> records) {
    assertEquals(1, records.size());
    assertEquals("k", records.get(0).key());
    assertEquals("v", records.get(0).value());
    assertEquals(1_000L, records.get(0).timestamp());
  }
}
