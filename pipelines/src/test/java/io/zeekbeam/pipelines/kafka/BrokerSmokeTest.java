package io.zeekbeam.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class BrokerSmokeTest {
  @Test
  void starts() throws Exception {
    try (TestBroker b = TestBroker.start()) {
      assertFalse(b.bootstrapServers().isEmpty());
    }
  }
}
