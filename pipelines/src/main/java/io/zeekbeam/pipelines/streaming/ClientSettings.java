package io.zeekbeam.pipelines.streaming;

import io.zeekbeam.pipelines.kafka.KafkaProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The client settings of {@code --kafkaProperties} as KafkaIO gets them. KafkaIO shows every
 * setting given to {@code withConsumerConfigUpdates} / {@code withProducerConfigUpdates} in its
 * display data (what runners and their UIs show of a transform), so only the settings that are not
 * secret ({@link KafkaProperties#isSecret}) go there; the secret ones ({@code sasl.jaas.config},
 * passwords, ...) are added by the consumer and producer factories, which are serialized into the
 * job for its workers but never displayed.
 */
final class ClientSettings {
  private ClientSettings() {}

  /** The settings that may be shown. */
  static Map<String, Object> shown(Map<String, Object> all) {
    Map<String, Object> out = new HashMap<>();
    all.forEach(
        (k, v) -> {
          if (!KafkaProperties.isSecret(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** The settings that may be shown, with {@code defaults} for the keys they do not set. */
  static Map<String, Object> shown(Map<String, Object> all, Map<String, Object> defaults) {
    Map<String, Object> out = shown(all);
    defaults.forEach(out::putIfAbsent);
    return out;
  }

  /** The settings that must not be shown. */
  static HashMap<String, Object> secret(Map<String, Object> all) {
    HashMap<String, Object> out = new HashMap<>();
    all.forEach(
        (k, v) -> {
          if (KafkaProperties.isSecret(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** Makes KafkaIO's consumers (readers, offset fetchers, committers) with the secret settings. */
  static final class Consumers
      implements SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, Object> secret;
    private final ReadAhead.Limit readAhead;

    /** Consumers that keep the run's partitions within {@code readAhead} ({@link ReadAhead}). */
    Consumers(Map<String, Object> all, ReadAhead.Limit readAhead) {
      this.secret = secret(all);
      this.readAhead = readAhead;
    }

    @Override
    public Consumer<byte[], byte[]> apply(Map<String, Object> config) {
      Map<String, Object> withSecrets = new HashMap<>(config);
      withSecrets.putAll(secret);
      return new ReadAhead.AligningConsumer<>(withSecrets, readAhead);
    }

    @Override
    public String toString() {
      return "Consumers with " + secret.size() + " hidden settings";
    }
  }

  /** Makes KafkaIO's producers with the secret settings. */
  static final class Producers<K, V>
      implements SerializableFunction<Map<String, Object>, Producer<K, V>> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, Object> secret;

    Producers(Map<String, Object> all) {
      this.secret = secret(all);
    }

    @Override
    public Producer<K, V> apply(Map<String, Object> config) {
      Map<String, Object> withSecrets = new HashMap<>(config);
      withSecrets.putAll(secret);
      return new KafkaProducer<>(withSecrets);
    }

    @Override
    public String toString() {
      return "Producers with " + secret.size() + " hidden settings";
    }
  }
}
