package io.zeekbeam.pipelines.streaming;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.parse.InputCounters;
import io.zeekbeam.transforms.parse.ParsedLogs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads one Kafka topic per input and parses it into {@link ParsedLogs}, the same tuple the file
 * reader gives, so nothing downstream knows the source.
 *
 * <p>All the topics are one {@code KafkaIO} read (the legacy unbounded reader), whose {@link
 * EventTimePolicy} stamps records with their payload's event time, each topic read as its input's
 * log type. The records are then parsed in the reader's thread, in offset order per partition
 * ({@link ParseRecordsFn}): one read and not one per topic, since a step with more than one input
 * (the union of several reads) is never chained by Flink, and every record would be encoded and
 * decoded to reach it. A record that is not a record of its topic's type, or that arrives later
 * than the allowed lateness (its event time further behind the watermark than that),
 * becomes a dead letter whose source is {@code topic/partition@offset}; a Zeek record whose {@code
 * _path} is a log zeekbeam does not read is counted as skipped. Counts: {@link InputCounters}, as
 * for files.
 *
 * <p>Each reader's offsets are part of the checkpoint, so a job resumed from one reads every
 * partition from the offset saved in it: the records after it are read again (at least once).
 * They are also committed to the consumer group when a checkpoint is finalised ({@code
 * commitOffsetsInFinalize}), where a job started without saved state begins.
 */
public final class ReadKafkaTopics extends PTransform<PBegin, ParsedLogs> {
  private static final long serialVersionUID = 1L;

  /**
   * Consumer settings of every reader unless {@code --kafkaProperties} gives its own: larger
   * batches from the broker than Kafka's defaults (500 records a poll, 1 MiB a partition a fetch).
   * Beam's Kafka reader hands its consumer's batches over one at a time, and when the next is not
   * there yet the Flink runner's source loop sleeps 50 ms; with batches of a few hundred records
   * those sleeps, not the CPU, held a partition to a few thousand records a second while it caught
   * up a backlog (BENCHMARKS.md, "Streaming"). A poll still returns at once with whatever has
   * arrived, so a live feed waits no longer for its records; a partition's fetch buffer can hold
   * up to 8 MiB.
   */
  static final Map<String, Object> CONSUMER_DEFAULTS =
      Map.of("max.poll.records", 10_000, "max.partition.fetch.bytes", 8 << 20);

  /** Where reading starts when the group has no committed offset. */
  public static final class StartFrom implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final @Nullable String offsetReset;
    final @Nullable Instant time;

    private StartFrom(@Nullable String offsetReset, @Nullable Instant time) {
      this.offsetReset = offsetReset;
      this.time = time;
    }

    public static StartFrom earliest() {
      return new StartFrom("earliest", null);
    }

    public static StartFrom latest() {
      return new StartFrom("latest", null);
    }

