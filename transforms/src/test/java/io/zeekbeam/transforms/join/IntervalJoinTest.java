package io.zeekbeam.transforms.join;

import static io.zeekbeam.transforms.join.JoinTesting.RECORD_CODER;
import static io.zeekbeam.transforms.join.JoinTesting.at;
import static io.zeekbeam.transforms.join.JoinTesting.atSeconds;
import static io.zeekbeam.transforms.join.JoinTesting.counter;
import static io.zeekbeam.transforms.join.JoinTesting.distribution;
import static io.zeekbeam.transforms.join.JoinTesting.numbers;
import static io.zeekbeam.transforms.join.JoinTesting.record;
import static io.zeekbeam.transforms.join.JoinTesting.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.DeadLetter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalJoinTest {
  private static final Duration TEN_SECONDS = Duration.standardSeconds(10);

  private static TimestampedValue<KV<String, String>> left(String key, String text, Instant ts) {
    return record("L", key, text, ts);
  }

  private static TimestampedValue<KV<String, String>> right(String key, long number, Instant ts) {
    return record("R", key, number, ts);
  }

  private static TimestampedValue<KV<String, Joined<String, Long>>> pair(
      String key, String left, long right, Instant ts) {
    return TimestampedValue.of(KV.of(key, Joined.of(left, right)), ts);
  }

  /**
   * Splits the records into the two sides and joins them, with the options {@code configure} sets.
   */
  private static JoinResult<String, String, Long> join(
      PCollection<KV<String, String>> records,
      UnaryOperator<IntervalJoin<String, String, Long>> configure) {
    PCollection<KV<String, String>> lefts = texts(records, "L");
    PCollection<KV<String, Long>> rights = numbers(records, "R");
    return lefts.apply(
        "Join", configure.apply(IntervalJoin.<String, String, Long>innerJoin(rights)));
  }

  private static JoinResult<String, String, Long> joinWithinTenSeconds(
      PCollection<KV<String, String>> records) {
    return join(records, j -> j.within(TEN_SECONDS));
  }

  private static PCollection<TimestampedValue<KV<String, Joined<String, Long>>>> stamped(
      JoinResult<String, String, Long> result) {
    return result.joined().apply("Stamped", Reify.timestamps());
  }

  /**
   * More keys than the bounded join has buckets (so keys share buckets), with the default number of
   * buckets, a few, and one for all: each key's records are joined only with its own, exactly the
   * pairs a plain search over all records finds.
   */
  @ParameterizedTest
  @ValueSource(ints = {JoinBuckets.DEFAULT, 7, 1})
  void keysSharingABucketAreJoinedOnlyWithTheirOwn(int buckets) {
    java.util.Random random = new java.util.Random(11);
    List<TimestampedValue<KV<String, String>>> records = new java.util.ArrayList<>();
    List<String[]> lefts = new java.util.ArrayList<>();
    List<Object[]> rights = new java.util.ArrayList<>();
    int keys = JoinBuckets.DEFAULT + 1_000;
    for (int k = 0; k < keys; k++) {
      String key = "C" + k;
      long t = random.nextInt(1_000_000);
      records.add(left(key, "l" + k, at(t)));
      lefts.add(new String[] {key, "l" + k, Long.toString(t)});
      for (int r = 0; r < 2; r++) {
        long u = t + random.nextInt(30_000) - 15_000;
        long number = k * 10L + r;
        records.add(right(key, number, at(u)));
        rights.add(new Object[] {key, number, u});
      }
    }
    List<TimestampedValue<KV<String, Joined<String, Long>>>> expected = new java.util.ArrayList<>();
    for (String[] l : lefts) {
      long t = Long.parseLong(l[2]);
      for (Object[] r : rights) {
        long u = (Long) r[2];
        if (r[0].equals(l[0]) && Math.abs(t - u) <= 10_000) {
          expected.add(pair(l[0], l[1], (Long) r[1], at(Math.max(t, u))));
        }
      }
    }
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(JoinTesting.bounded(p, records), j -> j.within(TEN_SECONDS).withBuckets(buckets));
    PAssert.that(stamped(result)).containsInAnyOrder(expected);
    JoinTesting.run(p);
  }

  @Test
  void joinsAtExactlyWithinEitherWayButNotOneMillisecondBeyond() {
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        joinWithinTenSeconds(
            JoinTesting.bounded(
                p,
                List.of(
                    left("a", "l", atSeconds(100)),
                    right("a", 1, atSeconds(110)),
                    right("a", 2, atSeconds(90)),
                    right("a", 3, at(110_001)),
                    right("a", 4, at(89_999)))));
    PAssert.that(stamped(result))
        .containsInAnyOrder(pair("a", "l", 1, atSeconds(110)), pair("a", "l", 2, atSeconds(100)));
    PAssert.that(result.late()).empty();
    JoinTesting.run(p);
  }

  @Test
  void joinsWhicheverSideArrivesFirst() {
    Pipeline p = JoinTesting.pipeline();
    TestStream<KV<String, String>> records =
        TestStream.create(RECORD_CODER)
            .addElements(right("a", 7, atSeconds(50)), left("b", "y", atSeconds(50)))
            .advanceWatermarkTo(atSeconds(51))
            .addElements(left("a", "x", atSeconds(55)), right("b", 8, atSeconds(45)))
            .advanceWatermarkToInfinity();
    JoinResult<String, String, Long> result = joinWithinTenSeconds(JoinTesting.stream(p, records));
    PAssert.that(stamped(result))
        .containsInAnyOrder(pair("a", "x", 7, atSeconds(55)), pair("b", "y", 8, atSeconds(50)));
    PAssert.that(result.late()).empty();
    JoinTesting.run(p);
  }

  @Test
  void joinsManyToManyEachPairOnce() {
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        joinWithinTenSeconds(
            JoinTesting.bounded(
                p,
                List.of(
                    left("a", "l1", atSeconds(0)),
                    left("a", "l2", atSeconds(5)),
                    right("a", 1, atSeconds(1)),
                    right("a", 2, atSeconds(3)),
                    right("a", 3, atSeconds(8)))));
    PAssert.that(stamped(result))
        .containsInAnyOrder(
            pair("a", "l1", 1, atSeconds(1)),
            pair("a", "l1", 2, atSeconds(3)),
            pair("a", "l1", 3, atSeconds(8)),
            pair("a", "l2", 1, atSeconds(5)),
            pair("a", "l2", 2, atSeconds(5)),
            pair("a", "l2", 3, atSeconds(8)));
    JoinTesting.run(p);
  }

  @Test
  void differentKeysNeverJoin() {
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        joinWithinTenSeconds(
            JoinTesting.bounded(
                p,
                List.of(
                    left("a", "l", atSeconds(0)),
                    right("b", 1, atSeconds(0)),
                    left("c", "m", atSeconds(0)),
                    right("A", 2, atSeconds(0)))));
    PAssert.that(result.joined()).empty();
    PAssert.that(result.late()).empty();
    JoinTesting.run(p);
  }

  /**
   * Sixty records over five keys and two minutes, joined once from a bounded input and once from a
   * stream that delivers them shuffled, in batches, with the watermark up to 8 s ahead of the
   * records still to come (behind it, but not late): both give exactly the pairs a nested loop
   * finds.
   */
  @Test
  void batchAndOutOfOrderStreamGiveTheSamePairs() {
    Random random = new Random(42);
    List<TimestampedValue<KV<String, String>>> records = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String key = "k" + random.nextInt(5);
      Instant ts = at(random.nextInt(120_000));
      records.add(random.nextBoolean() ? left(key, "l" + i, ts) : right(key, i, ts));
    }
    List<TimestampedValue<KV<String, Joined<String, Long>>>> expected = new ArrayList<>();
    for (TimestampedValue<KV<String, String>> l : records) {
      for (TimestampedValue<KV<String, String>> r : records) {
        String lv = l.getValue().getValue();
        String rv = r.getValue().getValue();
        long distance = Math.abs(l.getTimestamp().getMillis() - r.getTimestamp().getMillis());
        if (lv.startsWith("L:")
            && rv.startsWith("R:")
            && l.getValue().getKey().equals(r.getValue().getKey())
            && distance <= TEN_SECONDS.getMillis()) {
          Instant later =
              l.getTimestamp().isAfter(r.getTimestamp()) ? l.getTimestamp() : r.getTimestamp();
          expected.add(
              pair(l.getValue().getKey(), lv.substring(2), Long.parseLong(rv.substring(2)), later));
        }
      }
    }
    assertTrue(expected.size() >= 20, "the sample should hold many pairs, has " + expected.size());

    Pipeline batch = JoinTesting.pipeline();
    PAssert.that(stamped(joinWithinTenSeconds(JoinTesting.bounded(batch, records))))
        .containsInAnyOrder(expected);
    JoinTesting.run(batch);

    List<TimestampedValue<KV<String, String>>> byTime = new ArrayList<>(records);
    byTime.sort(Comparator.comparing(TimestampedValue::getTimestamp));
    TestStream.Builder<KV<String, String>> stream = TestStream.create(RECORD_CODER);
    for (int from = 0; from < byTime.size(); from += 10) {
      List<TimestampedValue<KV<String, String>>> chunk =
          new ArrayList<>(byTime.subList(from, Math.min(from + 10, byTime.size())));
      Collections.shuffle(chunk, random);
      stream =
          stream.addElements(
              chunk.get(0), chunk.subList(1, chunk.size()).toArray(TimestampedValue[]::new));
      if (from + 10 < byTime.size()) {
        stream =
            stream.advanceWatermarkTo(
                byTime.get(from + 10).getTimestamp().plus(Duration.standardSeconds(8)));
      }
    }
    Pipeline streaming = JoinTesting.pipeline();
    JoinResult<String, String, Long> streamed =
        joinWithinTenSeconds(JoinTesting.stream(streaming, stream.advanceWatermarkToInfinity()));
    PAssert.that(stamped(streamed)).containsInAnyOrder(expected);
    PAssert.that(streamed.late()).empty();
    JoinTesting.run(streaming);
  }

  /**
   * Twenty records a minute apart for one key, the watermark passing each before the next: the key
   * never holds more than the one record, every record is released, and the key's state is dropped
   * each time. A partner arriving after that, beyond the allowed lateness of the watermark, is late:
   * the key, holding nothing, cannot tell whether it released the partner's match.
   */
  @Test
  void releasesStateAsTheWatermarkPasses() {
    TestStream.Builder<KV<String, String>> stream = TestStream.create(RECORD_CODER);
    for (int i = 0; i < 20; i++) {
      stream =
          stream
              .addElements(left("a", "l" + i, atSeconds(60L * i)))
              .advanceWatermarkTo(atSeconds(60L * i + 45));
    }
    stream = stream.addElements(right("a", 5, atSeconds(60L * 19 + 1)));
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        joinWithinTenSeconds(JoinTesting.stream(p, stream.advanceWatermarkToInfinity()));
    PAssert.that(result.joined()).empty();
    PAssert.that(result.late())
        .satisfies(
            letters -> {
              assertEquals(1, count(letters));
              return null;
            });
    PipelineResult run = JoinTesting.run(p);
    assertEquals(20, counter(run, IntervalJoin.METRICS_NAMESPACE, IntervalJoin.ELEMENTS_RELEASED));
    assertEquals(20, counter(run, IntervalJoin.METRICS_NAMESPACE, IntervalJoin.KEYS_RELEASED));
    assertEquals(1, counter(run, IntervalJoin.METRICS_NAMESPACE, IntervalJoin.LATE_ELEMENTS));
    assertEquals(
        1,
        distribution(run, IntervalJoin.METRICS_NAMESPACE, IntervalJoin.BUFFERED_PER_KEY).getMax());
  }

  /**
   * A record must wait for partners up to {@code within} after it, which may themselves arrive up
   * to {@code within} behind the watermark: the left record at 0 s is still there for a right
   * record at 10 s delivered when the watermark is at 19.999 s. At 20.001 s the watermark has
   * passed the right record's deadline (10 s + 10 s), and one arriving then is late.
   */
  @Test
  void keepsEachRecordUntilNoPartnerOnTimeCanArrive() {
    TestStream<KV<String, String>> records =
        TestStream.create(RECORD_CODER)
            .addElements(left("a", "x", atSeconds(0)), left("b", "y", atSeconds(0)))
            .advanceWatermarkTo(at(19_999))
            .addElements(right("a", 1, atSeconds(10)))
            .advanceWatermarkTo(at(20_001))
            .addElements(right("b", 2, atSeconds(10)))
            .advanceWatermarkToInfinity();
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result = joinWithinTenSeconds(JoinTesting.stream(p, records));
    PAssert.that(stamped(result)).containsInAnyOrder(pair("a", "x", 1, atSeconds(10)));
    PAssert.that(result.late())
        .satisfies(
            letters -> {
              assertEquals(1, count(letters));
              assertEquals("2", letters.iterator().next().getRaw());
              return null;
            });
    JoinTesting.run(p);
  }

  @Test
  void lateElementGoesToTheLateOutputInsteadOfJoining() {
    TestStream<KV<String, String>> records =
        TestStream.create(RECORD_CODER)
            .addElements(left("a", "l", atSeconds(0)))
            // Releases the left record (at 0 s + 2 x 10 s), and with it the key, which holds
            // nothing more: the late record is judged against the watermark, at 25 s.
            .advanceWatermarkTo(atSeconds(25))
            .addElements(right("a", 5, atSeconds(5)))
            .advanceWatermarkToInfinity();
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(
            JoinTesting.stream(p, records),
            j -> j.within(TEN_SECONDS).withInputNames("dns", "conn"));
    PAssert.that(result.joined()).empty();
    PAssert.that(result.late())
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              DeadLetter late = all.get(0);
              assertEquals("late-data", late.getStage());
              assertEquals("conn", late.getInput());
              assertEquals("join key a", late.getSource());
              assertEquals("5", late.getRaw());
              assertEquals(atSeconds(5).getMillis(), late.getEventTime());
              assertEquals(
                  "conn record at 2020-05-13T10:00:05.000Z arrived after the watermark had passed"
                      + " 2020-05-13T10:00:25.000Z, more than 20s behind it, beyond the 10s the"
                      + " join allows (within 10s + allowed lateness 0s); records it should match"
                      + " may already be released, so it is not joined",
                  late.getReason());
              return null;
            });
    PipelineResult run = JoinTesting.run(p);
    assertEquals(1, counter(run, IntervalJoin.METRICS_NAMESPACE, IntervalJoin.LATE_ELEMENTS));
  }

  @Test
  void allowedLatenessStillJoinsInFullThenDeadLetters() {
    TestStream<KV<String, String>> records =
        TestStream.create(RECORD_CODER)
            .addElements(left("a", "l", atSeconds(0)))
            .advanceWatermarkTo(atSeconds(35))
            // 30 s behind the watermark, within 10 s + 20 s: joins.
            .addElements(right("a", 5, atSeconds(5)))
            // Releases the left record at 0 s + 2 x 10 s + 20 s.
            .advanceWatermarkTo(atSeconds(60))
            .addElements(right("a", 8, atSeconds(8)))
            .advanceWatermarkToInfinity();
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(
            JoinTesting.stream(p, records),
            j -> j.within(TEN_SECONDS).withAllowedLateness(Duration.standardSeconds(20)));
    PAssert.that(stamped(result)).containsInAnyOrder(pair("a", "l", 5, atSeconds(5)));
    PAssert.that(result.late())
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              assertEquals("right", all.get(0).getInput());
              assertEquals("8", all.get(0).getRaw());
              assertTrue(
                  all.get(0).getReason().contains("(within 10s + allowed lateness 20s)"),
                  all.get(0).getReason());
              return null;
            });
    JoinTesting.run(p);
  }

  /**
   * Past the watermark is not late by itself: the right record at 1 s arrives with the watermark at
   * 12 s, beyond 1 s + 10 s, but its key still holds the left record at 0 s, released at 20 s, and
   * has released nothing it could match. It is joined, as the batch run joins it.
   */
  @Test
  void anElementBehindTheWatermarkWhoseKeyReleasedNothingItMatchesStillJoins() {
    TestStream<KV<String, String>> records =
        TestStream.create(RECORD_CODER)
            .addElements(left("a", "x", atSeconds(0)))
            .advanceWatermarkTo(atSeconds(12))
            .addElements(right("a", 1, atSeconds(1)))
            .advanceWatermarkToInfinity();
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result = joinWithinTenSeconds(JoinTesting.stream(p, records));
    PAssert.that(stamped(result)).containsInAnyOrder(pair("a", "x", 1, atSeconds(1)));
    PAssert.that(result.late()).empty();
    JoinTesting.run(p);
  }

  private static int count(Iterable<?> values) {
    int n = 0;
    for (Object ignored : values) {
      n++;
    }
    return n;
  }

  @Test
  void withinIsRequiredAndPositive() {
    Pipeline p = JoinTesting.pipeline();
    PCollection<KV<String, String>> lefts =
        p.apply("Lefts", Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
    PCollection<KV<String, Long>> rights =
        p.apply("Rights", Create.empty(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> lefts.apply(IntervalJoin.<String, String, Long>innerJoin(rights)));
    assertTrue(missing.getMessage().contains("within(Duration) is required"), missing.getMessage());
    for (Duration bad : List.of(Duration.ZERO, Duration.millis(-1))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> IntervalJoin.<String, String, Long>innerJoin(rights).within(bad));
      assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
    }
    IllegalArgumentException lateness =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                IntervalJoin.<String, String, Long>innerJoin(rights)
                    .withAllowedLateness(Duration.millis(-1)));
    assertTrue(lateness.getMessage().contains("zero or positive"), lateness.getMessage());
  }

  @Test
  void refusesKeysCodedDifferentlyOrSidesNamedAlike() {
    Pipeline p = JoinTesting.pipeline();
    PCollection<KV<String, String>> lefts =
        p.apply("Lefts", Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
    PCollection<KV<String, Long>> rights =
        p.apply(
            "Rights",
            Create.empty(KvCoder.of(NullableCoder.of(StringUtf8Coder.of()), VarLongCoder.of())));
    IllegalArgumentException keys =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                lefts.apply(
                    "Join",
                    IntervalJoin.<String, String, Long>innerJoin(rights).within(TEN_SECONDS)));
    assertTrue(keys.getMessage().contains("same coder"), keys.getMessage());
    IllegalArgumentException names =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                lefts.apply(
                    "JoinNamed",
                    IntervalJoin.<String, String, Long>innerJoin(rights)
                        .within(TEN_SECONDS)
                        .withInputNames("dns", "dns")));
    assertTrue(names.getMessage().contains("two different names"), names.getMessage());
  }
}
