package io.zeekbeam.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.DnsLookupCount;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.ZeekDns;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class DnsLookupsTest {
  private static ZeekDns dns(String uid, double ts, String query) {
    return Records.zeek(
        LogType.DNS,
        "{\"ts\":"
            + ts
            + ",\"uid\":\""
            + uid
            + "\""
            + (query == null ? "" : ",\"query\":\"" + query + "\"")
            + "}");
  }

  /** Lookups spread over years: a total over all time has no window to miss. */
  private static final List<ZeekDns> LOOKUPS =
      List.of(
          dns("D1", 1_772_409_600.5, "example.com"),
          dns("D2", 1_772_409_660.0, "example.com"),
          dns("D3", 946_684_800.0, "example.com"),
          dns("D4", 1_772_409_700.0, "Example.com"), // counted as written: no case folding
          dns("D5", 1_772_409_800.0, "a.example"),
          dns("D6", 1_772_409_900.0, null), // no query: counted under null
          dns("D7", 1_772_409_901.0, null));

  private static DnsLookupCount total(String query, long lookups) {
    return DnsLookupCount.builder().setQuery(query).setLookups(lookups).build();
  }

  private static final List<DnsLookupCount> EXPECTED =
      List.of(
          total("example.com", 3), total("Example.com", 1), total("a.example", 1), total(null, 2));

  @Test
  void boundedInputGivesOneFinalTotalPerQuery() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    AnalyticOutput<DnsLookupCount> out =
        p.apply(Create.timestamped(LOOKUPS.stream().map(Records::stamped).toList()))
            .apply(DnsLookups.create());
    PAssert.that(out.results()).containsInAnyOrder(EXPECTED);
    PAssert.that(out.deadLetters()).empty();
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void streamIsAChangelogWhoseLatestTotalsAreTheBatchTotals() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    Coder<ZeekDns> coder = p.getSchemaRegistry().getSchemaCoder(ZeekDns.class);
    // D1 alone first, so that its query's changelog starts at 1; the rest shuffled, in pairs,
    // the watermark and the processing time moving on between them.
    List<ZeekDns> rest = new ArrayList<>(LOOKUPS.subList(1, LOOKUPS.size()));
    Collections.shuffle(rest, new Random(3));
    TestStream.Builder<ZeekDns> stream =
        TestStream.create(coder)
            .addElements(Records.stamped(LOOKUPS.get(0)))
            .advanceProcessingTime(Duration.standardSeconds(3));
    long watermark = 0;
    for (int i = 0; i < rest.size(); i += 2) {
      for (ZeekDns d : rest.subList(i, Math.min(rest.size(), i + 2))) {
        stream = stream.addElements(Records.stamped(d));
      }
      watermark += 600_000_000_000L;
      stream =
          stream
              .advanceWatermarkTo(new Instant(watermark))
              .advanceProcessingTime(Duration.standardSeconds(3));
    }
    AnalyticOutput<DnsLookupCount> out =
        p.apply(stream.advanceWatermarkToInfinity()).apply(DnsLookups.create());
    PAssert.that(out.results())
        .satisfies(
            rows -> {
              Map<String, Long> latest = new HashMap<>();
              List<DnsLookupCount> all = new ArrayList<>();
              for (DnsLookupCount r : rows) {
                all.add(r);
                // Totals only grow, so the latest value of a query is its largest.
                latest.merge(r.getQuery(), r.getLookups(), Math::max);
              }
              Map<String, Long> expected = new HashMap<>();
              EXPECTED.forEach(e -> expected.put(e.getQuery(), e.getLookups()));
              assertEquals(expected, latest);
              assertTrue(all.contains(total("example.com", 1)), "early total missing: " + all);
              assertTrue(all.size() > EXPECTED.size(), "no updates in " + all);
              return null;
            });
    PAssert.that(out.deadLetters()).empty();
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }
}
