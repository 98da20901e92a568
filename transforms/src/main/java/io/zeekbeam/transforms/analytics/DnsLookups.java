package io.zeekbeam.transforms.analytics;

import com.google.auto.value.AutoValue;
import io.zeekbeam.schemas.DnsLookupCount;
import io.zeekbeam.schemas.ZeekDns;
import io.zeekbeam.transforms.window.WindowedSum;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;

/**
 * {@code dns-lookups}: the number of lookups per DNS query name over all time, the walkthrough's
 * {@code SELECT "query", COUNT("query") AS LOOKUPS FROM DNS_STREAM GROUP BY "query" EMIT CHANGES}.
 *
 * <ul>
 *   <li><b>Input:</b> dns records.
 *   <li><b>Output:</b> {@link DnsLookupCount} rows: query (as written, no case folding) and
 *       LOOKUPS. Records with no query are counted under query null: ksqlDB's {@code GROUP BY}
 *       would drop them and its {@code COUNT("query")} would not count them, but we drop no data,
 *       and a null row says how many such lookups there were.
 *   <li><b>Window:</b> none; one running total per query.
 *   <li><b>Lateness:</b> none: a total over all time never closes, so no record is late and the
 *       dead letters are always empty.
 * </ul>
 *
 * <p>In batch, one row per query with its final total, when the input ends. On a stream, a
 * changelog keyed by query (latest value wins): each query's total, whenever it changed, at most
 * once per {@link #withEarlyResults interval} (default 2 seconds, as ksqlDB's default commit
 * interval), and the final totals when the stream ends. A stream needs that interval, as its input
 * never ends.
 */
@AutoValue
public abstract class DnsLookups
    extends PTransform<PCollection<ZeekDns>, AnalyticOutput<DnsLookupCount>> {
  private static final long serialVersionUID = 1L;

  public static final String ID = "dns-lookups";
  static final String INPUT = "dns";

  abstract Duration earlyResults();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setEarlyResults(Duration interval);

    abstract DnsLookups build();
  }

  /** The walkthrough's analytic: totals per query, updated every 2 seconds on a stream. */
  public static DnsLookups create() {
    return new AutoValue_DnsLookups.Builder().setEarlyResults(Duration.standardSeconds(2)).build();
  }

  /**
   * On a stream, how often at most each changed total is emitted; ignored in batch, which gives
   * final totals only.
   */
  public DnsLookups withEarlyResults(Duration interval) {
    Aggregations.checkPositive(
        "DnsLookups.withEarlyResults(interval)", interval, "e.g. Duration.standardSeconds(2)");
    return toBuilder().setEarlyResults(interval).build();
  }

  @Override
  public AnalyticOutput<DnsLookupCount> expand(PCollection<ZeekDns> dns) {
    WindowedSum.Output<String> totals =
        WindowedSum.<String>allTime()
            .withEarlyResults(earlyResults())
            .sumOver(dns, "KeyByQuery", ZeekDns::getQuery, d -> 1L, GroupKeys.ONE, "CountPerQuery");
    PCollection<DnsLookupCount> rows =
        totals
            .results()
            .apply(
                "ToRows",
                MapElements.into(TypeDescriptor.of(DnsLookupCount.class))
                    .via(
                        r ->
                            DnsLookupCount.builder()
                                .setQuery(r.getKey())
                                .setLookups(r.getSum())
                                .build()))
            .setCoder(Aggregations.rowCoder(dns.getPipeline(), DnsLookupCount.class));
    return AnalyticOutput.of(
        rows,
        totals
            .late()
            .apply(
                "LateToDeadLetters",
                LateRecords.<String>of(
                    ID, INPUT, List.of("query"), Collections::singletonList, "LOOKUPS")));
  }
}
