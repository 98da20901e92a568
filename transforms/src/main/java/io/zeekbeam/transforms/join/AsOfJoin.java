package io.zeekbeam.transforms.join;

import io.zeekbeam.schemas.DeadLetter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.InstantCoder;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;

import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TimestampedValue.TimestampedValueCoder;
import org.apache.beam.sdk.values.TupleTag;

import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A stream–table join as of the event's time: each event is joined with the latest record of its
 * key in a versioned table whose timestamp is at most {@code tolerance} after the event. Built for
 * certificates: since Zeek 4.1 an x509 record is logged once a day per fingerprint, so an SSL event
 * must find the certificate as last logged, not one logged within a second of it; and the record of
 * a certificate first seen by this very connection is written just after the SSL event, hence the
 * tolerance (default one second).
 *
 * <pre>{@code
 * JoinResult<String, ZeekSsl, ZeekX509> sslWithCert =
 *     sslByFingerprint.apply(
 *         "CertificateAsOfEvent",
 *         AsOfJoin.<String, ZeekSsl, ZeekX509>innerJoin(x509ByFingerprint)
 *             .withInputNames("ssl", "x509"));
 * }</pre>
 *
 * <ul>
 *   <li><b>Input:</b> the events {@code PCollection<KV<K, E>>} the join is applied to and the table
 *       {@code PCollection<KV<K, T>>} given to {@link #innerJoin}, each record a version of its
 *       key's row as of its timestamp. Both stamped with event time; their windows do not matter
 *       (both are moved to the global window, since a table is not windowed).
 *   <li><b>Output:</b> {@link JoinResult#joined()}: for each event, {@code KV<key, Joined<event,
 *       version>>} with the version of greatest timestamp {@code ≤ t_event + tolerance} (both ends
 *       included); none when there is no such version (inner join). Versions with equal timestamps
 *       are one version: the one with the greater encoding wins, so the choice does not depend on
 *       arrival order. Timestamped with the event's timestamp, the output watermark being held back
 *       until the event is decided, so that matches are never late downstream on account of the
 *       join. Global window, default trigger.
 *   <li><b>Window:</b> none; an event waits until the watermark passes {@code t_event + tolerance +
 *       allowedLateness}, then is decided once and for all.
 *   <li><b>Lateness:</b> an event is late once the watermark has passed {@code t_event + tolerance
 *       + allowedLateness} (default lateness zero), a table version once the watermark has passed
 *       {@code t_version + allowedLateness}: events it could have matched may have been decided
 *       without it. Both go to {@link JoinResult#late()} as dead letters (stage {@code late-data}).
 *       A late event is not joined. A late version is still used for the events decided after it
 *       arrived, unless a newer version already replaces it; its reason says which.
 * </ul>
 *
 * <p>State per key: the pending events; of the versions, only those a pending or future event may
 * still need, i.e. every version newer than {@code watermark − allowedLateness} and the newest one
 * at or before it (kept as the row of the table: later events still join it); and the latest time a
 * timer fired for the key, the lower bound of the watermark that decides what is late. As in a
 * ksqlDB table, a key's newest version is kept for as long as the job runs.
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}): counters {@value #EVENTS_MATCHED}, {@value
 * #EVENTS_UNMATCHED}, {@value #VERSIONS_DROPPED}, {@value #LATE_EVENTS} and {@value
 * #LATE_VERSIONS}, and the distribution {@value #VERSIONS_PER_KEY} of the number of versions a key
 * holds each time one arrives.
 */
public final class AsOfJoin<K, E, T>
    extends PTransform<PCollection<KV<K, E>>, JoinResult<K, E, T>> {
  private static final long serialVersionUID = 1L;

  public static final String METRICS_NAMESPACE = "zeekbeam.asOfJoin";

  /** Events joined with a version. */
  public static final String EVENTS_MATCHED = "eventsMatched";

  /** Events decided without output: no version of their key at or before their time. */
  public static final String EVENTS_UNMATCHED = "eventsUnmatched";

  /** Versions no pending or future event can need any more. */
  public static final String VERSIONS_DROPPED = "versionsDropped";

  /** Events sent to {@link JoinResult#late()}. */
  public static final String LATE_EVENTS = "lateEvents";

  /** Table versions sent to {@link JoinResult#late()}. */
  public static final String LATE_VERSIONS = "lateVersions";

  /** Versions held by a key each time one arrives. */
  public static final String VERSIONS_PER_KEY = "versionsPerKey";

  /**
   * The default tolerance: Zeek writes a new certificate's x509 record just after its SSL event.
   */
  public static final Duration DEFAULT_TOLERANCE = Duration.standardSeconds(1);

  private static final String NAME = "AsOfJoin";

  private final transient PCollection<KV<K, T>> table;
  private final Duration tolerance;
  private final Duration allowedLateness;
  private final String eventName;
  private final String tableName;
  private final SerializableFunction<? super E, String> eventText;
  private final SerializableFunction<? super T, String> tableText;
  private final int buckets;

  private AsOfJoin(
      PCollection<KV<K, T>> table,
      Duration tolerance,
      Duration allowedLateness,
      String eventName,
      String tableName,
      SerializableFunction<? super E, String> eventText,
      SerializableFunction<? super T, String> tableText,
      int buckets) {
    this.table = table;
    this.tolerance = tolerance;
    this.allowedLateness = allowedLateness;
    this.eventName = eventName;
    this.tableName = tableName;
    this.eventText = eventText;
    this.tableText = tableText;
    this.buckets = buckets;
  }

  /** Joins the events this is applied to with the versioned {@code table}. */
  public static <K, E, T> AsOfJoin<K, E, T> innerJoin(PCollection<KV<K, T>> table) {
    if (table == null) {
      throw new IllegalArgumentException(
          NAME + ".innerJoin(table): table is null; pass the PCollection<KV<K, T>> of versions");
    }
    return new AsOfJoin<>(
        table,
        DEFAULT_TOLERANCE,
        Duration.ZERO,
        "event",
        "table",
        String::valueOf,
        String::valueOf,
        JoinBuckets.DEFAULT);
  }

  /**
   * How long after an event a version may be stamped and still count as known at the event (both
   * ends included); also how long every event waits for it. Default one second; zero for a strict
   * as-of join.
   */
  public AsOfJoin<K, E, T> withTolerance(Duration tolerance) {
    if (tolerance == null || tolerance.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          NAME
              + ".withTolerance(...) must be zero or positive, got "
              + tolerance
              + "; it is how far after an event a version may be stamped and still join it,"
              + " e.g. Duration.standardSeconds(1)");
    }
    return new AsOfJoin<>(
        table, tolerance, allowedLateness, eventName, tableName, eventText, tableText, buckets);
  }

  /**
   * How far behind the watermark an event or version may arrive and still be treated as on time.
   * Default zero. Every event is decided that much later, and output that much later too.
   */
  public AsOfJoin<K, E, T> withAllowedLateness(Duration allowedLateness) {
    if (allowedLateness == null || allowedLateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          NAME
              + ".withAllowedLateness(...) must be zero or positive, got "
              + allowedLateness
              + "; use Duration.ZERO to decide each event as soon as the watermark allows");
    }
    return new AsOfJoin<>(
        table, tolerance, allowedLateness, eventName, tableName, eventText, tableText, buckets);
  }

  /**
   * What the two inputs are called ({@code "ssl"}, {@code "x509"}): the {@code input} of their late
   * dead letters, and the words of their reasons. Default {@code "event"} and {@code "table"}.
   */
  public AsOfJoin<K, E, T> withInputNames(String eventName, String tableName) {
    TwoSidedInput.checkName(NAME + ".withInputNames(eventName, ...)", eventName);
    TwoSidedInput.checkName(NAME + ".withInputNames(..., tableName)", tableName);
    return new AsOfJoin<>(
        table, tolerance, allowedLateness, eventName, tableName, eventText, tableText, buckets);
  }

  /**
   * How a late event or version is written into the {@code raw} text of its dead letter. Default
   * {@link String#valueOf(Object)}.
   */
  public AsOfJoin<K, E, T> withLateRecordText(
      SerializableFunction<? super E, String> eventText,
      SerializableFunction<? super T, String> tableText) {
    if (eventText == null || tableText == null) {
      throw new IllegalArgumentException(
          NAME
              + ".withLateRecordText(event, table) needs both functions; pass String::valueOf for"
              + " a side with nothing better");
    }
    return new AsOfJoin<>(
        table, tolerance, allowedLateness, eventName, tableName, eventText, tableText, buckets);
  }

  /**
   * On bounded input, how many groups the keys are spread over; each group is joined whole, in
   * memory. Default {@link JoinBuckets#DEFAULT}; {@link JoinBuckets#forInputBytes} gives the number
   * for an input of a given size, and {@link JoinBuckets} says what the number trades. A stream
   * (unbounded input) keeps state per key and ignores it.
   */
  public AsOfJoin<K, E, T> withBuckets(int buckets) {
    return new AsOfJoin<>(
        table,
        tolerance,
        allowedLateness,
        eventName,
        tableName,
        eventText,
        tableText,
        JoinBuckets.check(NAME, buckets));
  }

  @Override
  public JoinResult<K, E, T> expand(PCollection<KV<K, E>> events) {
    TwoSidedInput<K, E, T> input = TwoSidedInput.of(NAME, events, eventName, table, tableName);
    TupleTag<KV<K, Joined<E, T>>> joinedTag = new TupleTag<>("joined");
    TupleTag<DeadLetter> lateTag = new TupleTag<>("late");
    if (input.isBounded()) {
      return input.joinGrouped(
          "JoinAsOfEvent",
          new GroupedAsOfFn<K, E, T>(input, tolerance, joinedTag),
          joinedTag,
          lateTag,
          buckets);
    }
    return input.join(
        "JoinAsOfEvent", new AsOfFn<K, E, T>(input, joinedTag, lateTag, this), joinedTag, lateTag);
  }

  /**
   * The join of a bounded input, where the whole of a key's input is at hand: each event with the
   * version of greatest timestamp at most {@code tolerance} after it (of equal timestamps the
   * greater encoding), stamped with the event's time, as the stateful join decides on the same
   * input (on a bounded input nothing is late).
   */
  private static final class GroupedAsOfFn<K, E, T> extends TwoSidedInput.GroupedFn<K, E, T> {
    private static final long serialVersionUID = 1L;
    private final Coder<T> tableCoder;
    private final Duration tolerance;
    private final TupleTag<KV<K, Joined<E, T>>> joinedTag;
    private final Counter matched = Metrics.counter(METRICS_NAMESPACE, EVENTS_MATCHED);
    private final Counter unmatched = Metrics.counter(METRICS_NAMESPACE, EVENTS_UNMATCHED);
    private final Distribution versionsPerKey =
        Metrics.distribution(METRICS_NAMESPACE, VERSIONS_PER_KEY);

    GroupedAsOfFn(
        TwoSidedInput<K, E, T> input,
        Duration tolerance,
        TupleTag<KV<K, Joined<E, T>>> joinedTag) {
      super(input);
      this.tableCoder = input.secondCoder;
      this.tolerance = tolerance;
      this.joinedTag = joinedTag;
    }

    @Override
    void join(
        K key,
        List<TimestampedValue<E>> events,
        List<TimestampedValue<T>> versions,
        MultiOutputReceiver out)
        throws CoderException {
      List<TimestampedValue<T>> table = onePerTimestamp(tableCoder, versions);
      if (!table.isEmpty()) {
        versionsPerKey.update(table.size());
      }
      int next = 0;
      TimestampedValue<T> current = null;
      for (TimestampedValue<E> event : events) {
        Instant limit = LateData.plusCapped(event.getTimestamp(), tolerance);
        while (next < table.size() && !table.get(next).getTimestamp().isAfter(limit)) {
          current = table.get(next++);
        }
        if (current == null) {
          unmatched.inc();
          continue;
        }
        matched.inc();
        out.get(joinedTag)
            .outputWithTimestamp(
                KV.of(key, Joined.of(event.getValue(), current.getValue())), event.getTimestamp());
      }
    }
  }

  /**
   * Versions in timestamp order, one per timestamp: of equal ones the one with the greater
   * encoding, whichever came first.
   */
  static <T> List<TimestampedValue<T>> onePerTimestamp(
      Coder<T> coder, List<TimestampedValue<T>> sortedVersions) throws CoderException {
    List<TimestampedValue<T>> table = new ArrayList<>(sortedVersions.size());
    for (TimestampedValue<T> version : sortedVersions) {
      int last = table.size() - 1;
      if (last >= 0 && table.get(last).getTimestamp().equals(version.getTimestamp())) {
        if (replaces(coder, version.getValue(), table.get(last).getValue())) {
          table.set(last, version);
        }
        continue;
      }
      table.add(version);
    }
    return table;
  }

  /**
   * Of two versions with the same timestamp, whether {@code candidate} is the one that stays: the
   * one with the greater encoding, so that the choice does not depend on arrival order.
   */
  static <T> boolean replaces(Coder<T> coder, T candidate, T existing) throws CoderException {
    return Arrays.compareUnsigned(
            CoderUtils.encodeToByteArray(coder, candidate),
            CoderUtils.encodeToByteArray(coder, existing))
        > 0;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("tolerance", tolerance).withLabel("Tolerance after the event"))
        .add(DisplayData.item("allowedLateness", allowedLateness).withLabel("Allowed lateness"))
        .add(DisplayData.item("events", eventName).withLabel("Event input"))
        .add(DisplayData.item("table", tableName).withLabel("Table input"));
  }

  /**
   * Per key: the pending events and the decide timer (at the earliest pending event's deadline,
   * holding the output watermark at its timestamp); the versions and the prune timer (at the
   * earliest moment a version becomes the one older versions give way to); and the latest time
   * either timer fired, a lower bound of the watermark that decides what is late.
   */
  private static final class AsOfFn<K, E, T>
      extends DoFn<KV<K, RawUnionValue>, KV<K, Joined<E, T>>> {
    private static final long serialVersionUID = 1L;
    private static final String PENDING = "pendingEvents";
    private static final String VERSIONS = "versions";
    private static final String DECIDE_HOLD = "decideHold";
    private static final String PRUNE_AT = "pruneAt";
    private static final String PASSED = "watermarkPassed";
    private static final String DECIDE = "decide";
    private static final String PRUNE = "prune";

    @StateId(PENDING)
    private final StateSpec<BagState<TimestampedValue<E>>> pendingSpec;

    @StateId(VERSIONS)
    private final StateSpec<BagState<TimestampedValue<T>>> versionsSpec;

    /** The timestamp of the earliest pending event, which the decide timer holds the output at. */
    @StateId(DECIDE_HOLD)
    private final StateSpec<ValueState<Instant>> decideHoldSpec =
        StateSpecs.value(InstantCoder.of());

    @StateId(PRUNE_AT)
    private final StateSpec<ValueState<Instant>> pruneAtSpec = StateSpecs.value(InstantCoder.of());

    @StateId(PASSED)
    private final StateSpec<ValueState<Instant>> passedSpec = StateSpecs.value(InstantCoder.of());

    @TimerId(DECIDE)
    private final TimerSpec decideSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId(PRUNE)
    private final TimerSpec pruneSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Coder<T> tableCoder;
    private final Duration tolerance;
    private final Duration allowedLateness;
    private final TupleTag<KV<K, Joined<E, T>>> joinedTag;
    private final TupleTag<DeadLetter> lateTag;
    private final String eventName;
    private final String tableName;
    private final SerializableFunction<? super E, String> eventText;
    private final SerializableFunction<? super T, String> tableText;

    private final Counter matched = Metrics.counter(METRICS_NAMESPACE, EVENTS_MATCHED);
    private final Counter unmatched = Metrics.counter(METRICS_NAMESPACE, EVENTS_UNMATCHED);
    private final Counter versionsDropped = Metrics.counter(METRICS_NAMESPACE, VERSIONS_DROPPED);
    private final Counter lateEvents = Metrics.counter(METRICS_NAMESPACE, LATE_EVENTS);
    private final Counter lateVersions = Metrics.counter(METRICS_NAMESPACE, LATE_VERSIONS);
    private final Distribution versionsPerKey =
        Metrics.distribution(METRICS_NAMESPACE, VERSIONS_PER_KEY);

    AsOfFn(
        TwoSidedInput<K, E, T> input,
        TupleTag<KV<K, Joined<E, T>>> joinedTag,
        TupleTag<DeadLetter> lateTag,
        AsOfJoin<K, E, T> spec) {
      this.pendingSpec = StateSpecs.bag(TimestampedValueCoder.of(input.firstCoder));
      this.versionsSpec = StateSpecs.bag(TimestampedValueCoder.of(input.secondCoder));
      this.tableCoder = input.secondCoder;
      this.tolerance = spec.tolerance;
      this.allowedLateness = spec.allowedLateness;
      this.joinedTag = joinedTag;
      this.lateTag = lateTag;
      this.eventName = spec.eventName;
      this.tableName = spec.tableName;
      this.eventText = spec.eventText;
      this.tableText = spec.tableText;
    }

    /** When an event is decided; past this it is late. */
    private Instant deadline(Instant eventTs) {
      return LateData.plusCapped(eventTs, tolerance.plus(allowedLateness));
    }

    /** The newest version an event may join. */
    private Instant lookupLimit(Instant eventTs) {
      return LateData.plusCapped(eventTs, tolerance);
    }

    /**
     * Once the watermark has passed {@code firedAt}, no event that is still to be decided, pending
     * or not yet arrived, looks up a version older than this: older versions than the newest one at
     * or before it can go.
     */
    private Instant pruneFloor(Instant firedAt, Iterable<TimestampedValue<E>> pending) {
      Instant floor = firedAt.minus(allowedLateness);
      for (TimestampedValue<E> event : pending) {
        Instant limit = lookupLimit(event.getTimestamp());
        floor = limit.isBefore(floor) ? limit : floor;
      }
      return floor;
    }

    @ProcessElement
    @SuppressWarnings("unchecked")
    public void process(
        @Element KV<K, RawUnionValue> element,
        @Timestamp Instant ts,
        @StateId(PENDING) BagState<TimestampedValue<E>> pending,
        @StateId(VERSIONS) BagState<TimestampedValue<T>> versions,
        @StateId(DECIDE_HOLD) ValueState<Instant> decideHold,
        @StateId(PRUNE_AT) ValueState<Instant> pruneAt,
        @StateId(PASSED) ValueState<Instant> passed,
        @TimerId(DECIDE) Timer decide,
        @TimerId(PRUNE) Timer prune,
        MultiOutputReceiver out)
        throws CoderException {
      K key = element.getKey();
      RawUnionValue value = element.getValue();
      Instant passedAt = passed.read();
      if (value.getUnionTag() == TwoSidedInput.FIRST) {
        E event = (E) value.getValue();
        if (passedAt != null && !deadline(ts).isAfter(passedAt)) {
          lateEvents.inc();
          out.get(lateTag)
              .output(
                  LateData.deadLetter(
                      eventName, key, eventText.apply(event), ts, lateEventReason(ts, passedAt)));
          return;
        }
        pending.add(TimestampedValue.of(event, ts));
        Instant hold = decideHold.read();
        if (hold == null || ts.isBefore(hold)) {
          decide.withOutputTimestamp(ts).set(deadline(ts));
          decideHold.write(ts);
        }
        return;
      }
      T version = (T) value.getValue();
      List<TimestampedValue<T>> kept = sorted(versions.read());
      boolean inserted = insert(kept, TimestampedValue.of(version, ts));
      if (!inserted) {
        versionsDropped.inc();
      }
      boolean late =
          passedAt != null && !LateData.plusCapped(ts, allowedLateness).isAfter(passedAt);
      if (late) {
        Instant floor = pruneFloor(passedAt, pending.read());
        int dropped = dropOlderThanNewestAtOrBefore(kept, floor);
        versionsDropped.inc(dropped);
        String fate =
            !inserted
                ? "; another "
                    + tableName
                    + " record with the same timestamp wins, so it is not used"
                : ts.isBefore(kept.get(0).getTimestamp())
                    ? "; a newer " + tableName + " record already replaces it, so it is not used"
                    : "; it is used for the " + eventName + " records decided from now on";
        lateVersions.inc();
        out.get(lateTag)
            .output(
                LateData.deadLetter(
                    tableName,
                    key,
                    tableText.apply(version),
                    ts,
                    lateVersionReason(ts, passedAt, fate)));
      }
      versions.clear();
      for (TimestampedValue<T> v : kept) {
        versions.add(v);
      }
      versionsPerKey.update(kept.size());
      schedulePrune(
          kept, passedAt == null ? BoundedWindow.TIMESTAMP_MIN_VALUE : passedAt, pruneAt, prune);
    }

    /** Decides every pending event whose deadline the watermark has passed. */
    @OnTimer(DECIDE)
    public void onDecide(
        OnTimerContext context,
        @Key K key,
        @StateId(PENDING) BagState<TimestampedValue<E>> pending,
        @StateId(VERSIONS) BagState<TimestampedValue<T>> versions,
        @StateId(DECIDE_HOLD) ValueState<Instant> decideHold,
        @StateId(PRUNE_AT) ValueState<Instant> pruneAt,
        @StateId(PASSED) ValueState<Instant> passed,
        @TimerId(DECIDE) Timer decide,
        @TimerId(PRUNE) Timer prune,
        MultiOutputReceiver out) {
      Instant firedAt = context.fireTimestamp();
      passed.write(LateData.max(firedAt, passed.read()));
      List<TimestampedValue<T>> kept = sorted(versions.read());
      List<TimestampedValue<E>> rest = new ArrayList<>();
      for (TimestampedValue<E> event : pending.read()) {
        if (deadline(event.getTimestamp()).isAfter(firedAt)) {
          rest.add(event);
          continue;
        }
        TimestampedValue<T> version = newestAtOrBefore(kept, lookupLimit(event.getTimestamp()));
        if (version == null) {
          unmatched.inc();
        } else {
          matched.inc();
          out.get(joinedTag)
              .outputWithTimestamp(
                  KV.of(key, Joined.of(event.getValue(), version.getValue())),
                  event.getTimestamp());
        }
      }
      pending.clear();
      Instant earliest = null;
      for (TimestampedValue<E> event : rest) {
        pending.add(event);
        Instant eventTs = event.getTimestamp();
        earliest = earliest == null || eventTs.isBefore(earliest) ? eventTs : earliest;
      }
      if (earliest == null) {
        decideHold.clear();
      } else {
        decide.withOutputTimestamp(earliest).set(deadline(earliest));
        decideHold.write(earliest);
      }
      int dropped = dropOlderThanNewestAtOrBefore(kept, pruneFloor(firedAt, rest));
      if (dropped > 0) {
        versionsDropped.inc(dropped);
        rewrite(versions, kept);
      }
      schedulePrune(kept, firedAt, pruneAt, prune);
    }

    /** Drops the versions that the passing watermark has made useless. */
    @OnTimer(PRUNE)
    public void onPrune(
        OnTimerContext context,
        @StateId(PENDING) BagState<TimestampedValue<E>> pending,
        @StateId(VERSIONS) BagState<TimestampedValue<T>> versions,
        @StateId(PRUNE_AT) ValueState<Instant> pruneAt,
        @StateId(PASSED) ValueState<Instant> passed,
        @TimerId(PRUNE) Timer prune) {
      Instant firedAt = context.fireTimestamp();
      passed.write(LateData.max(firedAt, passed.read()));
      List<TimestampedValue<T>> kept = sorted(versions.read());
      int dropped = dropOlderThanNewestAtOrBefore(kept, pruneFloor(firedAt, pending.read()));
      if (dropped > 0) {
        versionsDropped.inc(dropped);
        rewrite(versions, kept);
      }
      pruneAt.clear();
      schedulePrune(kept, firedAt, pruneAt, prune);
    }

    /**
     * Sets the prune timer to the earliest moment, after {@code now}, at which a version that has
     * older ones becomes the newest at or before the prune floor. Pending events can hold the floor
     * back; the decide timer prunes again after deciding them, so nothing is scheduled for what is
     * already due.
     */
    private void schedulePrune(
        List<TimestampedValue<T>> sortedVersions,
        Instant now,
        ValueState<Instant> pruneAt,
        Timer prune) {
      Instant next = null;
      for (int i = 1; i < sortedVersions.size(); i++) {
        Instant at = LateData.plusCapped(sortedVersions.get(i).getTimestamp(), allowedLateness);
        if (at.isAfter(now) && (next == null || at.isBefore(next))) {
          next = at;
        }
      }
      if (next == null) {
        return;
      }
      Instant scheduled = pruneAt.read();
      if (scheduled == null || !scheduled.isAfter(now) || next.isBefore(scheduled)) {
        prune.withNoOutputTimestamp().set(next);
        pruneAt.write(next);
      }
    }

    /**
     * Adds a version in timestamp order; of two with the same timestamp the one with the greater
     * encoding stays, whichever came first. Returns whether {@code version} was kept.
     */
    private boolean insert(List<TimestampedValue<T>> sortedVersions, TimestampedValue<T> version)
        throws CoderException {
      for (int i = 0; i < sortedVersions.size(); i++) {
        TimestampedValue<T> existing = sortedVersions.get(i);
        int order = existing.getTimestamp().compareTo(version.getTimestamp());
        if (order == 0) {
          if (replaces(tableCoder, version.getValue(), existing.getValue())) {
            sortedVersions.set(i, version);
            return true;
          }
          return false;
        }
        if (order > 0) {
          sortedVersions.add(i, version);
          return true;
        }
      }
      sortedVersions.add(version);
      return true;
    }

    private String lateEventReason(Instant ts, Instant passedAt) {
      return eventName
          + " record at "
          + ts
          + " arrived after the watermark had passed "
          + passedAt
          + ", more than "
          + LateData.describe(new Duration(ts, passedAt))
          + " behind it, beyond the "
          + LateData.describe(tolerance.plus(allowedLateness))
          + " the join allows (tolerance "
          + LateData.describe(tolerance)
          + " + allowed lateness "
          + LateData.describe(allowedLateness)
          + "); the "
          + tableName
          + " records it should match may already be dropped, so it is not joined";
    }

    private String lateVersionReason(Instant ts, Instant passedAt, String fate) {
      return tableName
          + " record at "
          + ts
          + " arrived after the watermark had passed "
          + passedAt
          + ", more than "
          + LateData.describe(new Duration(ts, passedAt))
          + " behind it, beyond the allowed lateness of "
          + LateData.describe(allowedLateness)
          + "; "
          + eventName
          + " records up to "
          + passedAt.minus(allowedLateness).minus(tolerance)
          + " may have been joined without it"
          + fate;
    }
  }

  private static <V> List<TimestampedValue<V>> sorted(Iterable<TimestampedValue<V>> values) {
    List<TimestampedValue<V>> list = new ArrayList<>();
    for (TimestampedValue<V> value : values) {
      list.add(value);
    }
    list.sort(Comparator.comparing(TimestampedValue::getTimestamp));
    return list;
  }

  private static <V> @Nullable TimestampedValue<V> newestAtOrBefore(
      List<TimestampedValue<V>> sortedVersions, Instant limit) {
    TimestampedValue<V> newest = null;
    for (TimestampedValue<V> version : sortedVersions) {
      if (version.getTimestamp().isAfter(limit)) {
        break;
      }
      newest = version;
    }
    return newest;
  }

  /**
   * Keeps the newest version at or before {@code floor} and every later one; returns how many older
   * ones it removed.
   */
  private static <V> int dropOlderThanNewestAtOrBefore(
      List<TimestampedValue<V>> sortedVersions, Instant floor) {
    int newest = -1;
    for (int i = 0; i < sortedVersions.size(); i++) {
      if (sortedVersions.get(i).getTimestamp().isAfter(floor)) {
        break;
      }
      newest = i;
    }
    if (newest <= 0) {
      return 0;
    }
    sortedVersions.subList(0, newest).clear();
    return newest;
  }

  private static <V> void rewrite(BagState<V> bag, List<V> values) {
    bag.clear();
    for (V value : values) {
      bag.add(value);
    }
  }
}
