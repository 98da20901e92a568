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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
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

class AsOfJoinTest {
  private static final Duration DAY = Duration.standardDays(1);

  private static TimestampedValue<KV<String, String>> event(String key, String text, Instant ts) {
    return record("E", key, text, ts);
  }

  private static TimestampedValue<KV<String, String>> version(String key, long number, Instant ts) {
    return record("T", key, number, ts);
  }

  private static TimestampedValue<KV<String, Joined<String, Long>>> match(
      String key, String event, long version, Instant ts) {
    return TimestampedValue.of(KV.of(key, Joined.of(event, version)), ts);
  }

  private static JoinResult<String, String, Long> join(
      PCollection<KV<String, String>> records,
      UnaryOperator<AsOfJoin<String, String, Long>> configure) {
    PCollection<KV<String, String>> events = texts(records, "E");
    PCollection<KV<String, Long>> table = numbers(records, "T");
    return events.apply("Join", configure.apply(AsOfJoin.<String, String, Long>innerJoin(table)));
  }

  private static JoinResult<String, String, Long> join(PCollection<KV<String, String>> records) {
    return join(records, j -> j);
  }

  private static PCollection<TimestampedValue<KV<String, Joined<String, Long>>>> stamped(
      JoinResult<String, String, Long> result) {
    return result.joined().apply("Stamped", Reify.timestamps());
  }

  private static List<DeadLetter> list(Iterable<DeadLetter> letters) {
    List<DeadLetter> all = new ArrayList<>();
    letters.forEach(all::add);
    all.sort(Comparator.comparing(DeadLetter::getEventTime));
    return all;
  }

  @Test
  void joinsTheLatestVersionAtOrBeforeTheEventPlusTolerance() {
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(
            JoinTesting.bounded(
                p,
                List.of(
                    version("a", 1, atSeconds(0).minus(DAY.multipliedBy(2))),
                    version("a", 2, atSeconds(0).minus(DAY)),
                    version("a", 3, at(500)),
                    event("a", "e", atSeconds(0)),
                    version("b", 4, atSeconds(0).minus(DAY)),
                    event("b", "f", atSeconds(0)))));
    PAssert.that(stamped(result))
        .containsInAnyOrder(match("a", "e", 3, atSeconds(0)), match("b", "f", 4, atSeconds(0)));
    PAssert.that(result.late()).empty();
    JoinTesting.run(p);
  }

  @Test
  void aVersionExactlyOneSecondAfterJoinsOneMillisecondMoreFallsBack() {
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(
            JoinTesting.bounded(
                p,
                List.of(
                    version("a", 1, atSeconds(-3600)),
                    version("a", 2, at(1_000)),
                    event("a", "e", atSeconds(0)),
                    version("b", 1, atSeconds(-3600)),
                    version("b", 2, at(1_001)),
                    event("b", "f", atSeconds(0)))));
    PAssert.that(stamped(result))
        .containsInAnyOrder(match("a", "e", 2, atSeconds(0)), match("b", "f", 1, atSeconds(0)));
    JoinTesting.run(p);
  }

  @Test
  void anEventWithOnlyLaterVersionsIsNotJoined() {
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(
            JoinTesting.bounded(
                p,
                List.of(
                    version("a", 1, at(1_001)),
                    version("a", 2, atSeconds(3600)),
                    event("a", "e", atSeconds(0)),
                    event("b", "no versions at all", atSeconds(0)))));
    PAssert.that(result.joined()).empty();
    PAssert.that(result.late()).empty();
    PipelineResult run = JoinTesting.run(p);
    assertEquals(2, counter(run, AsOfJoin.METRICS_NAMESPACE, AsOfJoin.EVENTS_UNMATCHED));
    assertEquals(0, counter(run, AsOfJoin.METRICS_NAMESPACE, AsOfJoin.EVENTS_MATCHED));
  }

  @Test
  void versionsDaysApartEachServeTheEventsUntilTheNext() {
    Instant day0 = atSeconds(0);
    Instant day2 = day0.plus(DAY.multipliedBy(2));
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(
            JoinTesting.bounded(
                p,
                List.of(
                    version("a", 1, day0),
                    version("a", 2, day2),
                    event("a", "hour after", day0.plus(Duration.standardHours(1))),
                    event("a", "day after", day0.plus(DAY)),
                    event("a", "2 s before", day2.minus(Duration.standardSeconds(2))),
                    event("a", "0.5 s before", day2.minus(Duration.millis(500))),
                    event("a", "day after next", day2.plus(DAY)))));
    PAssert.that(stamped(result))
        .containsInAnyOrder(
            match("a", "hour after", 1, day0.plus(Duration.standardHours(1))),
            match("a", "day after", 1, day0.plus(DAY)),
            match("a", "2 s before", 1, day2.minus(Duration.standardSeconds(2))),
            match("a", "0.5 s before", 2, day2.minus(Duration.millis(500))),
            match("a", "day after next", 2, day2.plus(DAY)));
    JoinTesting.run(p);
  }

