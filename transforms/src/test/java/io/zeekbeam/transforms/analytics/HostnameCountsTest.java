package io.zeekbeam.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.HostnameCount;
import io.zeekbeam.schemas.RichDns;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class HostnameCountsTest {
  /** 2026-03-02 00:00:00 UTC in epoch milliseconds. */
  private static final long T0 = 1_772_409_600_000L;

  private static final long FIVE_MINUTES = 300_000L;

  /**
   * A rich-dns row whose dns record is at {@code dnsAt} and whose event time (the later of its dns
   * and conn records) is {@code eventAt}, both in milliseconds after T0.
   */
  private static TimestampedValue<RichDns> rich(
      String srcIp, String query, String hostname, long dnsAt, long eventAt) {
    RichDns row =
        RichDns.builder()
            .setQuery(query)
            .setSrcIp(srcIp)
            .setDestIp("10.0.0.53")
            .setHostname(hostname)
            .setTs((T0 + dnsAt) / 1000.0)
            .setUid("C" + srcIp + dnsAt)
            .setLocalOrig(true)
            .build();
    return TimestampedValue.of(row, new Instant(T0 + eventAt));
  }

  private static final List<TimestampedValue<RichDns>> ROWS =
      List.of(
          rich("10.0.0.1", "www.example.com", "www", 10_000, 10_500),
          rich("10.0.0.1", "www.example.org", "www", 100_000, 100_000),
          // The dns record is in the first window, the conn record (and so the row) in the next.
          rich("10.0.0.1", "www.example.net", "www", 299_500, 300_200),
          rich("10.0.0.1", "mail.example.com", "mail", 50_000, 50_000),
          rich("10.0.0.2", "www.example.com", "www", 50_000, 50_000),
          rich("10.0.0.2", "", null, 60_000, 60_000),
          rich("10.0.0.2", null, null, 70_000, 70_000));

  private static HostnameCount count(String srcIp, String hostname, long window, long count) {
    return HostnameCount.builder()
        .setSrcIp(srcIp)
        .setHostname(hostname)
        .setWindowStart(T0 + window * FIVE_MINUTES)
        .setWindowEnd(T0 + (window + 1) * FIVE_MINUTES)
        .setCount(count)
        .build();
  }

  private static final List<HostnameCount> EXPECTED =
      List.of(
          count("10.0.0.1", "www", 0, 2),
          count("10.0.0.1", "www", 1, 1),
          count("10.0.0.1", "mail", 0, 1),
          count("10.0.0.2", "www", 0, 1),
          count("10.0.0.2", null, 0, 2));

  @Test
  void boundedInputCountsPerSourceHostnameAndWindowOfTheRowsEventTime() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    AnalyticOutput<HostnameCount> out =
        p.apply(Create.timestamped(ROWS)).apply(HostnameCounts.create());
    PAssert.that(out.results()).containsInAnyOrder(EXPECTED);
    PAssert.that(out.deadLetters()).empty();
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void streamOutOfOrderGivesTheSameCountsAndDeadLettersTheLateRow() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    Coder<RichDns> coder = p.getSchemaRegistry().getSchemaCoder(RichDns.class);
    AnalyticOutput<HostnameCount> out =
        p.apply(
                OutOfOrder.builder(coder, ROWS, 11)
                    .advanceWatermarkTo(new Instant(T0 + 3 * FIVE_MINUTES))
                    .addElements(rich("10.0.0.1", "www.example.com", "www", 5_000, 5_000))
                    .advanceWatermarkToInfinity())
            .apply(HostnameCounts.create());
    PAssert.that(out.results()).containsInAnyOrder(EXPECTED);
    PAssert.that(out.deadLetters())
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              DeadLetter d = all.get(0);
              assertEquals("late-data", d.getStage());
              assertEquals("rich-dns", d.getInput());
              assertEquals(T0 + 5_000, d.getEventTime());
              assertEquals(
                  "hostname-counts (SRC_IP=10.0.0.1, HOSTNAME=www)"
                      + " [2026-03-02T00:00:00Z, 2026-03-02T00:05:00Z)",
                  d.getSource());
              assertTrue(d.getReason().contains("arrived after window"), d.getReason());
              assertTrue(d.getRaw().contains("\"COUNT\":1"), d.getRaw());
              return null;
            });
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }
}
