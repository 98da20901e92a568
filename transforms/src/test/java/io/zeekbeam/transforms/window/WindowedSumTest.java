package io.zeekbeam.transforms.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.transforms.window.WindowedSum.Late;
import io.zeekbeam.transforms.window.WindowedSum.Result;
import io.zeekbeam.transforms.window.WindowedSum.Timing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link WindowedSum} on the DirectRunner: window boundaries, one on-time result per window, late
 * input within and beyond the allowed lateness, early results, all-time totals and the release of
 * state. Streaming cases follow Beam's LeaderBoardTest: a TestStream per lateness case with
 * explicit watermark steps.
 */
class WindowedSumTest {
  private static final KvCoder<String, Long> INPUT =
      KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of());
  private static final Duration FIVE_SECONDS = Duration.standardSeconds(5);

  private static TimestampedValue<KV<String, Long>> at(long millis, String key, long value) {
    return TimestampedValue.of(KV.of(key, value), new Instant(millis));
  }

  private static Result<String> result(String key, long start, long end, long sum, Timing t) {
    return Result.of(key, start, end, sum, t);
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(WindowedSum.METRICS_NAMESPACE, name))
                    .build())
            .getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  /** Each result as "start/timestamp", to check that results are stamped with end - 1 ms. */
  private static final class StampFn extends DoFn<Result<String>, String> {
    @ProcessElement
    public void process(
        @Element Result<String> r, @Timestamp Instant ts, OutputReceiver<String> out) {
      out.output(r.getWindowStart() + "/" + ts.getMillis());
    }
  }

  @Test
  void tumblingWindowsAreHalfOpenAndEachGetsOneOnTimeResult() {
    Pipeline p = pipeline();
    PCollection<KV<String, Long>> input =
        p.apply(
            Create.timestamped(
                    at(0, "a", 1),
                    at(4_999, "a", 2),
                    at(5_000, "a", 4), // exactly the end of [0, 5s): in the next window
                    at(9_999, "a", 8),
                    at(10_000, "a", 16),
                    at(-1, "a", 32), // before the epoch: [-5s, 0)
                    at(3_000, "b", 64),
                    at(3_000, null, 128))
                .withCoder(INPUT));
    WindowedSum.Output<String> out = input.apply(WindowedSum.tumbling(FIVE_SECONDS));
    PAssert.that(out.results())
        .containsInAnyOrder(
            result("a", -5_000, 0, 32, Timing.ON_TIME),
            result("a", 0, 5_000, 1 + 2, Timing.ON_TIME),
            result("a", 5_000, 10_000, 4 + 8, Timing.ON_TIME),
            result("a", 10_000, 15_000, 16, Timing.ON_TIME),
            result("b", 0, 5_000, 64, Timing.ON_TIME),
            result(null, 0, 5_000, 128, Timing.ON_TIME));
    PAssert.that(out.results().apply(ParDo.of(new StampFn())))
        .containsInAnyOrder("-5000/-1", "0/4999", "5000/9999", "10000/14999", "0/4999", "0/4999");
    PAssert.that(out.late()).empty();
    PipelineResult r = p.run();
    TestPipeline.verifyPAssertsSucceeded(p, r);
    assertEquals(6, counter(r, WindowedSum.ON_TIME_RESULTS));
    // Bounded input: summed by Combine.perKey, with no per-key state to release.
    assertEquals(0, counter(r, WindowedSum.WINDOWS_RELEASED));
    assertEquals(0, counter(r, WindowedSum.KEYS_RELEASED));
  }

  /** The sums of sliding windows straight from the definition: [s, s + size), s = k * period. */
  private static List<Result<String>> slidingByDefinition(
      List<TimestampedValue<KV<String, Long>>> input, long size, long period) {
    Map<String, Long> sums = new TreeMap<>();
    for (TimestampedValue<KV<String, Long>> e : input) {
      long t = e.getTimestamp().getMillis();
      for (long s = Math.floorDiv(t - size, period) * period; s <= t; s += period) {
        if (s <= t && t < s + size) {
          sums.merge(e.getValue().getKey() + "@" + s, e.getValue().getValue(), Long::sum);
        }
      }
    }
    List<Result<String>> results = new ArrayList<>();
    sums.forEach(
        (k, sum) -> {
          String[] parts = k.split("@");
          long s = Long.parseLong(parts[1]);
          results.add(result(parts[0], s, s + size, sum, Timing.ON_TIME));
        });
    return results;
  }

  @Test
  void slidingWindowsCatchABurstThatStraddlesATumblingBoundary() {
    // Eleven failures between 3.0 s and 7.0 s: a tumbling 5 s window sees 5 and 6 of them, the
    // sliding window [3 s, 8 s) all 11; 8.0 s itself is outside it.
    List<TimestampedValue<KV<String, Long>>> burst = new ArrayList<>();
    for (int i = 0; i <= 10; i++) {
      burst.add(at(3_000 + 400L * i, "h", 1));
    }
    burst.add(at(8_000, "h", 100));
    Pipeline p = pipeline();
    PCollection<KV<String, Long>> input = p.apply(Create.timestamped(burst).withCoder(INPUT));
    PCollection<Result<String>> tumbling =
        input.apply("Tumbling", WindowedSum.tumbling(FIVE_SECONDS)).results();
    PCollection<Result<String>> sliding =
        input
            .apply("Sliding", WindowedSum.sliding(FIVE_SECONDS, Duration.standardSeconds(1)))
            .results();
    PAssert.that(tumbling)
        .containsInAnyOrder(
            result("h", 0, 5_000, 5, Timing.ON_TIME),
            result("h", 5_000, 10_000, 6 + 100, Timing.ON_TIME));
    List<Result<String>> expected = slidingByDefinition(burst, 5_000, 1_000);
    assertTrue(expected.contains(result("h", 3_000, 8_000, 11, Timing.ON_TIME)));
    assertTrue(expected.contains(result("h", 4_000, 9_000, 8 + 100, Timing.ON_TIME)));
    PAssert.that(sliding).containsInAnyOrder(expected);
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void lateInputWithinLatenessUpdatesAndBeyondItIsHandedBack() {
    Duration lateness = Duration.standardSeconds(10);
    TestStream<KV<String, Long>> stream =
        TestStream.create(INPUT)
            .addElements(at(1_000, "a", 1), at(2_000, "a", 2), at(6_000, "b", 100))
            // Past the end of [0, 5s): its on-time result.
            .advanceWatermarkTo(new Instant(5_000))
            // Late, but within 10 s of lateness: counted, and the result updated.
            .addElements(at(3_000, "a", 4))
            // Key c never had [0, 5s): its first result is already a late one.
            .addElements(at(4_000, "c", 1_000))
            // Past 5 s + 10 s: [0, 5s) is closed, its state released.
            .advanceWatermarkTo(new Instant(15_000))
            // Too late: not counted, handed back.
            .addElements(at(4_500, "a", 8))
            .advanceWatermarkToInfinity();
    Pipeline p = pipeline();
    WindowedSum.Output<String> out =
        p.apply(stream)
            .apply(WindowedSum.<String>tumbling(FIVE_SECONDS).withAllowedLateness(lateness));
    PAssert.that(out.results())
        .containsInAnyOrder(
            result("a", 0, 5_000, 3, Timing.ON_TIME),
            result("a", 0, 5_000, 7, Timing.LATE),
            result("c", 0, 5_000, 1_000, Timing.LATE),
            result("b", 5_000, 10_000, 100, Timing.ON_TIME));
    PAssert.that(out.late())
        .satisfies(
            late -> {
              List<Late<String>> all = new ArrayList<>();
              late.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              Late<String> l = all.get(0);
              assertEquals("a", l.getKey());
              assertEquals(0, l.getWindowStart());
              assertEquals(5_000, l.getWindowEnd());
              assertEquals(15_000, l.getClosedAt());
              assertTrue(l.getWatermark() >= 15_000, "watermark " + l.getWatermark());
              assertEquals(l.getWatermark() - 15_000, l.getMillisPastClosing());
              assertEquals(8, l.getSum());
              assertEquals(1, l.getRecords());
              assertEquals(4_500, l.getEventTime());
              return null;
            });
    PipelineResult r = p.run();
    TestPipeline.verifyPAssertsSucceeded(p, r);
    assertEquals(1, counter(r, WindowedSum.LATE_RECORDS));
    assertEquals(2, counter(r, WindowedSum.LATE_RESULTS));
    assertEquals(2, counter(r, WindowedSum.ON_TIME_RESULTS));
    // a's and c's [0, 5s) after 15 s, b's [5s, 10s) at the end: three windows, three keys.
    assertEquals(3, counter(r, WindowedSum.WINDOWS_RELEASED));
    assertEquals(3, counter(r, WindowedSum.KEYS_RELEASED));
  }

  @Test
  void withoutLatenessInputBehindTheWatermarkIsHandedBackWithItsCount() {
    TestStream<KV<String, Long>> stream =
        TestStream.create(INPUT)
            .addElements(at(1_000, "a", 1))
            .advanceWatermarkTo(new Instant(5_000))
            .addElements(at(4_000, "a", 2), at(4_999, "a", 3))
            .addElements(at(5_000, "a", 5)) // on time: the next window
            .advanceWatermarkToInfinity();
    Pipeline p = pipeline();
    WindowedSum.Output<String> out = p.apply(stream).apply(WindowedSum.tumbling(FIVE_SECONDS));
    PAssert.that(out.results())
        .containsInAnyOrder(
            result("a", 0, 5_000, 1, Timing.ON_TIME),
            result("a", 5_000, 10_000, 5, Timing.ON_TIME));
    PAssert.that(out.late())
        .satisfies(
            late -> {
              long records = 0;
              long sum = 0;
              for (Late<String> l : late) {
                assertEquals(0, l.getWindowStart());
                assertEquals(5_000, l.getClosedAt());
                records += l.getRecords();
                sum += l.getSum();
              }
              assertEquals(2, records);
              assertEquals(5, sum);
              return null;
            });
    PipelineResult r = p.run();
    TestPipeline.verifyPAssertsSucceeded(p, r);
    assertEquals(2, counter(r, WindowedSum.LATE_RECORDS));
  }

  @Test
  void anInputInSeveralSlidingWindowsIsJudgedPerWindow() {
    // Windows of 5 s every 1 s; at watermark 6 s, an input at 3 s is late for the three windows
    // that ended by 6 s ([-1s, 4s), [0, 5s), [1s, 6s)) and on time for [2s, 7s) and [3s, 8s).
    TestStream<KV<String, Long>> stream =
        TestStream.create(INPUT)
            .advanceWatermarkTo(new Instant(6_000))
            .addElements(at(3_000, "s", 1))
            .advanceWatermarkToInfinity();
    Pipeline p = pipeline();
    WindowedSum.Output<String> out =
        p.apply(stream)
            .apply(WindowedSum.<String>sliding(FIVE_SECONDS, Duration.standardSeconds(1)));
    PAssert.that(out.results())
        .containsInAnyOrder(
            result("s", 2_000, 7_000, 1, Timing.ON_TIME),
            result("s", 3_000, 8_000, 1, Timing.ON_TIME));
    PAssert.that(out.late())
        .satisfies(
            late -> {
              List<Long> starts = new ArrayList<>();
              late.forEach(l -> starts.add(l.getWindowStart()));
              starts.sort(null);
              assertEquals(List.of(-1_000L, 0L, 1_000L), starts);
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  /** A result's key and sum, for a downstream step that knows nothing of WindowedSum. */
  private static final class KeyAndSumFn extends DoFn<Result<String>, KV<String, Long>> {
    @ProcessElement
    public void process(@Element Result<String> r, OutputReceiver<KV<String, Long>> out) {
      if (r.getTiming() == Timing.ON_TIME) {
        out.output(KV.of(r.getKey(), r.getSum()));
      }
    }
  }

  @Test
  void onTimeResultsAreOnTimeForDownstreamWindowsToo() {
    // The watermark jumps past both windows at once: the results, stamped end - 1 ms, must still
    // be ahead of the output watermark, or a plain Beam window downstream would drop them.
    TestStream<KV<String, Long>> stream =
        TestStream.create(INPUT)
            .addElements(at(1_000, "a", 1), at(7_000, "a", 2), at(8_000, "b", 4))
            .advanceWatermarkTo(new Instant(60_000))
            .advanceWatermarkToInfinity();
    Pipeline p = pipeline();
    PCollection<KV<String, Iterable<Long>>> downstream =
        p.apply(stream)
            .apply(WindowedSum.tumbling(FIVE_SECONDS))
            .results()
            .apply(ParDo.of(new KeyAndSumFn()))
            .apply(Window.into(FixedWindows.of(FIVE_SECONDS)))
            .apply(GroupByKey.create());
    PAssert.that(downstream)
        .inOnTimePane(new IntervalWindow(new Instant(0), new Instant(5_000)))
        .containsInAnyOrder(KV.of("a", List.of(1L)));
    PAssert.that(downstream)
        .inOnTimePane(new IntervalWindow(new Instant(5_000), new Instant(10_000)))
        .satisfies(
            groups -> {
              Map<String, List<Long>> got = new TreeMap<>();
              groups.forEach(
                  g -> {
                    List<Long> sums = new ArrayList<>();
                    g.getValue().forEach(sums::add);
                    got.put(g.getKey(), sums);
                  });
              assertEquals(Map.of("a", List.of(2L), "b", List.of(4L)), got);
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void earlyResultsReportChangedOpenWindowsOncePerInterval() {
    Duration interval = Duration.standardSeconds(30);
    TestStream<KV<String, Long>> stream =
        TestStream.create(INPUT)
            .addElements(at(1_000, "a", 1))
            .advanceProcessingTime(Duration.standardSeconds(31))
            .addElements(at(2_000, "a", 2), at(3_000, "a", 4), at(6_000, "a", 8))
            .advanceProcessingTime(Duration.standardSeconds(31))
            // Nothing changed: no early result.
            .advanceProcessingTime(Duration.standardSeconds(31))
            .advanceWatermarkTo(new Instant(5_000))
            .advanceWatermarkToInfinity();
    Pipeline p = pipeline();
    WindowedSum.Output<String> out =
        p.apply(stream)
            .apply(WindowedSum.<String>tumbling(FIVE_SECONDS).withEarlyResults(interval));
    PAssert.that(out.results())
        .containsInAnyOrder(
            result("a", 0, 5_000, 1, Timing.EARLY),
            result("a", 0, 5_000, 1 + 2 + 4, Timing.EARLY),
            result("a", 5_000, 10_000, 8, Timing.EARLY),
            result("a", 0, 5_000, 1 + 2 + 4, Timing.ON_TIME),
            result("a", 5_000, 10_000, 8, Timing.ON_TIME));
    PipelineResult r = p.run();
    TestPipeline.verifyPAssertsSucceeded(p, r);
    assertEquals(3, counter(r, WindowedSum.EARLY_RESULTS));
  }

  /**
   * The bounded path (Combine.perKey) and the stateful one (the same input as a stream, the
   * watermark passing everything only at the end) give the same results, and both equal sums
   * computed here by a plain loop over the sliding windows.
   */
  @Test
  void boundedAndStreamedInputGiveTheSameSums() {
    java.util.Random random = new java.util.Random(7);
    List<TimestampedValue<KV<String, Long>>> input = new ArrayList<>();
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      long t = random.nextInt(60_000) - 10_000;
      String key = "k" + random.nextInt(5);
      long value = 1 + random.nextInt(100);
      input.add(at(t, key, value));
      // windows of 10 s every 5 s: the two starting at the 5 s boundaries at or before t
      long latest = Math.floorDiv(t, 5_000L) * 5_000L;
      for (long start = latest; start > t - 10_000; start -= 5_000) {
        expected.merge(key + "@" + start + "-" + (start + 10_000), value, Long::sum);
      }
    }
    List<String> want = new ArrayList<>();
    expected.forEach((k, v) -> want.add(k + "=" + v + " ON_TIME"));

    Pipeline bounded = pipeline();
    PCollection<Result<String>> b =
        bounded
            .apply(Create.timestamped(input).withCoder(INPUT))
            .apply(WindowedSum.<String>sliding(Duration.standardSeconds(10), FIVE_SECONDS))
            .results();
    PAssert.that(b.apply("Text", ParDo.of(new ResultTextFn()))).containsInAnyOrder(want);
    TestPipeline.verifyPAssertsSucceeded(bounded, bounded.run());

    TestStream.Builder<KV<String, Long>> stream = TestStream.create(INPUT);
    for (TimestampedValue<KV<String, Long>> e : input) {
      stream = stream.addElements(e);
    }
    Pipeline streamed = pipeline();
    PCollection<Result<String>> u =
        streamed
            .apply(stream.advanceWatermarkToInfinity())
            .apply(WindowedSum.<String>sliding(Duration.standardSeconds(10), FIVE_SECONDS))
            .results();
    PAssert.that(u.apply("Text", ParDo.of(new ResultTextFn()))).containsInAnyOrder(want);
    TestPipeline.verifyPAssertsSucceeded(streamed, streamed.run());
  }

  /**
   * {@code sumOver} reads keys and values from the elements themselves: on a bounded input it gives
   * the sums a plain loop gives, with no step of its own for the keys; on a stream it is the
   * mapping step under the given name, then the sum, so that a streaming job's steps (and the state
   * a savepoint holds for them) keep their names.
   */
  @Test
  void sumOverReadsKeysAndValuesFromTheElementsAndKeepsAStreamsSteps() {
    java.util.Random random = new java.util.Random(11);
    List<TimestampedValue<String>> input = new ArrayList<>();
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < 300; i++) {
      long t = random.nextInt(60_000);
      String key = "k" + random.nextInt(5);
      long value = 1 + random.nextInt(100);
      input.add(TimestampedValue.of(key + "=" + value, new Instant(t)));
      long start = Math.floorDiv(t, 5_000L) * 5_000L;
      expected.merge(key + "@" + start + "-" + (start + 5_000), value, Long::sum);
    }
    List<String> want = new ArrayList<>();
    expected.forEach((k, v) -> want.add(k + "=" + v + " ON_TIME"));
    WindowedSum<String> sum = WindowedSum.<String>tumbling(FIVE_SECONDS);

    Pipeline bounded = pipeline();
    PCollection<Result<String>> b =
        sumPerName(sum, bounded.apply(Create.timestamped(input).withCoder(StringUtf8Coder.of())));
    PAssert.that(b.apply("Text", ParDo.of(new ResultTextFn()))).containsInAnyOrder(want);
    List<String> boundedSteps = steps(bounded);
    assertTrue(
        boundedSteps.stream().noneMatch(n -> n.startsWith("KeyByName")), boundedSteps::toString);
    assertTrue(
        boundedSteps.contains("SumPerName/PreAggregatePerBundle/ParMultiDo(PreAggregate)"),
        boundedSteps::toString);
    TestPipeline.verifyPAssertsSucceeded(bounded, bounded.run());

    TestStream.Builder<String> stream = TestStream.create(StringUtf8Coder.of());
    for (TimestampedValue<String> e : input) {
      stream = stream.addElements(e);
    }
    Pipeline streamed = pipeline();
    PCollection<Result<String>> u =
        sumPerName(sum, streamed.apply(stream.advanceWatermarkToInfinity()));
    PAssert.that(u.apply("Text", ParDo.of(new ResultTextFn()))).containsInAnyOrder(want);
    List<String> streamedSteps = steps(streamed);
    assertTrue(
        streamedSteps.contains("KeyByName/Map/ParMultiDo(Anonymous)"), streamedSteps::toString);
    assertTrue(streamedSteps.contains("SumPerName/SumPerKeyAndWindow"), streamedSteps::toString);
    TestPipeline.verifyPAssertsSucceeded(streamed, streamed.run());
  }

  /** Sums the numbers of "name=number" elements per name. */
  private static PCollection<Result<String>> sumPerName(
      WindowedSum<String> sum, PCollection<String> elements) {
    return sum.sumOver(
            elements,
            "KeyByName",
            e -> e.substring(0, e.indexOf('=')),
            e -> Long.parseLong(e.substring(e.indexOf('=') + 1)),
            StringUtf8Coder.of(),
            "SumPerName")
        .results();
  }

  /** The full names of a pipeline's primitive steps. */
  private static List<String> steps(Pipeline p) {
    List<String> names = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(
              org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
            names.add(node.getFullName());
          }
        });
    return names;
  }

  private static final class ResultTextFn extends DoFn<Result<String>, String> {
    @ProcessElement
    public void process(@Element Result<String> r, OutputReceiver<String> out) {
      out.output(
          r.getKey()
              + "@"
              + r.getWindowStart()
              + "-"
              + r.getWindowEnd()
              + "="
              + r.getSum()
              + " "
              + r.getTiming());
    }
  }

  @Test
  void earlyResultsAreIgnoredOnBoundedInput() {
    Pipeline p = pipeline();
    PCollection<Result<String>> results =
        p.apply(Create.timestamped(at(1_000, "a", 1), at(2_000, "a", 2)).withCoder(INPUT))
            .apply(WindowedSum.<String>tumbling(FIVE_SECONDS).withEarlyResults(Duration.millis(1)))
            .results();
    PAssert.that(results).containsInAnyOrder(result("a", 0, 5_000, 3, Timing.ON_TIME));
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  private static Result<String> total(String key, long sum, Timing timing) {
    return Result.of(key, WindowLayout.ALL_TIME_START, WindowLayout.ALL_TIME_END, sum, timing);
  }

  @Test
  void allTimeTotalsComeOnceAtTheEndOfABoundedInput() {
    Pipeline p = pipeline();
    PCollection<Result<String>> results =
        p.apply(
                Create.timestamped(
                        at(-86_400_000L * 365 * 30, "x", 1),
                        at(0, "x", 2),
                        at(86_400_000L * 365 * 30, "x", 4),
                        at(5, null, 8))
                    .withCoder(INPUT))
            .apply(WindowedSum.allTime())
            .results();
    PAssert.that(results)
        .containsInAnyOrder(total("x", 1 + 2 + 4, Timing.ON_TIME), total(null, 8, Timing.ON_TIME));
    PAssert.that(results)
        .satisfies(
            all -> {
              all.forEach(r -> assertTrue(r.isAllTime(), r.toString()));
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void allTimeTotalsOnAStreamAreAChangelog() {
    TestStream<KV<String, Long>> stream =
        TestStream.create(INPUT)
            .addElements(at(1_000, "q", 1), at(900_000, "q", 1))
            .advanceWatermarkTo(new Instant(3_600_000))
            .advanceProcessingTime(Duration.standardSeconds(3))
            // Far behind the watermark, but an all-time total is never closed.
            .addElements(at(2_000, "q", 1), at(2_000, "r", 1))
            .advanceProcessingTime(Duration.standardSeconds(3))
            .advanceWatermarkToInfinity();
    Pipeline p = pipeline();
    WindowedSum.Output<String> out =
        p.apply(stream)
            .apply(WindowedSum.<String>allTime().withEarlyResults(Duration.standardSeconds(2)));
    PAssert.that(out.results())
        .containsInAnyOrder(
            total("q", 2, Timing.EARLY),
            total("q", 3, Timing.EARLY),
            total("r", 1, Timing.EARLY),
            total("q", 3, Timing.ON_TIME),
            total("r", 1, Timing.ON_TIME));
    PAssert.that(out.late()).empty();
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void optionsAreValidatedWithMessagesThatSayWhatToDo() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> WindowedSum.tumbling(Duration.ZERO))
            .getMessage()
            .contains("must be positive"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowedSum.sliding(FIVE_SECONDS, Duration.standardSeconds(6)))
            .getMessage()
            .contains("use a period of at most the size"));
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowedSum.tumbling(FIVE_SECONDS).withAllowedLateness(Duration.millis(-1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowedSum.tumbling(FIVE_SECONDS).withEarlyResults(Duration.ZERO));

    Pipeline p = pipeline();
    PCollection<KV<String, Long>> input =
        p.apply(Create.timestamped(at(0, "a", 1)).withCoder(INPUT));
    String allTime =
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    input.apply(
                        "AllTimeWithLateness",
                        WindowedSum.<String>allTime().withAllowedLateness(FIVE_SECONDS)))
            .getMessage();
    assertTrue(allTime.contains("leave it out"), allTime);

    // Floating-point encodings are not deterministic, so doubles cannot key state.
    PCollection<KV<Double, Long>> doubleKeys =
        p.apply(
            "DoubleKeys",
            Create.of(KV.of(1.5, 1L)).withCoder(KvCoder.of(DoubleCoder.of(), VarLongCoder.of())));
    String keys =
        assertThrows(
                IllegalArgumentException.class,
                () -> doubleKeys.apply(WindowedSum.tumbling(FIVE_SECONDS)))
            .getMessage();
    assertTrue(keys.contains("must be deterministic"), keys);
  }

  @Test
  void resultsAndLateInputsSurviveTheirCoders() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        Result.coder(NullableCoder.of(StringUtf8Coder.of())),
        Result.of(null, Long.MIN_VALUE / 1000, 5_000, 42, Timing.LATE));
    CoderProperties.coderDecodeEncodeEqual(
        Result.coder(StringUtf8Coder.of()), Result.of("k", -5_000, 0, -3, Timing.EARLY));
    CoderProperties.coderDecodeEncodeEqual(
        Late.coder(StringUtf8Coder.of()), Late.of("k", 0, 5_000, 15_000, 15_001, 8, 2, 4_500));
    CoderProperties.coderDeterministic(
        Result.coder(StringUtf8Coder.of()),
        Result.of("k", 0, 1, 2, Timing.ON_TIME),
        Result.of("k", 0, 1, 2, Timing.ON_TIME));
  }
}