  /** Zeek writes a new certificate's x509 record just after the SSL event that carried it. */
  @Test
  void anEventWaitsForAVersionWrittenWithinTheTolerance() {
    TestStream<KV<String, String>> records =
        TestStream.create(RECORD_CODER)
            .addElements(event("a", "e", atSeconds(10)))
            .advanceWatermarkTo(at(10_500))
            .addElements(version("a", 1, at(10_800)))
            .advanceWatermarkToInfinity();
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result = join(JoinTesting.stream(p, records));
    PAssert.that(stamped(result)).containsInAnyOrder(match("a", "e", 1, atSeconds(10)));
    PAssert.that(result.late()).empty();
    JoinTesting.run(p);
  }

  /** VarLong encodes 300 as {@code AC 02} and 5 as {@code 05}: 300 wins, whichever came first. */
  @Test
  void versionsWithTheSameTimestampResolveTheSameWhateverTheirOrder() {
    for (List<Long> order : List.of(List.of(5L, 300L), List.of(300L, 5L))) {
      TestStream<KV<String, String>> records =
          TestStream.create(RECORD_CODER)
              .addElements(version("a", order.get(0), atSeconds(0)))
              .advanceWatermarkTo(atSeconds(0))
              .addElements(version("a", order.get(1), atSeconds(0)))
              .addElements(event("a", "e", atSeconds(5)))
              .advanceWatermarkToInfinity();
      Pipeline p = JoinTesting.pipeline();
      JoinResult<String, String, Long> result = join(JoinTesting.stream(p, records));
      PAssert.that(stamped(result)).containsInAnyOrder(match("a", "e", 300, atSeconds(5)));
      JoinTesting.run(p);

      Pipeline batch = JoinTesting.pipeline();
      JoinResult<String, String, Long> fromFiles =
          join(
              JoinTesting.bounded(
                  batch,
                  List.of(
                      version("a", order.get(0), atSeconds(0)),
                      version("a", order.get(1), atSeconds(0)),
                      event("a", "e", atSeconds(5)))));
      PAssert.that(stamped(fromFiles)).containsInAnyOrder(match("a", "e", 300, atSeconds(5)));
      JoinTesting.run(batch);
    }
  }

