package io.zeekbeam.transforms.window;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Sums values per key and event-time window without Beam's {@code Window} + {@code GroupByKey}, so
 * that no input is ever dropped silently: what comes too late to be counted is handed back.
 *
 * <p>Beam's {@code GroupByKey} drops, with nothing but a counter, every element whose window has
 * expired (the watermark past its end plus the allowed lateness), and no {@code DoFn} downstream
 * can tell. Here the windowing is done by a keyed stateful {@code DoFn} in the global window, which
 * Beam never expires before the input ends, so the decision "too late" is ours and its outcome is
 * an output.
 *
 * <pre>{@code
 * WindowedSum.Output<KV<String, String>> bytes =
 *     bytesByHostAndService.apply(
 *         "SumBytesPerHostAndService",
 *         WindowedSum.<KV<String, String>>tumbling(Duration.standardMinutes(5))
 *             .withAllowedLateness(Duration.standardMinutes(1)));
 * bytes.results(); // WindowedSum.Result: key, window, sum, EARLY / ON_TIME / LATE
 * bytes.late();    // WindowedSum.Late: what arrived after its window closed, never counted
 * }</pre>
 *
 * <ul>
 *   <li><b>Input:</b> {@code PCollection<KV<K, Long>>} with event-time timestamps and a {@link
 *       KvCoder} whose key coder is deterministic (state is kept per encoded key), e.g. {@code
 *       NullableCoder.of(StringUtf8Coder.of())} for keys that may be null. Its windowing is
 *       replaced by the global window.
 *   <li><b>Window:</b> {@link #tumbling} or {@link #sliding} windows aligned to the epoch and
 *       half-open, {@code [start, end)}: an element at exactly {@code end} is in the next window.
 *       Or {@link #allTime}: one running total per key.
 *   <li><b>Output:</b> {@link Output#results()}, a {@link Result} per key and window: its ON_TIME
 *       result once, when the watermark passes the window's end; then a LATE result with the new
 *       sum for each update by late input within the allowed lateness; before the end, with {@link
 *       #withEarlyResults}, EARLY results of the sum so far. Sums accumulate, so the latest result
 *       of a key and window is its value (a changelog: latest value wins). Each result is stamped
 *       {@code end − 1 ms}, the window's last instant, and the output watermark is held back so
 *       that an on-time result is not behind it. The all-time window ends where Beam's global
 *       window does, so its ON_TIME result comes when the input ends.
 *   <li><b>Lateness:</b> {@link #withAllowedLateness}, default zero. Input for a window whose end
 *       plus the allowed lateness the watermark has passed is not added to any sum: it goes to
 *       {@link Output#late()}, stamped with its own event time. An input in several sliding windows
 *       is judged per window: it may count in the later ones and come back once for each earlier
 *       one it missed.
 * </ul>
 *
 * <p><b>How late is judged, and why nothing is lost.</b> A {@code DoFn} is not given the watermark.
 * This one keeps, per key, a lower bound of it: its one event-time timer fires only after the
 * watermark has passed the timer's time, and the event-time timer's {@code
 * getCurrentRelativeTime()} reports the runner's input watermark for the bundle (the value Beam's
 * own late-data filter uses; a runner may report less, never more). A window is closed for a key
 * once that lower bound has passed the window's end plus the allowed lateness. Every input that is
 * not judged late is added to its window's sum, and that window's result is emitted afterwards (on
 * time, or at once as a late update): nothing falls between the two. Because the bound may lag the
 * true watermark, an input Beam would have dropped may still be counted here; it is never the other
 * way round. The state of a window is released once its lateness has run out, and the whole state
 * of a key once it has no window left; after that the runner's reported watermark alone judges the
 * key's late input.
 *
 * <p><b>Batch and streaming.</b> On a bounded input the watermark jumps to the end once all input
 * is in, so nothing is late and every window gets exactly one result, ON_TIME. Early results are
 * only for unbounded input: on a bounded one {@link #withEarlyResults} is ignored, so that a batch
 * run gives final values only. On an unbounded input, the latest result of each key and window,
 * once the watermark has passed it, is what the batch run gives for the same input, late input
 * aside.
 *
 * <p><b>Pre-aggregation.</b> Before the shuffle, each bundle's values are summed per key and
 * window, as combiner lifting does. Late input of one key and window within one bundle then reaches
 * {@link Output#late()} as one {@link Late} that says how many inputs it holds ({@link
 * Late#getRecords()}).
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}): counters {@value #EARLY_RESULTS}, {@value
 * #ON_TIME_RESULTS}, {@value #LATE_RESULTS}, {@value #LATE_RECORDS} (inputs sent to {@code late}),
 * {@value #WINDOWS_RELEASED} and {@value #KEYS_RELEASED} (state dropped).
 */
@AutoValue
public abstract class WindowedSum<K>
    extends PTransform<PCollection<KV<K, Long>>, WindowedSum.Output<K>> {
  private static final long serialVersionUID = 1L;

  public static final String METRICS_NAMESPACE = "zeekbeam.windowedSum";
  public static final String EARLY_RESULTS = "earlyResults";
  public static final String ON_TIME_RESULTS = "onTimeResults";
  public static final String LATE_RESULTS = "lateResults";
  public static final String LATE_RECORDS = "lateRecords";
  public static final String WINDOWS_RELEASED = "windowsReleased";
  public static final String KEYS_RELEASED = "keysReleased";

  private static final String NAME = "WindowedSum";

  abstract WindowLayout layout();

  abstract Duration allowedLateness();

  abstract @Nullable Duration earlyResults();

  abstract Builder<K> toBuilder();

  @AutoValue.Builder
  abstract static class Builder<K> {
    abstract Builder<K> setLayout(WindowLayout layout);

    abstract Builder<K> setAllowedLateness(Duration lateness);

    abstract Builder<K> setEarlyResults(@Nullable Duration interval);

    abstract WindowedSum<K> build();
  }

  private static <K> Builder<K> builder(WindowLayout layout) {
    return new AutoValue_WindowedSum.Builder<K>()
        .setLayout(layout)
        .setAllowedLateness(Duration.ZERO);
  }

  /** Sums in tumbling windows {@code [k·size, (k+1)·size)}; ksqlDB's {@code WINDOW TUMBLING}. */
  public static <K> WindowedSum<K> tumbling(Duration size) {
    checkPositive("tumbling(size)", size, "e.g. Duration.standardMinutes(5)");
    return WindowedSum.<K>builder(WindowLayout.tumbling(size)).build();
  }

  /**
   * Sums in windows of {@code size} starting every {@code period} ({@code [k·period, k·period +
   * size)}), so each input counts in {@code size / period} windows; ksqlDB's {@code WINDOW HOPPING
   * (SIZE size, ADVANCE BY period)}. A burst that straddles a tumbling window's boundary lies whole
   * in one of these.
   */
  public static <K> WindowedSum<K> sliding(Duration size, Duration period) {
    checkPositive("sliding(size, ...)", size, "e.g. Duration.standardSeconds(5)");
    checkPositive("sliding(..., period)", period, "e.g. Duration.standardSeconds(1)");
    if (period.isLongerThan(size)) {
      throw new IllegalArgumentException(
          NAME
              + ".sliding(size, period): the period "
              + period
              + " is longer than the size "
              + size
              + ", which would leave input between windows uncounted; use a period of at most"
              + " the size");
    }
    return WindowedSum.<K>builder(WindowLayout.sliding(size, period)).build();
  }

  /**
   * One running total per key over all time: ksqlDB's un-windowed {@code GROUP BY} table. Its
   * ON_TIME result comes when the input ends (in batch: the final totals); on a stream, use {@link
   * #withEarlyResults} to see it change.
   */
  public static <K> WindowedSum<K> allTime() {
    return WindowedSum.<K>builder(WindowLayout.allTime()).build();
  }

  /**
   * How long after a window's end its input is still counted, as an update of its result: Beam's
   * allowed lateness, ksqlDB's {@code GRACE PERIOD}. Default zero. Windows are kept that much
   * longer.
   */
  public WindowedSum<K> withAllowedLateness(Duration lateness) {
    if (lateness == null || lateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          NAME
              + ".withAllowedLateness(...) must be zero or positive, got "
              + lateness
              + "; use Duration.ZERO to count only input that is on time");
    }
    return toBuilder().setAllowedLateness(lateness).build();
  }

  /**
   * On an unbounded input, also emit the sums of windows still open, at most once per {@code
   * interval} of processing time per key and only for windows that changed: ksqlDB's {@code EMIT
   * CHANGES}. Ignored on a bounded input.
   */
  public WindowedSum<K> withEarlyResults(Duration interval) {
    checkPositive("withEarlyResults(interval)", interval, "e.g. Duration.standardSeconds(2)");
    return toBuilder().setEarlyResults(interval).build();
  }

  private static void checkPositive(String what, Duration d, String example) {
    if (d == null || !d.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          NAME + "." + what + " must be positive, got " + d + "; " + example);
    }
  }

  /** What an input adds to its key's sum (see {@link #sumOver}). */
  @FunctionalInterface
  public interface ValueOf<T> extends Serializable {
    long of(T input);
  }

  /**
   * Sums {@code value} per {@code key} of the elements of {@code input}: what mapping each element
   * to {@code KV.of(key, value)} in a step named {@code keyStep}, with {@code keyCoder} for the
   * keys, and applying this transform to the result as {@code sumStep} gives.
   *
   * <p>On an unbounded input it is exactly those two steps, so that a streaming job keeps its steps
   * and names, and a savepoint's state still fits them. On a bounded input the step {@code sumStep}
   * takes the elements themselves and its pre-aggregation reads their keys and values: the mapping
   * step, and the {@code KV} it made, were one more step per input record.
   *
   * <pre>{@code
   * WindowedSum.Output<KV<String, String>> bytes =
   *     WindowedSum.<KV<String, String>>tumbling(Duration.standardMinutes(5))
   *         .sumOver(conns, "KeyByHostAndService", c -> KV.of(c.getOrigH(), c.getService()),
   *             c -> bytes(c), GroupKeys.TWO, "SumBytesPerHostAndService");
   * }</pre>
   */
  public <T> Output<K> sumOver(
      PCollection<T> input,
      String keyStep,
      SerializableFunction<T, K> key,
      ValueOf<T> value,
      Coder<K> keyCoder,
      String sumStep) {
    if (input.isBounded() == PCollection.IsBounded.BOUNDED) {
      return input.apply(sumStep, new SumOver<>(this, key, value, keyCoder));
    }
    return input
        .apply(
            keyStep,
            MapElements.into(new TypeDescriptor<KV<K, Long>>() {})
                .via((T t) -> KV.of(key.apply(t), value.of(t))))
        .setCoder(KvCoder.of(keyCoder, VarLongCoder.of()))
        .apply(sumStep, this);
  }

  /** {@link #sumOver} of a bounded input: the pre-aggregation reads keys and values itself. */
  private static final class SumOver<T, K> extends PTransform<PCollection<T>, Output<K>> {
    private static final long serialVersionUID = 1L;
    private final WindowedSum<K> sum;
    private final SerializableFunction<T, K> key;
    private final ValueOf<T> value;
    private final Coder<K> keyCoder;

    SumOver(
        WindowedSum<K> sum, SerializableFunction<T, K> key, ValueOf<T> value, Coder<K> keyCoder) {
      this.sum = sum;
      this.key = key;
      this.value = value;
      this.keyCoder = keyCoder;
    }

    @Override
    public Output<K> expand(PCollection<T> input) {
      sum.check(keyCoder);
      return sum.expandBounded(
          input,
          keyCoder,
          new PreAggregateFn<>(sum.layout(), key, value, keyCoder, BOUNDED_PARTIALS, true));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      sum.populateDisplayData(builder);
    }
  }

  @Override
  public Output<K> expand(PCollection<KV<K, Long>> input) {
    if (!(input.getCoder() instanceof KvCoder)) {
      throw new IllegalArgumentException(
          NAME
              + " needs a KvCoder on its input to find the key coder, got "
              + input.getCoder()
              + "; set one with setCoder(KvCoder.of(keyCoder, VarLongCoder.of()))");
    }
    Coder<K> keyCoder = ((KvCoder<K, Long>) input.getCoder()).getKeyCoder();
    check(keyCoder);
    boolean bounded = input.isBounded() == PCollection.IsBounded.BOUNDED;
    if (bounded) {
      return expandBounded(
          input, keyCoder, PreAggregateFn.ofKvs(layout(), keyCoder, BOUNDED_PARTIALS, true));
    }
    TupleTag<Result<K>> resultTag = new TupleTag<>("results");
    TupleTag<Late<K>> lateTag = new TupleTag<>("late");
    PCollectionTuple outputs =
        input
            .apply("IntoGlobalWindow", Window.<KV<K, Long>>into(new GlobalWindows()))
            .apply("PreAggregatePerBundle", ParDo.of(PreAggregateFn.ofKvs(layout(), keyCoder)))
            .setCoder(KvCoder.of(keyCoder, Partial.PartialCoder.of()))
            .apply(
                "SumPerKeyAndWindow",
                ParDo.of(
                        new SumFn<K>(
                            layout(), allowedLateness(), earlyResults(), resultTag, lateTag))
                    .withOutputTags(resultTag, TupleTagList.of(lateTag)));
    outputs.get(resultTag).setCoder(Result.coder(keyCoder));
    outputs.get(lateTag).setCoder(Late.coder(keyCoder));
    return new Output<>(outputs, resultTag, lateTag);
  }

  /** The checks of a sum's settings against its key coder, before anything is applied. */
  private void check(Coder<K> keyCoder) {
    try {
      keyCoder.verifyDeterministic();
    } catch (Coder.NonDeterministicException e) {
      throw new IllegalArgumentException(
          NAME
              + " keeps state per encoded key, so its key coder must be deterministic; "
              + keyCoder
              + " is not ("
              + e.getMessage()
              + "); use e.g. StringUtf8Coder, NullableCoder.of(StringUtf8Coder.of()) or a KvCoder"
              + " of such",
          e);
    }
    if (layout().isAllTime() && !allowedLateness().equals(Duration.ZERO)) {
      throw new IllegalArgumentException(
          NAME
              + ".allTime() never closes its window, so withAllowedLateness("
              + allowedLateness()
              + ") has no meaning; leave it out");
    }
  }

  /**
   * A bounded input is whole before anything is emitted: the watermark jumps from the start to the
   * end of time once all input is in, so no input is late, every window's one result is its
   * ON_TIME sum and there are no early results. That is a plain sum per key and window: each
   * bundle's values are summed per key and window in a hash map (as for the stateful path, but with
   * room for many more sums, since a bounded input's bundles are large), then Beam's {@code
   * Combine.perKey} (with the runner's own combiner lifting) adds up the partial sums, with no keyed
   * state or timers. The key of the combine is the key alone, its value a map from window start to
   * sum: the runner's per-key machinery then runs once per key rather than once per key and window
   * (on a day of conn records, some 30 windows per host and service). The results and their
   * timestamps are the ones the stateful path gives on the same input; {@code late} is empty.
   */
  private <T> Output<K> expandBounded(
      PCollection<T> input, Coder<K> keyCoder, PreAggregateFn<T, K> preAggregate) {
    WindowLayout layout = layout();
    TupleTag<Result<K>> resultTag = new TupleTag<>("results");
    TupleTag<Late<K>> lateTag = new TupleTag<>("late");
    PCollection<Result<K>> results =
        GlobalWindowing.of(input, "IntoGlobalWindow")
            .apply("PreAggregatePerBundle", ParDo.of(preAggregate))
            .setCoder(KvCoder.of(keyCoder, Partial.PartialCoder.of()))
            .apply("SumPerKeyAndWindow", Combine.perKey(new SumPerWindowFn()))
            .setCoder(KvCoder.of(keyCoder, SumPerWindowFn.CODER))
            .apply("ToResults", ParDo.of(new OnTimeResultsFn<K>(layout)))
            .setCoder(Result.coder(keyCoder));
    PCollection<Late<K>> late =
        input.getPipeline().apply("NoLateInput", Create.empty(Late.coder(keyCoder)));
    return new Output<>(
        PCollectionTuple.of(resultTag, results).and(lateTag, late), resultTag, lateTag);
  }

  /**
   * Most (key, window) sums the pre-aggregation of bounded input holds at once. On Flink a bounded
   * bundle is a whole partition; when the map is full it emits its sums and starts again, which on
   * time-ordered input (a Zeek log) emits mostly windows that are over. Small enough to stay in
   * the processor's cache: with 100,000 sums that passed further input through one by one, the
   * map look-up and the inputs passed through took a fifth of the parse step's time.
   */
  private static final int BOUNDED_PARTIALS = 4_096;

  /** Sums per window start: partial sums in, {@code start -> sum} out. */
  private static final class SumPerWindowFn
      extends Combine.CombineFn<Partial, Map<Long, Long>, Map<Long, Long>> {
    private static final long serialVersionUID = 1L;
    static final Coder<Map<Long, Long>> CODER = MapCoder.of(VarLongCoder.of(), VarLongCoder.of());

    @Override
    public Map<Long, Long> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<Long, Long> addInput(Map<Long, Long> sums, Partial input) {
      sums.merge(input.windowStart, input.sum, Long::sum);
      return sums;
    }

    @Override
    public Map<Long, Long> mergeAccumulators(Iterable<Map<Long, Long>> accumulators) {
      Map<Long, Long> merged = null;
      for (Map<Long, Long> sums : accumulators) {
        if (merged == null) {
          merged = sums;
        } else {
          for (Map.Entry<Long, Long> e : sums.entrySet()) {
            merged.merge(e.getKey(), e.getValue(), Long::sum);
          }
        }
      }
      return merged == null ? createAccumulator() : merged;
    }

    @Override
    public Map<Long, Long> extractOutput(Map<Long, Long> sums) {
      return sums;
    }

    @Override
    public Coder<Map<Long, Long>> getAccumulatorCoder(
        CoderRegistry registry, Coder<Partial> inputCoder) {
      return CODER;
    }

    @Override
    public Coder<Map<Long, Long>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<Partial> inputCoder) {
      return CODER;
    }
  }

  /** A key's window totals as ON_TIME results, each stamped with its window's last instant. */
  private static final class OnTimeResultsFn<K> extends DoFn<KV<K, Map<Long, Long>>, Result<K>> {
    private static final long serialVersionUID = 1L;
    private final WindowLayout layout;
    private final Counter onTime = Metrics.counter(METRICS_NAMESPACE, ON_TIME_RESULTS);

    OnTimeResultsFn(WindowLayout layout) {
      this.layout = layout;
    }

    @ProcessElement
    public void process(@Element KV<K, Map<Long, Long>> sums, OutputReceiver<Result<K>> out) {
      K key = sums.getKey();
      for (Map.Entry<Long, Long> e : sums.getValue().entrySet()) {
        long start = e.getKey();
        onTime.inc();
        out.outputWithTimestamp(
            Result.of(key, start, layout.end(start), e.getValue(), Timing.ON_TIME),
            new Instant(layout.lastInstant(start)));
      }
    }

    @Override
    @SuppressWarnings("deprecation") // the way to stamp outputs before the combined input's time
    public Duration getAllowedTimestampSkew() {
      // The combined element is stamped at the end of the global window; each result goes back to
      // its own window's last instant.
      return Duration.millis(Long.MAX_VALUE);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    WindowLayout layout = layout();
    if (layout.isAllTime()) {
      builder.add(DisplayData.item("window", "all time").withLabel("Window"));
    } else {
      builder.add(DisplayData.item("size", layout.size()).withLabel("Window size"));
      if (layout.isSliding()) {
        builder.add(DisplayData.item("period", layout.period()).withLabel("Window period"));
      }
    }
    builder
        .add(DisplayData.item("allowedLateness", allowedLateness()).withLabel("Allowed lateness"))
        .addIfNotNull(
            DisplayData.item("earlyResults", earlyResults()).withLabel("Early results every"));
  }

  /** Whether a result is from before, at, or after the watermark passed its window's end. */
  public enum Timing {
    /** The sum so far of a window still open (only with {@link #withEarlyResults}). */
    EARLY,
    /** The sum when the watermark passed the window's end; at most one per key and window. */
    ON_TIME,
    /** The sum updated by input that came after the watermark passed the window's end. */
    LATE
  }

  /** One key's sum in one window, {@code [windowStart, windowEnd)} in epoch milliseconds. */
  @AutoValue
  public abstract static class Result<K> {
    public abstract @Nullable K getKey();

    public abstract long getWindowStart();

    public abstract long getWindowEnd();

    public abstract long getSum();

    public abstract Timing getTiming();

    /** Whether this is an {@link #allTime()} total rather than a window's sum. */
    public boolean isAllTime() {
      return getWindowStart() == WindowLayout.ALL_TIME_START
          && getWindowEnd() == WindowLayout.ALL_TIME_END;
    }

    public static <K> Result<K> of(
        @Nullable K key, long windowStart, long windowEnd, long sum, Timing timing) {
      return new AutoValue_WindowedSum_Result<>(key, windowStart, windowEnd, sum, timing);
    }

    /** The coder of results whose keys {@code keyCoder} encodes; deterministic if it is. */
    public static <K> Coder<Result<K>> coder(Coder<K> keyCoder) {
      return ResultCoder.of(keyCoder);
    }
  }

  /**
   * Input that came after its window had closed, and so is in no sum: one or more inputs of one key
   * and window (see {@link #getRecords()}), their sum, and the earliest of their event times.
   */
  @AutoValue
  public abstract static class Late<K> {
    public abstract @Nullable K getKey();

    public abstract long getWindowStart();

    public abstract long getWindowEnd();

    /**
     * The watermark from which on the window took no more input: its end plus the allowed lateness,
     * epoch milliseconds.
     */
    public abstract long getClosedAt();

    /**
     * What the key knew of the watermark when the input arrived: a lower bound of the true one, and
     * at or past {@link #getClosedAt()}.
     */
    public abstract long getWatermark();

    public abstract long getSum();

    /** How many inputs this stands for (more than one when pre-aggregation merged them). */
    public abstract long getRecords();

    /** The earliest event time of those inputs, epoch milliseconds. */
    public abstract long getEventTime();

    /** How far the watermark was, at least, past the window's closing when the input came. */
    public long getMillisPastClosing() {
      return getWatermark() - getClosedAt();
    }

    public static <K> Late<K> of(
        @Nullable K key,
        long windowStart,
        long windowEnd,
        long closedAt,
        long watermark,
        long sum,
        long records,
        long eventTime) {
      return new AutoValue_WindowedSum_Late<>(
          key, windowStart, windowEnd, closedAt, watermark, sum, records, eventTime);
    }

    /** The coder of late inputs whose keys {@code keyCoder} encodes. */
    public static <K> Coder<Late<K>> coder(Coder<K> keyCoder) {
      return LateCoder.of(keyCoder);
    }
  }

  /** The results of a {@link WindowedSum} and the input that came too late for them. */
  public static final class Output<K> implements POutput {
    private final PCollectionTuple outputs;
    private final TupleTag<Result<K>> resultTag;
    private final TupleTag<Late<K>> lateTag;

    Output(PCollectionTuple outputs, TupleTag<Result<K>> resultTag, TupleTag<Late<K>> lateTag) {
      this.outputs = outputs;
      this.resultTag = resultTag;
      this.lateTag = lateTag;
    }

    public PCollection<Result<K>> results() {
      return outputs.get(resultTag);
    }

    public PCollection<Late<K>> late() {
      return outputs.get(lateTag);
    }

    @Override
    public Pipeline getPipeline() {
      return outputs.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return outputs.expand();
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {
      outputs.finishSpecifyingOutput(transformName, input, transform);
    }
  }
}
