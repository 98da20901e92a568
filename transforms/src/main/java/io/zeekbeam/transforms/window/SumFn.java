package io.zeekbeam.transforms.window;

import io.zeekbeam.transforms.window.WindowedSum.Late;
import io.zeekbeam.transforms.window.WindowedSum.Result;
import io.zeekbeam.transforms.window.WindowedSum.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.SetState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The stateful step of {@link WindowedSum}: per key, the sums of its windows, and the one
 * event-time timer that emits and releases them. See {@link WindowedSum} for the contract; the
 * notes here are about how it is kept.
 *
 * <p>State per key:
 *
 * <ul>
 *   <li>{@code open}: window start → sum, for windows whose on-time result is not out yet;
 *   <li>{@code closed}: window start → sum, for windows whose on-time (or first late) result is
 *       out, kept until the end of their allowed lateness so that late input updates them;
 *   <li>{@code watermark}: the largest watermark this key knows to have been reached (one past the
 *       latest timer that fired for it, or the input watermark the runner reported then);
 *   <li>{@code deadlineAt}/{@code deadlineHold}: where the one event-time timer is set (the
 *       earliest window end still to report, or end plus lateness still to release) and the output
 *       timestamp it holds the watermark at (the earliest {@code end − 1} still to report, none
 *       when only releases are pending);
 *   <li>{@code dirty}, {@code earlyAt}/{@code earlyHold}: with early results, the open windows
 *       changed since their last result and the processing-time timer that reports them.
 * </ul>
 *
 * <p>Output timestamps. Every result is stamped {@code end − 1}, the window's last instant. Beam
 * allows a {@code DoFn} to output no earlier than its input element, or than the output timestamp
 * of the timer being fired, and a timer's output timestamp no earlier than the element (or timer)
 * that sets it. The timers are kept so that this always holds: the event-time timer's output
 * timestamp is the smallest {@code end − 1} of the open windows, so lowering it is only ever needed
 * when an element opens a window that ends before every other open one, and that element lies in
 * that window, so its timestamp is at most the new hold. The early timer's hold is kept the same
 * way over the dirty windows.
 */
final class SumFn<K> extends DoFn<KV<K, Partial>, Result<K>> {
  private static final long serialVersionUID = 1L;

  private static final String OPEN = "open";
  private static final String CLOSED = "closed";
  private static final String WATERMARK = "watermark";
  private static final String DEADLINE_AT = "deadlineAt";
  private static final String DEADLINE_HOLD = "deadlineHold";
  private static final String DIRTY = "dirty";
  private static final String EARLY_AT = "earlyAt";
  private static final String EARLY_HOLD = "earlyHold";
  private static final String DEADLINE = "deadline";
  private static final String EARLY = "early";

  /** The last instant of the global window: no event-time timer may be set beyond it. */
  private static final long LAST_INSTANT = GlobalWindow.INSTANCE.maxTimestamp().getMillis();

  @StateId(OPEN)
  private final StateSpec<MapState<Long, Long>> openSpec =
      StateSpecs.map(BigEndianLongCoder.of(), VarLongCoder.of());

  @StateId(CLOSED)
  private final StateSpec<MapState<Long, Long>> closedSpec =
      StateSpecs.map(BigEndianLongCoder.of(), VarLongCoder.of());

  @StateId(WATERMARK)
  private final StateSpec<ValueState<Long>> watermarkSpec =
      StateSpecs.value(BigEndianLongCoder.of());

  @StateId(DEADLINE_AT)
  private final StateSpec<ValueState<Long>> deadlineAtSpec =
      StateSpecs.value(BigEndianLongCoder.of());

  @StateId(DEADLINE_HOLD)
  private final StateSpec<ValueState<Long>> deadlineHoldSpec =
      StateSpecs.value(BigEndianLongCoder.of());

  @StateId(DIRTY)
  private final StateSpec<SetState<Long>> dirtySpec = StateSpecs.set(BigEndianLongCoder.of());

  @StateId(EARLY_AT)
  private final StateSpec<ValueState<Long>> earlyAtSpec = StateSpecs.value(BigEndianLongCoder.of());

  @StateId(EARLY_HOLD)
  private final StateSpec<ValueState<Long>> earlyHoldSpec =
      StateSpecs.value(BigEndianLongCoder.of());