  /**
   * Events and versions over four keys and ten minutes, joined once from a bounded input and once
   * from a stream that delivers them shuffled, in batches, with the watermark up to 4 s ahead of
   * the records still to come (within the allowed lateness of 5 s): both give exactly what a plain
   * search finds.
   */
  @Test
  void batchAndOutOfOrderStreamGiveTheSameMatches() {
    Random random = new Random(7);
    List<TimestampedValue<KV<String, String>>> records = new ArrayList<>();
    Set<String> versionTimes = new HashSet<>();
    for (int i = 0; i < 80; i++) {
      String key = "k" + random.nextInt(4);
      Instant ts = at(random.nextInt(600_000));
      if (random.nextInt(3) == 0) {
        if (versionTimes.add(key + ts)) {
          records.add(version(key, i, ts));
        }
      } else {
        records.add(event(key, "e" + i, ts));
      }
    }
    List<TimestampedValue<KV<String, Joined<String, Long>>>> expected = new ArrayList<>();
    for (TimestampedValue<KV<String, String>> e : records) {
      if (!e.getValue().getValue().startsWith("E:")) {
        continue;
      }
      Instant limit = e.getTimestamp().plus(AsOfJoin.DEFAULT_TOLERANCE);
      TimestampedValue<KV<String, String>> best = null;
      for (TimestampedValue<KV<String, String>> v : records) {
        if (v.getValue().getValue().startsWith("T:")
            && v.getValue().getKey().equals(e.getValue().getKey())
            && !v.getTimestamp().isAfter(limit)
            && (best == null || v.getTimestamp().isAfter(best.getTimestamp()))) {
          best = v;
        }
      }
      if (best != null) {
        expected.add(
            match(
                e.getValue().getKey(),
                e.getValue().getValue().substring(2),
                Long.parseLong(best.getValue().getValue().substring(2)),
                e.getTimestamp()));
      }
    }
    assertTrue(expected.size() >= 20, "the sample should hold many matches: " + expected.size());
    Duration lateness = Duration.standardSeconds(5);

    Pipeline batch = JoinTesting.pipeline();
    PAssert.that(
            stamped(
                join(JoinTesting.bounded(batch, records), j -> j.withAllowedLateness(lateness))))
        .containsInAnyOrder(expected);
    JoinTesting.run(batch);

    // All keys in one bucket: the same matches.
    Pipeline oneBucket = JoinTesting.pipeline();
    PAssert.that(
            stamped(
                join(
                    JoinTesting.bounded(oneBucket, records),
                    j -> j.withAllowedLateness(lateness).withBuckets(1))))
        .containsInAnyOrder(expected);
    JoinTesting.run(oneBucket);

    List<TimestampedValue<KV<String, String>>> byTime = new ArrayList<>(records);
    byTime.sort(Comparator.comparing(TimestampedValue::getTimestamp));
    TestStream.Builder<KV<String, String>> stream = TestStream.create(RECORD_CODER);
    for (int from = 0; from < byTime.size(); from += 8) {
      List<TimestampedValue<KV<String, String>>> chunk =
          new ArrayList<>(byTime.subList(from, Math.min(from + 8, byTime.size())));
      Collections.shuffle(chunk, random);
      stream =
          stream.addElements(
              chunk.get(0), chunk.subList(1, chunk.size()).toArray(TimestampedValue[]::new));
      if (from + 8 < byTime.size()) {
        stream =
            stream.advanceWatermarkTo(
                byTime.get(from + 8).getTimestamp().plus(Duration.standardSeconds(4)));
      }
    }
    Pipeline streaming = JoinTesting.pipeline();
    JoinResult<String, String, Long> streamed =
        join(
            JoinTesting.stream(streaming, stream.advanceWatermarkToInfinity()),
            j -> j.withAllowedLateness(lateness));
    PAssert.that(stamped(streamed)).containsInAnyOrder(expected);
    PAssert.that(streamed.late()).empty();
    JoinTesting.run(streaming);
  }

  /**
   * A certificate logged every day for a month, each day's SSL event after it, the watermark
   * passing each day: the key never holds more than two versions, and each event still finds the
   * day's version.
   */
  @Test
  void keepsOnlyTheVersionsStillNeeded() {
    TestStream.Builder<KV<String, String>> stream = TestStream.create(RECORD_CODER);
    List<TimestampedValue<KV<String, Joined<String, Long>>>> expected = new ArrayList<>();
    for (int day = 0; day < 30; day++) {
      Instant midnight = atSeconds(0).plus(DAY.multipliedBy(day));
      Instant noon = midnight.plus(Duration.standardHours(12));
      stream =
          stream
              .addElements(version("a", day, midnight))
              .addElements(event("a", "ssl" + day, noon))
              .advanceWatermarkTo(noon.plus(Duration.standardHours(1)));
      expected.add(match("a", "ssl" + day, day, noon));
    }
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(JoinTesting.stream(p, stream.advanceWatermarkToInfinity()));
    PAssert.that(stamped(result)).containsInAnyOrder(expected);
    PipelineResult run = JoinTesting.run(p);
    assertEquals(29, counter(run, AsOfJoin.METRICS_NAMESPACE, AsOfJoin.VERSIONS_DROPPED));
    assertEquals(
        2, distribution(run, AsOfJoin.METRICS_NAMESPACE, AsOfJoin.VERSIONS_PER_KEY).getMax());
  }

