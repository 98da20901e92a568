package io.zeekbeam.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.SshBruteForceAlert;
import io.zeekbeam.schemas.SshFailedLogin;
import io.zeekbeam.transforms.parse.SshdFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class SshBruteForceTest {
  private static final long T0 = 1_772_409_600_000L; // 2026-03-02T00:00:00Z, a 5 s boundary

  private static TimestampedValue<SshFailedLogin> failure(
      long offsetMs, String host, String src, String kind, int count) {
    long ts = T0 + offsetMs;
    SshFailedLogin f =
        SshFailedLogin.builder()
            .setUser("root")
            .setSrcIp(src)
            .setSrcPort(40000)
            .setKind(kind)
            .setCount(count)
            .setHost(host)
            .setTag("sshd")
            .setMessage("Failed password for root from " + src + " port 40000 ssh2")
            .setTimestamp(ts)
            .setEventTime(Timestamps.toUtcSeconds(ts))
            .build();
    return TimestampedValue.of(f, new Instant(ts));
  }

  /**
   * The planted bursts: 11 in one window from A (fires), exactly 10 from B (does not), 11 from C
   * straddling the 5 s boundary (6 + 5: fires only in sliding windows), 3 + a "repeated 8 times"
   * from D (11: fires), 20 CLOSED_PREAUTH from E (not counted).
   */
  private static List<TimestampedValue<SshFailedLogin>> events() {
    List<TimestampedValue<SshFailedLogin>> e = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      e.add(failure(100 + i * 100, "h1", "203.0.113.1", "FAILED_PASSWORD", 1));
    }
    for (int i = 0; i < 10; i++) {
      e.add(failure(200 + i * 100, "h1", "203.0.113.2", "INVALID_USER", 1));
    }
    for (int i = 0; i < 11; i++) {
      e.add(failure(9_400 + i * 100, "h1", "203.0.113.3", "FAILED_OTHER", 1));
    }
    for (int i = 0; i < 3; i++) {
      e.add(failure(20_000 + i * 10, "h2", "2001:db8::4", "FAILED_PASSWORD", 1));
    }
    e.add(failure(20_500, "h2", "2001:db8::4", "FAILED_PASSWORD", 8));
    for (int i = 0; i < 20; i++) {
      e.add(failure(30_000 + i * 10, "h2", "203.0.113.5", "CLOSED_PREAUTH", 1));
    }
    return e;
  }

  private static SshBruteForceAlert alert(long startMs, long endMs, String host, String src, long n) {
    return SshBruteForceAlert.builder()
        .setStarttime(T0 + startMs)
        .setEndtime(T0 + endMs)
        .setHost(host)
        .setSrcIp(src)
        .setCountOfInvalidSsh(n)
        .build();
  }

  @Test
  void tumblingBoundedAndOutOfOrderStreamAgree() throws Exception {
    List<SshBruteForceAlert> expected =
        List.of(
            alert(0, 5_000, "h1", "203.0.113.1", 11),
            alert(20_000, 25_000, "h2", "2001:db8::4", 11));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<SshFailedLogin> bounded = p.apply("Bounded", Create.timestamped(events()));
    PAssert.that(bounded.apply("Tumbling", SshBruteForce.create()).results())
        .containsInAnyOrder(expected);

    List<TimestampedValue<SshFailedLogin>> shuffled = new ArrayList<>(events());
    Collections.shuffle(shuffled, new java.util.Random(7));
    TestStream.Builder<SshFailedLogin> stream =
        TestStream.create(p.getSchemaRegistry().getSchemaCoder(SshFailedLogin.class));
    stream = stream.addElements(shuffled.get(0), shuffled.subList(1, shuffled.size()).toArray(new TimestampedValue[0]));
    PCollection<SshFailedLogin> streamed =
        p.apply("Stream", stream.advanceWatermarkToInfinity());
    PAssert.that(streamed.apply("TumblingStream", SshBruteForce.create()).results())
        .containsInAnyOrder(expected);
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void slidingWindowsCatchTheBurstAcrossTheBoundary() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<SshFailedLogin> in = p.apply(Create.timestamped(events()));
    PAssert.that(
            in.apply(SshBruteForce.create().sliding(Duration.standardSeconds(1))).results())
        .satisfies(
            alerts -> {
              boolean straddle = false;
              for (SshBruteForceAlert a : alerts) {
                assertEquals(5_000, a.getEndtime() - a.getStarttime());
                if (a.getSrcIp().equals("203.0.113.3")) {
                  straddle = true;
                  assertEquals(11, a.getCountOfInvalidSsh());
                  assertTrue(a.getStarttime() <= T0 + 9_400 && a.getEndtime() > T0 + 10_400);
                }
                assertTrue(!a.getSrcIp().equals("203.0.113.2"), "exactly 10 never fires");
                assertTrue(!a.getSrcIp().equals("203.0.113.5"), "CLOSED_PREAUTH does not count");
              }
              assertTrue(straddle, "the straddling burst fires in a sliding window");
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void theWalkthroughsSettingCountsClosedPreauthPerMessage() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<SshFailedLogin> in = p.apply(Create.timestamped(events()));
    PAssert.that(
            in.apply(
                    SshBruteForce.create()
                        .withKinds(Set.of(SshdFailure.Kind.CLOSED_PREAUTH))
                        .groupedByMessage(true))
                .results())
        .containsInAnyOrder(alert(30_000, 35_000, "h2", "203.0.113.5", 20));
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void aFailureLaterThanTheWindowIsADeadLetter() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    TestStream.Builder<SshFailedLogin> stream =
        TestStream.create(p.getSchemaRegistry().getSchemaCoder(SshFailedLogin.class));
    List<TimestampedValue<SshFailedLogin>> burst = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      burst.add(failure(100 + i * 100, "h1", "203.0.113.1", "FAILED_PASSWORD", 1));
    }
    stream =
        stream
            .addElements(burst.get(0), burst.subList(1, burst.size()).toArray(new TimestampedValue[0]))
            .advanceWatermarkTo(new Instant(T0 + 60_000))
            .addElements(failure(200, "h1", "203.0.113.1", "FAILED_PASSWORD", 1));
    AnalyticOutput<SshBruteForceAlert> out =
        p.apply(stream.advanceWatermarkToInfinity()).apply(SshBruteForce.create());
    PAssert.that(out.results()).containsInAnyOrder(alert(0, 5_000, "h1", "203.0.113.1", 11));
    PAssert.that(out.deadLetters())
        .satisfies(
            letters -> {
              int n = 0;
              for (DeadLetter d : letters) {
                n++;
                assertEquals("late-data", d.getStage());
                assertEquals("syslog", d.getInput());
                assertEquals(T0 + 200, (long) d.getEventTime());
              }
              assertEquals(1, n);
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }
}
