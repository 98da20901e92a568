package io.zeekbeam.pipelines.streaming;

import io.zeekbeam.pipelines.io.AvroMessages;
import io.zeekbeam.pipelines.io.RowJson;
import io.zeekbeam.pipelines.io.WriteOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes one output to its Kafka topic: each row as a JSON value (the same JSON as a batch run's
 * files) or, {@link #asAvro as Avro}, an Avro record in single-object encoding with the checked-in
 * schema of its record class ({@link AvroMessages}); keyed as the walkthrough keys it, the same in
 * both formats.
 *
 * <ul>
 *   <li>Tables (windowed counts and sums, {@code dns-lookups}) are keyed by every column but their
 *       value column: the group key and, for windows, the window's start and end. A key of one
 *       column is its text ({@code dns-lookups}: the query); a key of several is a JSON object of
 *       those columns. Later values of a key replace earlier ones (a changelog, latest value wins),
 *       so a topic with {@code cleanup.policy=compact} keeps the final table.
 *   <li>The watchlist matches are keyed by the name matched (the walkthrough re-keys DNS by {@code
 *       query} and HTTP by {@code host} before its joins), the dead letters by their source.
 *   <li>Every other output is a stream without a key, as the walkthrough's {@code CREATE STREAM ...
 *       AS SELECT}.
 * </ul>
 *
 * <p>Kafka record timestamps are the producer's time, not the rows' event time: an all-time total
 * carries the end of Beam's global window as its event time, which is no time at all.
 */
public final class WriteTopic<T> extends PTransform<PCollection<T>, PDone> {
  private static final long serialVersionUID = 1L;

  /** The value column of each table output, by output name; the other columns are the key. */
  private static final Map<String, String> TABLE_VALUES =
      Map.of(
          "dns-lookups", "LOOKUPS",
          "hostname-counts", "COUNT",
          "bytes-by-service", "SUM_BYTES",
          "ssh-brute-force", "COUNT_OF_INVALID_SSH");

  /** The key column of keyed streams, by output name. */
  private static final Map<String, String> STREAM_KEYS =
      Map.of("watchlist-dns", "query", "watchlist-http", "host", "dead-letter", "source");

  /**
   * Producer settings unless {@code --kafkaProperties} gives its own: {@code linger.ms} 5, the
   * default of Kafka's clients from 4.0 on (KIP-1030) and of librdkafka, instead of 3.9's 0. With 0
   * a producer sends a request as soon as a record is there, so a paced stream of outputs became
   * about one request a record, costing the job's sender thread and the broker CPU that the job
   * needed on a busy machine (BENCHMARKS.md, "Streaming"); an output waits at most 5 ms more.
   */
  static final Map<String, Object> PRODUCER_DEFAULTS = Map.of("linger.ms", 5);

  private final String bootstrapServers;
  private final String name;
  private final String topic;
  private final HashMap<String, Object> clientProperties = new HashMap<>();
  /** The record class whose checked-in Avro schema the values have; null: JSON values. */
  private @Nullable Class<?> avroRecord;

  private WriteTopic(String bootstrapServers, String name, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.name = name;
    this.topic = topic;
  }

  /** Writes the output {@code name} (an analytic id, an input type, dead-letter) to {@code topic}. */
  public static <T> WriteTopic<T> of(String bootstrapServers, String name, String topic) {
    return new WriteTopic<>(bootstrapServers, name, topic);
  }

  /**
   * Client settings of a secured cluster (--kafkaProperties), given to the producer; the secret
   * ones only through the producer factory, never shown ({@link ClientSettings}).
   */
  public WriteTopic<T> withClientProperties(Map<String, Object> properties) {
    clientProperties.putAll(properties);
    return this;
  }

  /**
   * Avro values instead of JSON: each row as a {@code recordClass} record (the schema in {@code
   * schemas/avro/<recordClass>.avsc}), in Avro's single-object encoding.
   */
  public WriteTopic<T> asAvro(Class<?> recordClass) {
    this.avroRecord = recordClass;
    return this;
  }

  /** The key columns of an output with this schema. */
  static List<String> keyColumns(String name, Schema schema) {
    List<String> key = new ArrayList<>();
    String value = TABLE_VALUES.get(name);
    if (value != null) {
      for (Schema.Field f : schema.getFields()) {
        if (!f.getName().equals(value)) {
          key.add(f.getName());
        }
      }
    } else if (STREAM_KEYS.containsKey(name)) {
      key.add(STREAM_KEYS.get(name));
    }
    return key;
  }

  @Override
  public PDone expand(PCollection<T> input) {
    Schema schema = input.getSchema();
    List<String> key = keyColumns(name, schema);
    for (String column : key) {
      if (!schema.hasField(column)) {
        throw new IllegalStateException(
            name + ": key column " + column + " is not in the output schema " + schema);
      }
    }
    PCollection<Row> rows = input.apply("ToRows", Convert.toRows());
    if (avroRecord == null) {
      return write(
          rows,
          "ToKeyedJson",
          new ToKeyedValueFn<>(name, key, RowJson::toJson),
          StringUtf8Coder.of(),
          StringSerializer.class);
    }
    AvroMessages.Encoder avro = new AvroMessages.Encoder(schema, avroRecord);
    return write(
        rows,
        "ToKeyedAvro",
        new ToKeyedValueFn<>(name, key, avro::encode),
        ByteArrayCoder.of(),
        ByteArraySerializer.class);
  }

  private <V> PDone write(
      PCollection<Row> rows,
      String step,
      ToKeyedValueFn<V> toValues,
      Coder<V> valueCoder,
      Class<? extends Serializer<V>> valueSerializer) {
    return rows.apply(step, ParDo.of(toValues))
        .setCoder(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), valueCoder))
        .apply(
            "WriteKafka",
            KafkaIO.<String, V>write()
                .withBootstrapServers(bootstrapServers)
                .withTopic(topic)
                .withKeySerializer(StringSerializer.class)
                .withValueSerializer(valueSerializer)
                .withProducerConfigUpdates(producerConfig())
                .withProducerFactoryFn(new ClientSettings.Producers<String, V>(clientProperties)));
  }

  /** The shown producer settings, with {@link #PRODUCER_DEFAULTS} where they say nothing. */
  Map<String, Object> producerConfig() {
    return ClientSettings.shown(clientProperties, PRODUCER_DEFAULTS);
  }

  /** How a row becomes a record value. */
  private interface ValueEncoder<V> extends SerializableFunction<Row, V> {}

  private static final class ToKeyedValueFn<V> extends DoFn<Row, KV<@Nullable String, V>> {
    private static final long serialVersionUID = 1L;
    private final List<String> key;
    private final ValueEncoder<V> value;
    private final Counter written;

    ToKeyedValueFn(String name, List<String> key, ValueEncoder<V> value) {
      this.key = key;
      this.value = value;
      this.written = Metrics.counter(WriteOutput.NAMESPACE, name + ".written");
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<@Nullable String, V>> out) {
      written.inc();
      out.output(KV.of(key(row), value.apply(row)));
    }

    private @Nullable String key(Row row) {
      if (key.isEmpty()) {
        return null;
      }
      if (key.size() == 1) {
        Object v = row.getValue(key.get(0));
        return v == null ? null : v.toString();
      }
      Schema.Builder schema = Schema.builder();
      List<Object> values = new ArrayList<>();
      for (String column : key) {
        schema.addField(row.getSchema().getField(column));
        values.add(row.getValue(column));
      }
      return RowJson.toJson(Row.withSchema(schema.build()).addValues(values).build());
    }
  }
}