  @TimerId(DEADLINE)
  private final TimerSpec deadlineSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  @TimerId(EARLY)
  private final TimerSpec earlySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  private final WindowLayout layout;
  private final long lateness;
  private final @Nullable Duration earlyInterval;
  private final TupleTag<Result<K>> resultTag;
  private final TupleTag<Late<K>> lateTag;

  private final Counter earlyResults =
      Metrics.counter(WindowedSum.METRICS_NAMESPACE, WindowedSum.EARLY_RESULTS);
  private final Counter onTimeResults =
      Metrics.counter(WindowedSum.METRICS_NAMESPACE, WindowedSum.ON_TIME_RESULTS);
  private final Counter lateResults =
      Metrics.counter(WindowedSum.METRICS_NAMESPACE, WindowedSum.LATE_RESULTS);
  private final Counter lateRecords =
      Metrics.counter(WindowedSum.METRICS_NAMESPACE, WindowedSum.LATE_RECORDS);
  private final Counter windowsReleased =
      Metrics.counter(WindowedSum.METRICS_NAMESPACE, WindowedSum.WINDOWS_RELEASED);
  private final Counter keysReleased =
      Metrics.counter(WindowedSum.METRICS_NAMESPACE, WindowedSum.KEYS_RELEASED);

  SumFn(
      WindowLayout layout,
      Duration allowedLateness,
      @Nullable Duration earlyInterval,
      TupleTag<Result<K>> resultTag,
      TupleTag<Late<K>> lateTag) {
    this.layout = layout;
    this.lateness = allowedLateness.getMillis();
    this.earlyInterval = earlyInterval;
    this.resultTag = resultTag;
    this.lateTag = lateTag;
  }

  /** The last instant of the window starting at {@code start}: its results' timestamp. */
  private long lastInstant(long start) {
    return layout.lastInstant(start);
  }

  /**
   * Once the watermark is past this, the window takes no more input (Beam's rule: a window expires
   * when the watermark passes its last instant plus the allowed lateness).
   */
  private long closesAfter(long start) {
    long last = lastInstant(start);
    return last > LAST_INSTANT - lateness ? LAST_INSTANT : last + lateness;
  }

  /** One key's state and timers for the length of one call. */
  private final class Keyed {
    final MapState<Long, Long> open;
    final MapState<Long, Long> closed;
    final ValueState<Long> watermark;
    final ValueState<Long> deadlineAt;
    final ValueState<Long> deadlineHold;
    final SetState<Long> dirty;
    final ValueState<Long> earlyAt;
    final ValueState<Long> earlyHold;
    final Timer deadline;
    final Timer early;

    Keyed(
        MapState<Long, Long> open,
        MapState<Long, Long> closed,
        ValueState<Long> watermark,
        ValueState<Long> deadlineAt,
        ValueState<Long> deadlineHold,
        SetState<Long> dirty,
        ValueState<Long> earlyAt,
        ValueState<Long> earlyHold,
        Timer deadline,
        Timer early) {
      this.open = open;
      this.closed = closed;
      this.watermark = watermark;
      this.deadlineAt = deadlineAt;
      this.deadlineHold = deadlineHold;
      this.dirty = dirty;
      this.earlyAt = earlyAt;
      this.earlyHold = earlyHold;
      this.deadline = deadline;
      this.early = early;
    }

    /**
     * What this key knows of the input watermark: the larger of what it recorded when its timer
     * last fired and what the runner reports now through the event-time timer. Both are lower
     * bounds of the true watermark, so a window judged closed by it is closed.
     */
    long knownWatermark() {
      Long recorded = watermark.read();
      long reported = deadline.getCurrentRelativeTime().getMillis();
      return recorded == null ? reported : Math.max(recorded, reported);
    }

    /**
     * Makes sure the event-time timer fires by {@code at}, holding the output watermark at {@code
     * hold} (an {@code end − 1} still to report) if that is earlier than what it holds.
     */
    void schedule(long at, @Nullable Long hold) {
      Long currentAt = deadlineAt.read();
      Long currentHold = deadlineHold.read();
      long newAt = currentAt == null ? at : Math.min(currentAt, at);
      Long newHold =
          hold == null
              ? currentHold
              : currentHold == null ? hold : Long.valueOf(Math.min(currentHold, hold));
      if (currentAt == null || newAt != currentAt || !Objects.equals(newHold, currentHold)) {
        arm(newAt, newHold);
      }
    }

