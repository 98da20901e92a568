package io.zeekbeam.pipelines.streaming;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Keeps the partitions of a run within {@code limit} of event time of each other while they catch
 * up a backlog.
 *
 * <p>Without it, each topic is read as fast as its own reader goes: after a pause, or from {@code
 * --startFrom=earliest}, the small {@code syslog} and {@code dns} topics run hours ahead of {@code
 * conn} in event time, and everything they read waits in the joins' and windows' state until the
 * watermark, which follows the slowest partition, catches up: state grows with the backlog. Here a
 * partition that has read further than {@code limit} past the slowest partition that still has
 * records to read is paused ({@link KafkaConsumer#pause}) until the slowest catches up. A partition
 * read to its end never holds the others back, so a live feed is never paused, and the results do
 * not change: they depend on event times and the watermark only, not on reading order.
 *
 * <p>What each partition has read is kept in a static map by run: the largest event time from
 * {@link EventTimePolicy} (which sees every record's), the backlog from the consumer's lag after
 * each poll. It spans the partitions read in one JVM: on a cluster of several task managers, each
 * keeps its own partitions together.
 */
public final class ReadAhead {
  private static final long NONE = Long.MIN_VALUE;
  private static final Map<String, Map<TopicPartition, Progress>> RUNS = new ConcurrentHashMap<>();

  private ReadAhead() {}

  /**
   * How long a partition that has read nothing and does not know its backlog holds the others
   * back: a consumer learns its lag from its first fetch, within a poll or two; one that has not
   * after this long (a broker that does not answer for it) must not stall the rest.
   */
  static final long STARTING_NANOS = 30_000_000_000L;

  /**
   * How far one partition has read: the largest event time read, and the records left; and, for
   * the parse step chained after the reader ({@code ReadKafkaTopics}), the partition's watermark
   * and the record its timestamp policy read last, parsed.
   */
  static final class Progress {
    volatile long largest = NONE;
    /** Records left to read, or -1 while not known. */
    volatile long backlog = -1;
    /**
     * The partition's watermark as its timestamp policy has it, epoch ms ({@code Long.MIN_VALUE}
     * before it has one): never behind the watermark the reader has handed on for it.
     */
    volatile long watermark = NONE;
    /** The last record the timestamp policy read, as it parsed it; null before the first. */
    volatile EventTimePolicy.@Nullable LastRead lastRead;

    private final long createdNanos;

    Progress() {
      this(System.nanoTime());
    }

    Progress(long createdNanos) {
      this.createdNanos = createdNanos;
    }

    /**
     * Whether this partition still has records to read: a known backlog, or none known yet and
     * nothing read for less than {@link #STARTING_NANOS} (a reader just started, which is about to
     * find its backlog).
     */
    boolean lagging(long nowNanos) {
      return backlog > 0
          || (backlog < 0 && largest == NONE && nowNanos - createdNanos < STARTING_NANOS);
    }
  }

  /**
   * The run's watermark as far as this JVM knows it: the least of its partitions' watermarks ({@link
   * Progress#watermark}), the end of time's opposite while one of them has none yet. Every
   * partition the run reads here counts, assigned or read, so that, as the runner's own
   * watermark, it is held back by the slowest.
   */
  static long watermarkOf(String run) {
    long least = Long.MAX_VALUE;
    for (Progress p : of(run).values()) {
      least = Math.min(least, p.watermark);
    }
    return least == Long.MAX_VALUE ? NONE : least;
  }

  /** The progress record of one partition of a run (created on first use). */
  static Progress progress(String run, TopicPartition tp) {
    return of(run).computeIfAbsent(tp, p -> new Progress());
  }

  /**
   * The partitions of {@code assigned} to pause: those that have read more than {@code limitMillis}
   * of event time past the slowest partition of the run that still has records to read ({@link
   * Progress#lagging}). A lagging partition that has read nothing yet counts as the slowest of all
   * (it is about to start, for at most {@link #STARTING_NANOS}); a partition that has read nothing
   * is never paused.
   */
  static List<TopicPartition> toPause(
      Map<TopicPartition, Progress> run, Collection<TopicPartition> assigned, long limitMillis) {
    long slowest = Long.MAX_VALUE;
    long now = System.nanoTime();
    for (Progress p : run.values()) {
      if (p.lagging(now)) {
        slowest = Math.min(slowest, p.largest);
      }
    }
    List<TopicPartition> out = new ArrayList<>();
    if (slowest == Long.MAX_VALUE) {
      return out;
    }
    for (TopicPartition tp : assigned) {
      Progress p = run.get(tp);
      if (p != null && p.largest != NONE && (slowest == NONE || p.largest - slowest > limitMillis)) {
        out.add(tp);
      }
    }
    return out;
  }

  /**
   * What each partition of {@code topic} has read so far, over the runs in this JVM that read it:
   * {largest event time read (Long.MIN_VALUE: none yet), records left (-1: not known)}. For tests
   * and diagnostics.
   */
  public static Map<TopicPartition, long[]> readSoFar(String topic) {
    Map<TopicPartition, long[]> out = new java.util.HashMap<>();
    RUNS.forEach(
        (run, partitions) ->
            partitions.forEach(
                (tp, p) -> {
                  if (tp.topic().equals(topic)) {
                    out.put(tp, new long[] {p.largest, p.backlog});
                  }
                }));
    return out;
  }

  /** The run's progress map as the consumers see it (empty until a partition reports). */
  static Map<TopicPartition, Progress> of(String run) {
    return RUNS.computeIfAbsent(run, r -> new ConcurrentHashMap<>());
  }

  /** How a run's consumers are held together: the run's name and the limit, if any. */
  static final class Limit implements Serializable {
    private static final long serialVersionUID = 1L;
    final String run;
    final @Nullable Long millis;

    /** {@code millis} null: no limit; the consumers still note what they read. */
    Limit(String run, @Nullable Long millis) {
      this.run = run;
      this.millis = millis;
    }
  }

  /**
   * KafkaIO's consumer, which before each poll pauses the partitions that have read too far ahead
   * and resumes the others, and after it notes each partition's backlog (the consumer's own lag,
   * known from its last fetch without asking the broker).
   */
  static final class AligningConsumer<K, V> extends KafkaConsumer<K, V> {
    private final Map<TopicPartition, Progress> run;
    private final @Nullable Long limitMillis;

    AligningConsumer(Map<String, Object> config, Limit limit) {
      super(config);
      this.run = of(limit.run);
      this.limitMillis = limit.millis;
    }

    private void align() {
      Set<TopicPartition> assigned = assignment();
      if (assigned.isEmpty()) {
        return;
      }
      for (TopicPartition tp : assigned) {
        // Registered before the first fetch, so that the others wait for it to start.
        run.computeIfAbsent(tp, p -> new Progress());
      }
      if (limitMillis == null) {
        return;
      }
      List<TopicPartition> pause = toPause(run, assigned, limitMillis);
      List<TopicPartition> resume = new ArrayList<>(paused());
      resume.removeAll(pause);
      if (!resume.isEmpty()) {
        resume(resume);
      }
      if (!pause.isEmpty()) {
        pause(pause);
      }
    }

    private void noteBacklogs() {
      for (TopicPartition tp : assignment()) {
        OptionalLong lag = currentLag(tp);
        Progress p = run.get(tp);
        if (p != null && lag.isPresent()) {
          p.backlog = lag.getAsLong();
        }
      }
    }

    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
      align();
      ConsumerRecords<K, V> records = super.poll(timeout);
      noteBacklogs();
      return records;
    }

    @Override
    @SuppressWarnings("deprecation") // KafkaIO's UnboundedSource reader still calls poll(long)
    public ConsumerRecords<K, V> poll(long timeoutMillis) {
      align();
      ConsumerRecords<K, V> records = super.poll(timeoutMillis);
      noteBacklogs();
      return records;
    }
  }
}
