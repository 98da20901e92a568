package io.zeekbeam.pipelines.streaming;

import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.kafka.common.TopicPartition;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The event time and watermark of one Kafka partition: each record is stamped with the event time
 * of its payload (Zeek {@code ts}, the syslog header), never the Kafka timestamp, and the watermark
 * never comes from the wall clock. DESIGN.md records why: a watermark that is the wall clock even
 * once makes every replayed record late, and the watermark never goes back.
 *
 * <ul>
 *   <li>The watermark is the largest event time read from this partition less {@link
 *       Settings#delay}: records up to that much out of order are on time.
 *   <li>A partition read to its end ({@code backlog 0}) with no record for {@link
 *       Settings#idleAfter} of wall-clock time stops holding the others back: it follows the
 *       largest event time read from any partition of the run (in this JVM) less the delay. An empty
 *       partition does so too, once the others have read something.
 *   <li>When it has been quiet for {@link Settings#flushAfter}, it moves to that largest event time
 *       plus {@link Settings#flushHorizon} (the longest window or join of the analytics), so the
 *       windows holding the last records are emitted rather than waiting for records that may never
 *       come. A record that comes after that with an older event time is late.
 *   <li>It never moves back, and never reaches the end of time (which a runner reads as the end of
 *       the input).
 * </ul>
 *
 * <p>A record whose payload cannot be parsed has no event time: it is stamped with the largest
 * event time read from the partition so far, and the parse step dead-letters it.
 *
 * <p>The policy parses each record to find its event time, just before the reader hands the
 * record on; the parse step, chained to the reader in the same thread, takes that parse ({@link
 * LastRead}) instead of parsing the record again, and judges lateness by the watermarks the
 * partitions' policies have ({@link ReadAhead.Progress#watermark}, {@link ReadAhead#watermarkOf}).
 *
 * <p>The largest event time is shared through a static map keyed by the run, so it spans the
 * partitions read in one JVM only; on a cluster of several task managers each follows its own.
 */
public final class EventTimePolicy extends TimestampPolicy<byte[], byte[]> {
  private static final Map<String, AtomicLong> LARGEST = new ConcurrentHashMap<>();
  private static final long NONE = Long.MIN_VALUE;
  private static final Instant CEILING =
      GlobalWindow.INSTANCE.maxTimestamp().minus(Duration.standardDays(1));

  /** How the watermark follows the event times. */
  public static final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;
    final Duration delay;
    final Duration idleAfter;
    final Duration flushAfter;
    final Duration flushHorizon;

    public Settings(Duration delay, Duration idleAfter, Duration flushAfter, Duration flushHorizon) {
      this.delay = delay;
      this.idleAfter = idleAfter;
      this.flushAfter = flushAfter;
      this.flushHorizon = flushHorizon;
    }

    public Duration delay() {
      return delay;
    }

    public Duration idleAfter() {
      return idleAfter;
    }

    public Duration flushAfter() {
      return flushAfter;
    }
  }

  /**
   * One record as the policy read it: its offset, its text, and the parse of it, or why it could
   * not be parsed. Immutable, handed to the parse step whole.
   */
  static final class LastRead {
    final long offset;
    final String text;
    final KafkaPayloads.@Nullable Parsed parsed;
    final @Nullable String error;

    LastRead(long offset, String text, KafkaPayloads.@Nullable Parsed parsed, @Nullable String error) {
      this.offset = offset;
      this.text = text;
      this.parsed = parsed;
      this.error = error;
    }

    /** Parses a record read from a topic of {@code type}; a record that is not one gives why. */
    static LastRead of(KafkaPayloads payloads, LogType type, KafkaRecord<byte[], byte[]> record) {
      String text = KafkaPayloads.text(record.getKV().getValue());
      try {
        return new LastRead(
            record.getOffset(), text, payloads.parse(type, text, record.getTimestamp()), null);
      } catch (BadRecordException e) {
        return new LastRead(record.getOffset(), text, null, e.getMessage());
      }
    }
  }

  private final String run;
  private final LogType type;
  private final KafkaPayloads payloads;
  private final Settings settings;
  private final LongSupplier wallClock;
  private final ReadAhead.Progress progress;
  private Instant watermark;
  private long largestHere = NONE;
  private long lastActivity;

  EventTimePolicy(
      String run,
      TopicPartition partition,
      LogType type,
      KafkaPayloads payloads,
      Settings settings,
      Optional<Instant> previousWatermark,
      LongSupplier wallClock) {
    this.run = run;
    this.type = type;
    this.payloads = payloads;
    this.settings = settings;
    this.wallClock = wallClock;
    this.progress = ReadAhead.progress(run, partition);
    this.watermark = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.lastActivity = wallClock.getAsLong();
    // A reader (re)started, from a checkpoint or from nothing: the partition's watermark for the
    // parse step starts again from this policy's, so that records read again after a failure are
    // judged as the first time, not by how far the failed reader had got.
    this.progress.watermark =
        previousWatermark.isPresent() ? watermark.getMillis() : NONE;
    this.progress.lastRead = null;
  }

  /**
   * The policies of the topics of one run, each read as the log type {@code topics} gives it
   * ({@code run} names the run; every topic of it shares the largest event time).
   */
  public static TimestampPolicyFactory<byte[], byte[]> factory(
      String run, Map<String, LogType> topics, KafkaPayloads payloads, Settings settings) {
    Map<String, LogType> types = new HashMap<>(topics);
    return (TimestampPolicyFactory<byte[], byte[]>)
        (TopicPartition tp, Optional<Instant> previous) ->
            new EventTimePolicy(
                run,
                tp,
                Objects.requireNonNull(types.get(tp.topic()), tp.topic()),
                payloads,
                settings,
                previous,
                System::currentTimeMillis);
  }

  /** The partition's watermark for the parse step: this policy's, or more if it has read on. */
  private void noteWatermark(long millis) {
    if (millis > progress.watermark) {
      progress.watermark = millis;
    }
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<byte[], byte[]> record) {
    lastActivity = wallClock.getAsLong();
    LastRead read = LastRead.of(payloads, type, record);
    progress.lastRead = read;
    KafkaPayloads.Parsed parsed = read.parsed;
    if (parsed == null || parsed.isSkipped()) {
      return stampWithoutEventTime();
    }
    long eventTime = parsed.eventTime;
    if (eventTime > largestHere) {
      largestHere = eventTime;
      progress.largest = eventTime;
      noteWatermark(eventTime - settings.delay.getMillis());
    }
    LARGEST.computeIfAbsent(run, r -> new AtomicLong(NONE)).accumulateAndGet(eventTime, Math::max);
    return new Instant(eventTime);
  }

  private Instant stampWithoutEventTime() {
    return largestHere == NONE ? watermark : new Instant(largestHere);
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    long candidate = largestHere == NONE ? NONE : largestHere - settings.delay.getMillis();
    AtomicLong shared = LARGEST.get(run);
    long largest = shared == null ? NONE : shared.get();
    long quiet = wallClock.getAsLong() - lastActivity;
    if (largest != NONE && ctx.getMessageBacklog() == 0) {
      if (quiet >= settings.flushAfter.getMillis()) {
        candidate = Math.max(candidate, largest + settings.flushHorizon.getMillis());
      } else if (quiet >= settings.idleAfter.getMillis()) {
        candidate = Math.max(candidate, largest - settings.delay.getMillis());
      }
    }
    if (candidate != NONE) {
      Instant next = new Instant(Math.min(candidate, CEILING.getMillis()));
      if (next.isAfter(watermark)) {
        watermark = next;
        noteWatermark(next.getMillis());
      }
    }
    return watermark;
  }
}
