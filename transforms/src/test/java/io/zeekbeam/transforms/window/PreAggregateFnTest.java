package io.zeekbeam.transforms.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The bundle-local pre-aggregation: whatever the bundles and however full its map gets, the
 * partials of a key and window add up to that window's sum and input count, and each partial is
 * stamped inside its window.
 */
class PreAggregateFnTest {
  /** Each partial as "key@start sum records", with a check that its timestamp is in its window. */
  private static final class DescribeFn extends DoFn<KV<String, Partial>, KV<String, long[]>> {
    private final WindowLayout layout;

    DescribeFn(WindowLayout layout) {
      this.layout = layout;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Partial> e,
        @Timestamp Instant ts,
        OutputReceiver<KV<String, long[]>> out) {
      Partial p = e.getValue();
      long t = ts.getMillis();
      boolean inWindow = p.windowStart <= t && t < layout.end(p.windowStart);
      out.output(
          KV.of(e.getKey() + "@" + p.windowStart, new long[] {p.sum, p.records, inWindow ? 1 : 0}));
    }
  }

  private static void check(int maxPartials) {
    check(maxPartials, false);
  }

  private static void check(int maxPartials, boolean flushWhenFull) {
    WindowLayout layout =
        WindowLayout.sliding(Duration.standardSeconds(10), Duration.standardSeconds(5));
    List<TimestampedValue<KV<String, Long>>> input = new ArrayList<>();
    Map<String, long[]> expected = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      String key = "k" + (i % 7);
      long t = 1_000L * i;
      input.add(TimestampedValue.of(KV.of(key, (long) i), new Instant(t)));
      // Windows [s, s + 10 s) every 5 s: the one starting at or before t, and the one before it.
      long latest = t - Math.floorMod(t, 5_000);
      for (long s : new long[] {latest, latest - 5_000}) {
        long[] sum = expected.computeIfAbsent(key + "@" + s, k -> new long[2]);
        sum[0] += i;
        sum[1]++;
      }
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<KV<String, long[]>> partials =
        p.apply(
                Create.timestamped(input)
                    .withCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())))
            .apply(Window.into(new GlobalWindows()))
            .apply(
                ParDo.of(
                    PreAggregateFn.ofKvs(layout, StringUtf8Coder.of(), maxPartials, flushWhenFull)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Partial.PartialCoder.of()))
            .apply(ParDo.of(new DescribeFn(layout)));
    PAssert.that(partials)
        .satisfies(
            all -> {
              Map<String, long[]> got = new TreeMap<>();
              for (KV<String, long[]> kv : all) {
                if (!flushWhenFull) {
                  // Flushed sums carry the timestamp of the input that filled the map.
                  assertEquals(1, kv.getValue()[2], kv.getKey() + " stamped outside its window");
                }
                long[] sum = got.computeIfAbsent(kv.getKey(), k -> new long[2]);
                sum[0] += kv.getValue()[0];
                sum[1] += kv.getValue()[1];
              }
              assertEquals(expected.keySet(), got.keySet());
              expected.forEach(
                  (k, v) -> {
                    assertEquals(v[0], got.get(k)[0], k + " sum");
                    assertEquals(v[1], got.get(k)[1], k + " records");
                  });
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  /**
   * The map's keys: a {@code KV} is hashed and compared part by part, as {@code KV.equals} compares
   * it (arrays by content, nulls allowed), without the array {@code KV.hashCode} builds per call.
   */
  @Test
  void keysAreTheSameWhenTheirPartsAre() {
    PreAggregateFn.Slot a = slot(KV.of("10.0.0.1", "dns"), 0);
    PreAggregateFn.Slot b = slot(KV.of(new String("10.0.0.1"), new String("dns")), 0);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, slot(KV.of("10.0.0.1", "dns"), 300_000));
    assertNotEquals(a, slot(KV.of("10.0.0.1", "http"), 0));
    assertNotEquals(a, slot(KV.of("10.0.0.2", "dns"), 0));
    assertEquals(slot(KV.of("10.0.0.1", null), 0), slot(KV.of("10.0.0.1", null), 0));
    assertNotEquals(slot(KV.of("10.0.0.1", null), 0), slot(KV.of("10.0.0.1", "dns"), 0));
    assertEquals(slot(KV.of(null, null), 0), slot(KV.of(null, null), 0));
    assertEquals(
        slot(KV.of(new byte[] {1, 2}, "x"), 0), slot(KV.of(new byte[] {1, 2}, "x"), 0));
    assertNotEquals(
        slot(KV.of(new byte[] {1, 2}, "x"), 0), slot(KV.of(new byte[] {1, 3}, "x"), 0));
    assertEquals(slot("k", 0), slot(new String("k"), 0));
    assertEquals(slot(null, 0), slot(null, 0));
    assertNotEquals(slot("k", 0), slot(KV.of("k", null), 0));
  }

  private static PreAggregateFn.Slot slot(Object key, long windowStart) {
    return new PreAggregateFn.Slot(key, PreAggregateFn.Slot.hashOf(key), windowStart);
  }

  @Test
  void partialsAddUpToEachWindowsSum() {
    check(PreAggregateFn.MAX_PARTIALS);
  }

  @Test
  void aFullMapThatFlushesStillAddsUp() {
    check(4, true);
    check(1, true);
  }

  @Test
  void aFullMapPassesInputThroughAndStillAddsUp() {
    check(1);
    assertTrue(PreAggregateFn.MAX_PARTIALS > 1);
  }
}
