package io.zeekbeam.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.zeekbeam.schemas.BytesByService;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.transforms.analytics.AnalyticOutput;
import io.zeekbeam.transforms.parse.ZeekJson;
import io.zeekbeam.transforms.parse.ZeekRecordType;
import io.zeekbeam.transforms.window.WindowedSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.flink.FlinkRunnerResult;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@link io.zeekbeam.transforms.analytics.BytesByService} (and so {@link WindowedSum}, which sums a
 * bounded input with {@code Combine.perKey}) on Flink's embedded cluster in batch, in both of its
 * translations (DataSet, and DataStream in batch mode, the one {@code ./zeekbeam run} uses): the
 * same rows as on the DirectRunner, one on-time result per window.
 */
class WindowedSumOnFlinkTest {
  /** 2026-03-02 00:00:00 UTC in epoch seconds. */
  private static final long T0 = 1_772_409_600L;

  private static TimestampedValue<ZeekConn> conn(
      double secondsAfterT0, String orig, String service, long origIp, long respIp)
      throws Exception {
    ZeekConn c =
        ZeekJson.parse(
            ZeekRecordType.of(LogType.CONN),
            String.format(
                Locale.ROOT,
                "{\"ts\":%.6f,\"id.orig_h\":\"%s\"%s,\"orig_ip_bytes\":%d,\"resp_ip_bytes\":%d}",
                T0 + secondsAfterT0,
                orig,
                service == null ? "" : ",\"service\":\"" + service + "\"",
                origIp,
                respIp));
    return TimestampedValue.of(c, new Instant(c.getTsMillis()));
  }

  private static BytesByService row(String ip, String service, String start, String end, long sum) {
    return BytesByService.builder()
        .setLocalip(ip)
        .setService(service)
        .setWindowStart("2026-03-02 " + start)
        .setWindowEnd("2026-03-02 " + end)
        .setSumBytes(sum)
        .build();
  }

  /**
   * Three hosts over an hour: host i sends, at minute m of the hour, i·1000 + m bytes over dns, and
   * one connection without a service each quarter hour. Each 5-minute window of a host and service
   * sums what fell in it.
   */
  private static List<TimestampedValue<ZeekConn>> conns() throws Exception {
    List<TimestampedValue<ZeekConn>> conns = new ArrayList<>();
    for (int host = 1; host <= 3; host++) {
      for (int minute = 0; minute < 60; minute++) {
        conns.add(conn(minute * 60 + 30, "10.0.0." + host, "dns", host * 1000L, minute));
      }
      for (int quarter = 0; quarter < 4; quarter++) {
        conns.add(conn(quarter * 900, "10.0.0." + host, null, 1, 2));
      }
    }
    return conns;
  }

  private static List<BytesByService> expected() {
    List<BytesByService> rows = new ArrayList<>();
    for (int host = 1; host <= 3; host++) {
      for (int window = 0; window < 12; window++) {
        long sum = 0;
        for (int minute = window * 5; minute < window * 5 + 5; minute++) {
          sum += host * 1000L + minute;
        }
        rows.add(row("10.0.0." + host, "dns", hhmm(window * 5), hhmm(window * 5 + 5), sum));
      }
      for (int quarter = 0; quarter < 4; quarter++) {
        rows.add(row("10.0.0." + host, null, hhmm(quarter * 15), hhmm(quarter * 15 + 5), 3));
      }
    }
    return rows;
  }

  private static String hhmm(int minutes) {
    return String.format(Locale.ROOT, "%02d:%02d:00", minutes / 60, minutes % 60);
  }

  private static long onTimeResults(PipelineResult result) {
    long total = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(
                            WindowedSum.METRICS_NAMESPACE, WindowedSum.ON_TIME_RESULTS))
                    .build())
            .getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  private static PipelineResult runOn(PipelineOptions options) throws Exception {
    Pipeline p = Pipeline.create(options);
    AnalyticOutput<BytesByService> out =
        p.apply(Create.timestamped(conns()))
            .apply(io.zeekbeam.transforms.analytics.BytesByService.create());
    PAssert.that(out.results()).containsInAnyOrder(expected());
    PAssert.that(out.deadLetters()).empty();
    PipelineResult result = p.run();
    TestPipeline.verifyPAssertsSucceeded(p, result);
    return result;
  }

  @Test
  void bytesByServiceGivesTheSameRowsOnFlinkAsOnDirect() throws Exception {
    PipelineResult onDirect = runOn(PipelineOptionsFactory.create());

    FlinkPipelineOptions flink = PipelineOptionsFactory.create().as(FlinkPipelineOptions.class);
    flink.setRunner(FlinkRunner.class);
    flink.setFlinkMaster("[local]");
    flink.setParallelism(2);
    PipelineResult onFlink = runOn(flink);
    flink.setUseDataStreamForBatch(true);
    PipelineResult onFlinkDataStream = runOn(flink);

    assertInstanceOf(FlinkRunnerResult.class, onFlink);
    assertEquals(expected().size(), onTimeResults(onDirect));
    assertEquals(expected().size(), onTimeResults(onFlink));
    assertEquals(expected().size(), onTimeResults(onFlinkDataStream));
  }
}