    /** The first records whose Kafka timestamp is at or after {@code time}. */
    public static StartFrom time(Instant time) {
      return new StartFrom(null, time);
    }
  }

  private final String bootstrapServers;
  private final Map<String, LogType> topics;
  private final KafkaPayloads payloads;
  private final EventTimePolicy.Settings watermarks;
  private final Duration allowedLateness;
  private final StartFrom startFrom;
  private final String groupId;
  private final String run;
  private final HashMap<String, Object> clientProperties = new HashMap<>();
  private @Nullable Duration readAhead;

  /**
   * Client settings of a secured cluster (--kafkaProperties), given to every consumer; the secret
   * ones only through the consumer factory, never shown ({@link ClientSettings}).
   */
  public ReadKafkaTopics withClientProperties(Map<String, Object> properties) {
    clientProperties.putAll(properties);
    return this;
  }

  /**
   * Keeps every partition read within {@code limit} of event time of the slowest partition that
   * still has records to read ({@link ReadAhead}); null reads each as fast as it goes.
   */
  public ReadKafkaTopics withReadAhead(@Nullable Duration limit) {
    this.readAhead = limit;
    return this;
  }

  /**
   * @param topics the topic of each input, in reading order
   * @param run names this run for the watermarks' shared state (unique per pipeline in a JVM)
   */
  public ReadKafkaTopics(
      String bootstrapServers,
      Map<String, LogType> topics,
      KafkaPayloads payloads,
      EventTimePolicy.Settings watermarks,
      Duration allowedLateness,
      StartFrom startFrom,
      String groupId,
      String run) {
    this.bootstrapServers = bootstrapServers;
    this.topics = new LinkedHashMap<>(topics);
    this.payloads = payloads;
    this.watermarks = watermarks;
    this.allowedLateness = allowedLateness;
    this.startFrom = startFrom;
    this.groupId = groupId;
    this.run = run;
  }

  @Override
  public ParsedLogs expand(PBegin begin) {
    // Keys are usually null, and a value may be null (a tombstone): ByteArrayCoder refuses both.
    Coder<byte[]> bytes = NullableCoder.of(ByteArrayCoder.of());
    Map<String, Object> consumer = ClientSettings.shown(clientProperties, CONSUMER_DEFAULTS);
    consumer.put("group.id", groupId);
    if (startFrom.offsetReset != null) {
      consumer.put("auto.offset.reset", startFrom.offsetReset);
    }
    KafkaIO.Read<byte[], byte[]> kafka =
        KafkaIO.<byte[], byte[]>read()
            .withBootstrapServers(bootstrapServers)
            .withTopics(new ArrayList<>(topics.keySet()))
            .withKeyDeserializerAndCoder(ByteArrayDeserializer.class, bytes)
            .withValueDeserializerAndCoder(ByteArrayDeserializer.class, bytes)
            .withConsumerConfigUpdates(consumer)
            .withConsumerFactoryFn(
                new ClientSettings.Consumers(
                    clientProperties,
                    new ReadAhead.Limit(run, readAhead == null ? null : readAhead.getMillis())))
            .withTimestampPolicyFactory(EventTimePolicy.factory(run, topics, payloads, watermarks))
            .commitOffsetsInFinalize();
    if (startFrom.time != null) {
      kafka = kafka.withStartReadTime(startFrom.time);
    }
    return ParsedLogs.of(
        begin
            .apply("Read", kafka)
            .apply(
                "ParseRecords",
                ParDo.of(new ParseRecordsFn(topics, payloads, allowedLateness, run))
                    .withOutputTags(ParsedLogs.DEAD_LETTERS, ParsedLogs.RECORD_TAGS)));
  }

  /**
   * Parses the records of every partition and judges their lateness, in the reader's own thread:
   * nothing between the reader and this step makes Flink hand the records to another task, so it
   * is chained to the reader, and so is what follows it.
   *
   * <p>The partition's timestamp policy ({@link EventTimePolicy}) has just parsed the record to
   * find its event time; this step takes that parse ({@link EventTimePolicy.LastRead}, matched by
   * offset; parsed again only if it is not the record's). A record is late when its event time
   * plus the allowed lateness is before the run's watermark: the least of the watermarks the
   * policies of the run's partitions have ({@link ReadAhead#watermarkOf}), as the runner's
   * watermark after the readers is the least of what they hand on. It is never behind that
   * watermark, so no window or join downstream can find late a record this step passed; and in a
   * JVM that reads all the partitions (the embedded cluster) it is that watermark, without the
   * delay of handing it on.
   */
  static final class ParseRecordsFn extends DoFn<KafkaRecord<byte[], byte[]>, DeadLetter> {
    private static final long serialVersionUID = 1L;
    static final String STAGE_PARSE = "parse-kafka-record";
    static final String STAGE_LATE = "late-data";

    private final Map<String, LogType> topics;
    private final KafkaPayloads payloads;
    private final Duration allowedLateness;
    private final String run;
    private final InputCounters counters = new InputCounters();
    private transient Map<TopicPartition, ReadAhead.Progress> partitions;

    ParseRecordsFn(
        Map<String, LogType> topics, KafkaPayloads payloads, Duration allowedLateness, String run) {
      this.topics = topics;
      this.payloads = payloads;
      this.allowedLateness = allowedLateness;
      this.run = run;
    }

    @Setup
    public void setup() {
      partitions = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KafkaRecord<byte[], byte[]> record, MultiOutputReceiver out) {
      LogType topicType = topics.get(record.getTopic());
      ReadAhead.Progress progress =
          partitions.computeIfAbsent(
              new TopicPartition(record.getTopic(), record.getPartition()),
              tp -> ReadAhead.progress(run, tp));
      EventTimePolicy.LastRead read = progress.lastRead;
      if (read == null || read.offset != record.getOffset()) {
        // The policy's parse is not at hand (another thread read the record): parse it here.
        read = EventTimePolicy.LastRead.of(payloads, topicType, record);
      }
      String source = record.getTopic() + "/" + record.getPartition() + "@" + record.getOffset();
      KafkaPayloads.Parsed parsed = read.parsed;
      if (parsed == null) {
        counters.inc(topicType.id(), InputCounters.READ);
        dead(out, topicType, STAGE_PARSE, source, String.valueOf(read.error), read.text, null);
        return;
      }
      if (parsed.isSkipped()) {
        counters.inc(parsed.skippedPath, InputCounters.SKIPPED);
        return;
      }
      LogType type = parsed.type;
      counters.inc(type.id(), InputCounters.READ);
      // The run's watermark is at most the partition's own: only a record behind that needs it.
      long deadline = parsed.eventTime + allowedLateness.getMillis();
      long watermark = deadline < progress.watermark ? ReadAhead.watermarkOf(run) : Long.MIN_VALUE;
      if (deadline < watermark) {
        dead(
            out,
            type,
            STAGE_LATE,
            source,
            "event time "
                + new Instant(parsed.eventTime)
                + " is "
                + (watermark - parsed.eventTime)
                + " ms behind the watermark "
                + new Instant(watermark)
                + ", more than the allowed lateness of "
                + allowedLateness.getMillis()
                + " ms",
            read.text,
            parsed.eventTime);
        return;
      }
      counters.inc(type.id(), InputCounters.PARSED);
      @SuppressWarnings("unchecked")
      TupleTag<Object> tag = (TupleTag<Object>) ParsedLogs.tagOf(type);
      out.get(tag).output(parsed.record);
    }

    private void dead(
        MultiOutputReceiver out,
        LogType type,
        String stage,
        String source,
        String reason,
        String text,
        @Nullable Long eventTime) {
      counters.inc(type.id(), InputCounters.DEAD_LETTERED);
      out.get(ParsedLogs.DEAD_LETTERS)
          .output(DeadLetter.of(stage, type.id(), source, reason, text, eventTime));
    }
  }
}
