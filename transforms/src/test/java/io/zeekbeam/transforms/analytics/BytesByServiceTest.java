package io.zeekbeam.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekConn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class BytesByServiceTest {
  /** 2026-03-02 00:00:00 UTC in epoch seconds. */
  private static final long T0 = 1_772_409_600L;

  private static ZeekConn conn(
      String uid, double secondsAfterT0, String orig, String service, Long origIp, Long respIp) {
    StringBuilder json =
        new StringBuilder("{\"ts\":")
            .append(String.format(Locale.ROOT, "%.6f", T0 + secondsAfterT0))
            .append(",\"uid\":\"")
            .append(uid)
            .append("\",\"id.orig_h\":\"")
            .append(orig)
            .append('"');
    if (service != null) {
      json.append(",\"service\":\"").append(service).append('"');
    }
    if (origIp != null) {
      json.append(",\"orig_ip_bytes\":").append(origIp);
    }
    if (respIp != null) {
      json.append(",\"resp_ip_bytes\":").append(respIp);
    }
    return Records.zeek(LogType.CONN, json.append('}').toString());
  }

  private static final List<ZeekConn> CONNS =
      List.of(
          conn("C1", 10, "10.0.0.1", "dns", 100L, 200L),
          conn("C2", 299.999999, "10.0.0.1", "dns", 50L, 50L),
          conn("C3", 300, "10.0.0.1", "dns", 1L, 2L), // exactly 00:05:00: the next window
          conn("C4", 20, "10.0.0.1", null, 10L, null), // no service, no reply bytes
          conn("C5", 30, "10.0.0.1", "http", null, null), // no byte counts at all
          conn("C6", 40, "10.0.0.2", "dns", 1_000L, 2_000L),
          conn("C7", 650, "10.0.0.2", "dns", 7L, 8L));

  private static io.zeekbeam.schemas.BytesByService row(
      String ip, String service, String start, String end, long sum) {
    return io.zeekbeam.schemas.BytesByService.builder()
        .setLocalip(ip)
        .setService(service)
        .setWindowStart("2026-03-02 " + start)
        .setWindowEnd("2026-03-02 " + end)
        .setSumBytes(sum)
        .build();
  }

  private static final List<io.zeekbeam.schemas.BytesByService> EXPECTED =
      List.of(
          row("10.0.0.1", "dns", "00:00:00", "00:05:00", 100 + 200 + 50 + 50),
          row("10.0.0.1", "dns", "00:05:00", "00:10:00", 1 + 2),
          row("10.0.0.1", null, "00:00:00", "00:05:00", 10),
          row("10.0.0.1", "http", "00:00:00", "00:05:00", 0),
          row("10.0.0.2", "dns", "00:00:00", "00:05:00", 1_000 + 2_000),
          row("10.0.0.2", "dns", "00:10:00", "00:15:00", 7 + 8));

  private static List<TimestampedValue<ZeekConn>> stamped() {
    return CONNS.stream().map(Records::stamped).toList();
  }

  private static Coder<ZeekConn> coder(Pipeline p) throws Exception {
    return p.getSchemaRegistry().getSchemaCoder(ZeekConn.class);
  }

  /** A record for 00:00:00–00:05:00 that arrives once the watermark is at 00:15:00. */
  private static TestStream<ZeekConn> streamWithOneLateRecord(Coder<ZeekConn> coder) {
    return OutOfOrder.builder(coder, stamped(), 7)
        .advanceWatermarkTo(new Instant((T0 + 900) * 1000))
        .addElements(Records.stamped(conn("Clate", 100, "10.0.0.1", "dns", 5L, 5L)))
        .advanceWatermarkToInfinity();
  }

  @Test
  void boundedInputGivesOneRowPerHostServiceAndWindow() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    AnalyticOutput<io.zeekbeam.schemas.BytesByService> out =
        p.apply(Create.timestamped(stamped())).apply(BytesByService.create());
    PAssert.that(out.results()).containsInAnyOrder(EXPECTED);
    PAssert.that(out.deadLetters()).empty();
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void streamOutOfOrderGivesTheSameRowsAndDeadLettersTheLateRecord() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    AnalyticOutput<io.zeekbeam.schemas.BytesByService> out =
        p.apply(streamWithOneLateRecord(coder(p))).apply(BytesByService.create());
    PAssert.that(out.results()).containsInAnyOrder(EXPECTED);
    PAssert.that(out.deadLetters())
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              DeadLetter d = all.get(0);
              assertEquals("late-data", d.getStage());
              assertEquals("conn", d.getInput());
              assertEquals((T0 + 100) * 1000, d.getEventTime());
              String window = "[2026-03-02T00:00:00Z, 2026-03-02T00:05:00Z)";
              String key = "(LOCALIP=10.0.0.1, SERVICE=dns)";
              assertEquals("bytes-by-service " + key + " " + window, d.getSource());
              assertTrue(
                  d.getReason()
                      .startsWith("arrived after window " + window + " of key " + key + " closed:"),
                  d.getReason());
              // The watermark was at 00:15:00 at least, the window closed at 00:05:00.
              assertTrue(
                  d.getReason().endsWith(" ms past allowed lateness of 0 ms"), d.getReason());
              long past =
                  Long.parseLong(d.getReason().replaceAll(".*at least (\\d+) ms past.*", "$1"));
              assertTrue(past >= 600_000, d.getReason());
              assertEquals(
                  "{\"LOCALIP\":\"10.0.0.1\",\"SERVICE\":\"dns\",\"WINDOW_START\":"
                      + T0 * 1000
                      + ",\"WINDOW_END\":"
                      + (T0 + 300) * 1000
                      + ",\"SUM_BYTES\":10,\"RECORDS\":1}",
                  d.getRaw());
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void withLatenessTheLateRecordUpdatesItsWindowsRow() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    AnalyticOutput<io.zeekbeam.schemas.BytesByService> out =
        p.apply(streamWithOneLateRecord(coder(p)))
            .apply(BytesByService.create().withAllowedLateness(Duration.standardMinutes(15)));
    List<io.zeekbeam.schemas.BytesByService> rows = new ArrayList<>(EXPECTED);
    // The on-time row, then the updated one: a changelog whose latest row has the late bytes.
    rows.add(row("10.0.0.1", "dns", "00:00:00", "00:05:00", 400 + 5 + 5));
    PAssert.that(out.results()).containsInAnyOrder(rows);
    PAssert.that(out.deadLetters()).empty();
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }
}
