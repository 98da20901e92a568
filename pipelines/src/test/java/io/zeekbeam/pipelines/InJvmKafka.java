package io.zeekbeam.pipelines;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A real KRaft broker (and controller) in the test JVM, with the few client calls tests need. */
final class InJvmKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private InJvmKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  static InJvmKafka start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "true")
            .setConfigProp("num.partitions", "1")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new InJvmKafka(cluster);
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  void createTopics(Map<String, Integer> partitions) throws Exception {
    createTopics(partitions, Map.of());
  }

  /** Creates topics with the topic settings {@code configs} (e.g. retention.ms). */
  void createTopics(Map<String, Integer> partitions, Map<String, String> configs)
      throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      List<NewTopic> topics = new ArrayList<>();
      partitions.forEach((name, n) -> topics.add(new NewTopic(name, n, (short) 1).configs(configs)));
      admin.createTopics(topics).all().get();
    }
  }

  KafkaProducer<String, String> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p);
  }

  /** Sends {@code value} to one partition and waits for the broker's acknowledgement. */
  void send(KafkaProducer<String, String> producer, String topic, int partition, String value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, partition, null, value)).get();
  }

  /**
   * Reads {@code topics} from the beginning until {@code done} holds for what was read so far
   * (checked after every poll) or {@code timeout} has passed; returns every record read.
   */
  List<ConsumerRecord<String, String>> readUntil(
      List<String> topics, Duration timeout, Predicate<List<ConsumerRecord<String, String>>> done) {
    return readUntil(topics, timeout, done, StringDeserializer.class);
  }

  /** {@link #readUntil(List, Duration, Predicate)} with values read by {@code values}. */
  <V> List<ConsumerRecord<String, V>> readUntil(
      List<String> topics,
      Duration timeout,
      Predicate<List<ConsumerRecord<String, V>>> done,
      Class<? extends Deserializer<V>> values) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, values);
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
    List<ConsumerRecord<String, V>> read = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(topics);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
          read.add(r);
        }
        if (done.test(read)) {
          break;
        }
      }
    }
    return read;
  }

  /**
   * Reads every record that {@code topics} hold now, from the beginning to the end offsets they
   * have when called; fails if that takes longer than {@code timeout}.
   */
  List<ConsumerRecord<String, String>> readAll(List<String> topics, Duration timeout) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> read = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic)
            .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topics + " to " + end);
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          read.add(r);
        }
      }
    }
    return read;
  }

  /** The offsets {@code group} has committed, by partition of {@code topic} (none: absent). */
  Map<Integer, Long> committed(String group, String topic) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers());
    Map<Integer, Long> offsets = new TreeMap<>();
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetAndMetadata> all =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      all.forEach(
          (tp, offset) -> {
            if (tp.topic().equals(topic) && offset != null) {
              offsets.put(tp.partition(), offset.offset());
            }
          });
    }
    return offsets;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
