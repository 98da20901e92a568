package io.zeekbeam.pipelines.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A single-node KRaft broker (broker and controller in one) started in the test JVM. */
final class TestBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private TestBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** A plain-text broker. */
  static TestBroker start() throws Exception {
    return start(Map.of());
  }

  /**
   * A broker whose client listener takes SASL/PLAIN logins only: {@code users} maps user names to
   * passwords (the broker itself logs in as {@code admin}).
   */
  static TestBroker startSaslPlain(Map<String, String> users) throws Exception {
    StringBuilder jaas =
        new StringBuilder(
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"admin\" password=\"admin-pw\" user_admin=\"admin-pw\"");
    users.forEach((u, p) -> jaas.append(" user_").append(u).append("=\"").append(p).append('"'));
    jaas.append(';');
    return start(
        Map.of(
            "listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
            "sasl.enabled.mechanisms", "PLAIN",
            "sasl.mechanism.inter.broker.protocol", "PLAIN",
            "listener.name.external.plain.sasl.jaas.config", jaas.toString()));
  }

  private static TestBroker start(Map<String, String> config) throws Exception {
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(
            new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
    // One broker: the group coordinator's offsets topic (which consumer groups, so the streaming
    // job, need) must have one replica, or it is never created and every group lookup hangs.
    builder.setConfigProp("offsets.topic.replication.factor", "1");
    builder.setConfigProp("offsets.topic.num.partitions", "1");
    builder.setConfigProp("group.initial.rebalance.delay.ms", "0");
    config.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new TestBroker(cluster);
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Every record of a topic (plain-text broker), in partition then offset order. */
  static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName()))) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo p : c.partitionsFor(topic, Duration.ofSeconds(10))) {
        parts.add(new TopicPartition(topic, p.partition()));
      }
      parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("reading " + topic + " took over 30 s");
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      out.sort(
          (a, b) ->
              a.partition() != b.partition()
                  ? Integer.compare(a.partition(), b.partition())
                  : Long.compare(a.offset(), b.offset()));
      return out;
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
