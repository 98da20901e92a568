package io.zeekbeam.pipelines.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zeekbeam.schemas.LogType;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

class ReadKafkaTopicsTest {

  /** The consumer settings of every Kafka read in a pipeline that reads {@code topics}. */
  private static List<Map<String, Object>> consumerConfigs(Map<String, Object> clientProperties) {
    Map<String, LogType> topics = new LinkedHashMap<>();
    topics.put("conn", LogType.CONN);
    topics.put("dns", LogType.DNS);
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(
        "Kafka",
        new ReadKafkaTopics(
                "127.0.0.1:9",
                topics,
                new KafkaPayloads(2024, ZoneOffset.UTC),
                new EventTimePolicy.Settings(
                    Duration.ZERO,
                    Duration.standardSeconds(30),
                    Duration.standardMinutes(1),
                    Duration.standardMinutes(5)),
                Duration.standardMinutes(1),
                ReadKafkaTopics.StartFrom.earliest(),
                "g",
                "read-kafka-topics-test")
            .withClientProperties(clientProperties));
    List<Map<String, Object>> configs = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() instanceof KafkaIO.Read) {
              KafkaIO.Read<?, ?> read = (KafkaIO.Read<?, ?>) node.getTransform();
              assertEquals(List.of("conn", "dns"), read.getTopics());
              configs.add(read.getConsumerConfig());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    return configs;
  }

  @Test
  void readersFetchLargeBatchesUnlessTheClientPropertiesSayOtherwise() {
    List<Map<String, Object>> configs = consumerConfigs(Map.of());
    assertEquals(1, configs.size(), "one read for all the topics");
    for (Map<String, Object> c : configs) {
      assertEquals(10_000, c.get("max.poll.records"));
      assertEquals(8 * 1024 * 1024, c.get("max.partition.fetch.bytes"));
      assertEquals("g", c.get("group.id"));
    }

    // --kafkaProperties values are strings, as read from the file; they win over the defaults.
    List<Map<String, Object>> given =
        consumerConfigs(Map.of("max.poll.records", "250", "fetch.max.wait.ms", "100"));
    for (Map<String, Object> c : given) {
      assertEquals("250", c.get("max.poll.records"));
      assertEquals(8 * 1024 * 1024, c.get("max.partition.fetch.bytes"));
      assertEquals("100", c.get("fetch.max.wait.ms"));
    }
  }
}