    void arm(long at, @Nullable Long hold) {
      if (hold == null) {
        deadline.withNoOutputTimestamp().set(new Instant(at));
        deadlineHold.clear();
      } else {
        deadline.withOutputTimestamp(new Instant(hold)).set(new Instant(at));
        deadlineHold.write(hold);
      }
      deadlineAt.write(at);
    }

    /** Notes that an open window changed, for the next early result. */
    void markDirty(long start) {
      if (earlyInterval == null) {
        return;
      }
      dirty.add(start);
      long last = lastInstant(start);
      Long at = earlyAt.read();
      Long hold = earlyHold.read();
      if (at == null) {
        long fireAt = early.getCurrentRelativeTime().plus(earlyInterval).getMillis();
        early.withOutputTimestamp(new Instant(last)).set(new Instant(fireAt));
        earlyAt.write(fireAt);
        earlyHold.write(last);
      } else if (hold == null || last < hold) {
        early.withOutputTimestamp(new Instant(last)).set(new Instant(at));
        earlyHold.write(last);
      }
    }

    /**
     * After on-time results, lifts the early timer's hold to the earliest dirty window left, so
     * that it no longer holds the watermark for windows already reported.
     */
    void liftEarlyHold() {
      Long at = earlyAt.read();
      if (at == null) {
        return;
      }
      Long hold = null;
      for (long start : dirty.read()) {
        hold = min(hold, lastInstant(start));
      }
      if (hold == null) {
        clearEarly();
      } else if (!hold.equals(earlyHold.read())) {
        early.withOutputTimestamp(new Instant(hold)).set(new Instant(at));
        earlyHold.write(hold);
      }
    }

    void clearEarly() {
      if (earlyAt.read() != null) {
        early.clear();
      }
      earlyAt.clear();
      earlyHold.clear();
      dirty.clear();
    }
  }

  private void emit(
      MultiOutputReceiver out, K key, long start, long sum, Timing timing, Counter counter) {
    long last = lastInstant(start);
    out.get(resultTag)
        .outputWithTimestamp(
            Result.of(key, start, layout.end(start), sum, timing), new Instant(last));
    counter.inc();
  }

  @ProcessElement
  public void process(
      @Element KV<K, Partial> element,
      @Timestamp Instant timestamp,
      MultiOutputReceiver out,
      @StateId(OPEN) MapState<Long, Long> open,
      @StateId(CLOSED) MapState<Long, Long> closed,
      @StateId(WATERMARK) ValueState<Long> watermark,
      @StateId(DEADLINE_AT) ValueState<Long> deadlineAt,
      @StateId(DEADLINE_HOLD) ValueState<Long> deadlineHold,
      @StateId(DIRTY) SetState<Long> dirty,
      @StateId(EARLY_AT) ValueState<Long> earlyAt,
      @StateId(EARLY_HOLD) ValueState<Long> earlyHold,
      @TimerId(DEADLINE) Timer deadline,
      @TimerId(EARLY) Timer early) {
    Keyed s =
        new Keyed(
            open,
            closed,
            watermark,
            deadlineAt,
            deadlineHold,
            dirty,
            earlyAt,
            earlyHold,
            deadline,
            early);
    K key = element.getKey();
    Partial p = element.getValue();
    long start = p.windowStart;
    long known = s.knownWatermark();
    long closesAfter = closesAfter(start);
    if (closesAfter < known) {
      lateRecords.inc(p.records);
      out.get(lateTag)
          .output(
              Late.of(
                  key,
                  start,
                  layout.end(start),
                  closesAfter + 1,
                  known,
                  p.sum,
                  p.records,
                  timestamp.getMillis()));
      return;
    }
    Long openSum = open.get(start).read();
    if (openSum != null) {
      open.put(start, openSum + p.sum);
      s.markDirty(start);
      return;
    }
    Long closedSum = closed.get(start).read();
    if (closedSum != null) {
      long sum = closedSum + p.sum;
      closed.put(start, sum);
      emit(out, key, start, sum, Timing.LATE, lateResults);
      return;
    }
    long last = lastInstant(start);
    if (last < known) {
      // The watermark passed the window's end before any of it arrived here: like Beam, report it
      // at once as a late result, and keep it for later input until its lateness runs out.
      closed.put(start, p.sum);
      emit(out, key, start, p.sum, Timing.LATE, lateResults);
      s.schedule(closesAfter, null);
      return;
    }
    open.put(start, p.sum);
    s.schedule(last, last);
    s.markDirty(start);
  }

