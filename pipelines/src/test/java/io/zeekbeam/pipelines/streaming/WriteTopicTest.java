package io.zeekbeam.pipelines.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The producer settings a Kafka sink gives KafkaIO (and shows in its display data). */
class WriteTopicTest {
  @Test
  void producersLingerFiveMillisecondsUnlessTheClientPropertiesSayOtherwise() {
    WriteTopic<Object> plain = WriteTopic.of("localhost:9092", "inbound", "zeek.inbound");
    assertEquals(5, plain.producerConfig().get("linger.ms"));

    WriteTopic<Object> own =
        WriteTopic.<Object>of("localhost:9092", "inbound", "zeek.inbound")
            .withClientProperties(
                Map.of(
                    "linger.ms", "50",
                    "security.protocol", "SASL_SSL",
                    "sasl.jaas.config", "secret"));
    Map<String, Object> config = own.producerConfig();
    assertEquals("50", config.get("linger.ms"));
    assertEquals("SASL_SSL", config.get("security.protocol"));
    assertFalse(config.containsKey("sasl.jaas.config"), "secret settings are never shown");
  }
}
