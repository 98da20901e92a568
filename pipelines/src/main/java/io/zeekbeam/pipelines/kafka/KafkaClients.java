package io.zeekbeam.pipelines.kafka;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/** The Kafka clients of the commands, each configured from the same {@link KafkaProperties}. */
final class KafkaClients {
  private final KafkaProperties properties;
  private final @Nullable String bootstrapServers;

  KafkaClients(KafkaProperties properties, @Nullable String bootstrapServers) {
    this.properties = properties;
    this.bootstrapServers = bootstrapServers;
    // Fails early, with the option's name, when neither the option nor the file names a cluster.
    properties.clientConfig(bootstrapServers, Map.of());
  }

  String bootstrapServers() {
    return properties.clientConfig(bootstrapServers, Map.of()).get("bootstrap.servers").toString();
  }

  Admin admin() {
    return Admin.create(
        properties.clientConfig(
            bootstrapServers, Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "zeekbeam-admin")));
  }

  /**
   * A producer for bulk replays: larger batches, a short linger and lz4 (log lines compress
   * well); the file may change any of these.
   */
  KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        properties.clientConfig(
            bootstrapServers,
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
            Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "zeekbeam-replay",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName())));
  }

  /**
   * A consumer outside any group: it is assigned partitions and commits nothing. Values are bytes,
   * since a topic may hold Avro values as well as text.
   */
  KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(
        properties.clientConfig(
            bootstrapServers,
            Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "zeekbeam-tail",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName())));
  }

  /**
   * Checks that the cluster answers (and accepts the credentials) within {@code seconds}, so that
   * a wrong address or password is one clear message rather than a minute of client retries.
   */
  static void checkReachable(Admin admin, String bootstrapServers, int seconds)
      throws KafkaCommandException {
    try {
      admin.describeCluster().clusterId().get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new KafkaCommandException(
          "no answer from Kafka at " + bootstrapServers + " within " + seconds + " s"
              + " (is it running? are --bootstrapServers and --kafkaProperties right?)");
    } catch (ExecutionException e) {
      throw new KafkaCommandException(
          "cannot use Kafka at " + bootstrapServers + ": " + KafkaCommandException.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaCommandException("interrupted");
    }
  }
}