  /**
   * Reports every open window whose end the watermark has passed, releases every window whose
   * lateness has run out, and sets the timer for whatever comes next; a key left with no window is
   * released altogether.
   */
  @OnTimer(DEADLINE)
  public void onDeadline(
      OnTimerContext context,
      @Key K key,
      MultiOutputReceiver out,
      @StateId(OPEN) MapState<Long, Long> open,
      @StateId(CLOSED) MapState<Long, Long> closed,
      @StateId(WATERMARK) ValueState<Long> watermark,
      @StateId(DEADLINE_AT) ValueState<Long> deadlineAt,
      @StateId(DEADLINE_HOLD) ValueState<Long> deadlineHold,
      @StateId(DIRTY) SetState<Long> dirty,
      @StateId(EARLY_AT) ValueState<Long> earlyAt,
      @StateId(EARLY_HOLD) ValueState<Long> earlyHold,
      @TimerId(DEADLINE) Timer deadline,
      @TimerId(EARLY) Timer early) {
    Keyed s =
        new Keyed(
            open,
            closed,
            watermark,
            deadlineAt,
            deadlineHold,
            dirty,
            earlyAt,
            earlyHold,
            deadline,
            early);
    // An event-time timer fires only once the watermark is past its time.
    long known = Math.max(s.knownWatermark(), context.fireTimestamp().getMillis() + 1);
    Long nextAt = null;
    Long nextHold = null;
    for (Map.Entry<Long, Long> w : sorted(closed.entries().read())) {
      long closesAfter = closesAfter(w.getKey());
      if (closesAfter < known) {
        closed.remove(w.getKey());
        windowsReleased.inc();
      } else {
        nextAt = min(nextAt, closesAfter);
      }
    }
    for (Map.Entry<Long, Long> w : sorted(open.entries().read())) {
      long start = w.getKey();
      long last = lastInstant(start);
      if (last >= known) {
        nextAt = min(nextAt, last);
        nextHold = min(nextHold, last);
        continue;
      }
      emit(out, key, start, w.getValue(), Timing.ON_TIME, onTimeResults);
      open.remove(start);
      dirty.remove(start);
      long closesAfter = closesAfter(start);
      if (closesAfter < known) {
        windowsReleased.inc();
      } else {
        closed.put(start, w.getValue());
        nextAt = min(nextAt, closesAfter);
      }
    }
    if (nextAt == null) {
      s.clearEarly();
      watermark.clear();
      deadlineAt.clear();
      deadlineHold.clear();
      keysReleased.inc();
      return;
    }
    watermark.write(known);
    s.arm(nextAt, nextHold);
    s.liftEarlyHold();
  }

  /** Reports the open windows that changed since their last result (ksqlDB's EMIT CHANGES). */
  @OnTimer(EARLY)
  public void onEarly(
      @Key K key,
      MultiOutputReceiver out,
      @StateId(OPEN) MapState<Long, Long> open,
      @StateId(WATERMARK) ValueState<Long> watermark,
      @StateId(DIRTY) SetState<Long> dirty,
      @StateId(EARLY_AT) ValueState<Long> earlyAt,
      @StateId(EARLY_HOLD) ValueState<Long> earlyHold,
      @TimerId(DEADLINE) Timer deadline) {
    earlyAt.clear();
    earlyHold.clear();
    Long recorded = watermark.read();
    long reported = deadline.getCurrentRelativeTime().getMillis();
    long known = recorded == null ? reported : Math.max(recorded, reported);
    List<Long> starts = new ArrayList<>();
    dirty.read().forEach(starts::add);
    starts.sort(null);
    for (long start : starts) {
      Long sum = open.get(start).read();
      // A window whose end the watermark has passed gets its on-time result from the deadline
      // timer, due now; an early one just before it would say nothing new.
      if (sum != null && lastInstant(start) >= known) {
        emit(out, key, start, sum, Timing.EARLY, earlyResults);
      }
    }
    dirty.clear();
  }

  private static List<Map.Entry<Long, Long>> sorted(Iterable<Map.Entry<Long, Long>> entries) {
    List<Map.Entry<Long, Long>> list = new ArrayList<>();
    for (Map.Entry<Long, Long> e : entries) {
      list.add(Map.entry(e.getKey(), e.getValue()));
    }
    list.sort(Map.Entry.comparingByKey());
    return list;
  }

  private static Long min(@Nullable Long a, long b) {
    return a == null ? b : Math.min(a, b);
  }
}