  @Test
  void aLateEventGoesToTheLateOutput() {
    TestStream<KV<String, String>> records =
        TestStream.create(RECORD_CODER)
            .addElements(version("a", 1, atSeconds(0)), event("a", "on time", atSeconds(10)))
            // Decides the event at 10 s once the watermark passes 11 s.
            .advanceWatermarkTo(atSeconds(20))
            .addElements(event("a", "late", atSeconds(5)))
            .advanceWatermarkToInfinity();
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(JoinTesting.stream(p, records), j -> j.withInputNames("ssl", "x509"));
    PAssert.that(stamped(result)).containsInAnyOrder(match("a", "on time", 1, atSeconds(10)));
    PAssert.that(result.late())
        .satisfies(
            letters -> {
              List<DeadLetter> all = list(letters);
              assertEquals(1, all.size(), all.toString());
              DeadLetter late = all.get(0);
              assertEquals("late-data", late.getStage());
              assertEquals("ssl", late.getInput());
              assertEquals("join key a", late.getSource());
              assertEquals("late", late.getRaw());
              assertEquals(atSeconds(5).getMillis(), late.getEventTime());
              assertEquals(
                  "ssl record at 2020-05-13T10:00:05.000Z arrived after the watermark had passed"
                      + " 2020-05-13T10:00:11.000Z, more than 6s behind it, beyond the 1s the join"
                      + " allows (tolerance 1s + allowed lateness 0s); the x509 records it should"
                      + " match may already be dropped, so it is not joined",
                  late.getReason());
              return null;
            });
    PipelineResult run = JoinTesting.run(p);
    assertEquals(1, counter(run, AsOfJoin.METRICS_NAMESPACE, AsOfJoin.LATE_EVENTS));
  }

  /**
   * A version later than the allowed lateness is reported; it still serves the events decided after
   * it arrived, unless a newer version already replaces it.
   */
  @Test
  void aLateVersionIsReportedAndStillServesLaterEvents() {
    TestStream<KV<String, String>> records =
        TestStream.create(RECORD_CODER)
            .addElements(version("a", 1, atSeconds(0)), event("a", "e1", atSeconds(10)))
            .advanceWatermarkTo(atSeconds(20))
            .addElements(version("a", 2, atSeconds(5)))
            .addElements(version("a", 3, atSeconds(2)))
            .addElements(event("a", "e2", atSeconds(30)))
            .advanceWatermarkToInfinity();
    Pipeline p = JoinTesting.pipeline();
    JoinResult<String, String, Long> result =
        join(JoinTesting.stream(p, records), j -> j.withInputNames("ssl", "x509"));
    PAssert.that(stamped(result))
        .containsInAnyOrder(match("a", "e1", 1, atSeconds(10)), match("a", "e2", 2, atSeconds(30)));
    PAssert.that(result.late())
        .satisfies(
            letters -> {
              List<DeadLetter> all = list(letters);
              assertEquals(2, all.size(), all.toString());
              assertEquals("x509", all.get(0).getInput());
              assertEquals("3", all.get(0).getRaw());
              assertTrue(
                  all.get(0)
                      .getReason()
                      .endsWith("a newer x509 record already replaces it, so it is not used"),
                  all.get(0).getReason());
              assertEquals("2", all.get(1).getRaw());
              assertEquals(
                  "x509 record at 2020-05-13T10:00:05.000Z arrived after the watermark had passed"
                      + " 2020-05-13T10:00:11.000Z, more than 6s behind it, beyond the allowed"
                      + " lateness of 0s; ssl records up to 2020-05-13T10:00:10.000Z may have been"
                      + " joined without it; it is used for the ssl records decided from now on",
                  all.get(1).getReason());
              return null;
            });
    PipelineResult run = JoinTesting.run(p);
    assertEquals(2, counter(run, AsOfJoin.METRICS_NAMESPACE, AsOfJoin.LATE_VERSIONS));
  }

  @Test
  void optionsAreValidated() {
    Pipeline p = JoinTesting.pipeline();
    PCollection<KV<String, String>> events =
        p.apply("Events", Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));
    PCollection<KV<String, Long>> table =
        p.apply("Table", Create.empty(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of())));
    IllegalArgumentException tolerance =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AsOfJoin.<String, String, Long>innerJoin(table).withTolerance(Duration.millis(-1)));
    assertTrue(tolerance.getMessage().contains("zero or positive"), tolerance.getMessage());
    IllegalArgumentException lateness =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                AsOfJoin.<String, String, Long>innerJoin(table)
                    .withAllowedLateness(Duration.millis(-1)));
    assertTrue(lateness.getMessage().contains("zero or positive"), lateness.getMessage());
    IllegalArgumentException names =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                events.apply(
                    AsOfJoin.<String, String, Long>innerJoin(table).withInputNames("x", "x")));
    assertTrue(names.getMessage().contains("two different names"), names.getMessage());
    IllegalArgumentException buckets =
        assertThrows(
            IllegalArgumentException.class,
            () -> AsOfJoin.<String, String, Long>innerJoin(table).withBuckets(0));
    assertTrue(buckets.getMessage().contains("between 1 and"), buckets.getMessage());
  }
}
