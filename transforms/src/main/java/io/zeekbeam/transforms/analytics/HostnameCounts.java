package io.zeekbeam.transforms.analytics;

import com.google.auto.value.AutoValue;
import io.zeekbeam.schemas.HostnameCount;
import io.zeekbeam.schemas.RichDns;
import io.zeekbeam.transforms.window.WindowedSum;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@code hostname-counts}: rich-dns rows per source address and hostname (the query's first label)
 * in 5-minute tumbling windows, the walkthrough's {@code SELECT SRC_IP, HOSTNAME, COUNT(HOSTNAME)
 * FROM RICH_DNS WINDOW TUMBLING (SIZE 5 MINUTES) GROUP BY SRC_IP, HOSTNAME}.
 *
 * <ul>
 *   <li><b>Input:</b> rich-dns rows, each stamped with its event time: the join's, the later of its
 *       dns and conn records' times (not the row's TS, the dns record's alone).
 *   <li><b>Output:</b> {@link HostnameCount} rows: SRC_IP, HOSTNAME, WINDOW_START and WINDOW_END in
 *       epoch milliseconds, COUNT; each stamped with its window's last millisecond. A row with no
 *       HOSTNAME (an empty or missing query) is counted under HOSTNAME null; the walkthrough's
 *       {@code COUNT(HOSTNAME)} would not count it, and its {@code GROUP BY} would drop it, but we
 *       drop no data.
 *   <li><b>Window:</b> tumbling, 5 minutes by default ({@link #withWindowSize}), aligned to the
 *       epoch, {@code [start, end)}.
 *   <li><b>Lateness:</b> zero by default ({@link #withAllowedLateness}). A row later than that is
 *       not counted; it becomes a dead letter (stage {@code late-data}, input {@code rich-dns}).
 * </ul>
 *
 * <p>In batch, one row per source, hostname and window. On a stream, a window's row comes when the
 * watermark passes its end, followed by an updated row for each late input within the allowed
 * lateness; with {@link #withEarlyResults}, rows of open windows every interval as well (the
 * walkthrough's {@code EMIT CHANGES}). The latest row per (SRC_IP, HOSTNAME, WINDOW_START) is its
 * value. See {@link WindowedSum} for how lateness is judged.
 */
@AutoValue
public abstract class HostnameCounts
    extends PTransform<PCollection<RichDns>, AnalyticOutput<HostnameCount>> {
  private static final long serialVersionUID = 1L;

  public static final String ID = "hostname-counts";
  static final String INPUT = "rich-dns";

  abstract Duration windowSize();

  abstract Duration allowedLateness();

  abstract @Nullable Duration earlyResults();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setWindowSize(Duration size);

    abstract Builder setAllowedLateness(Duration lateness);

    abstract Builder setEarlyResults(@Nullable Duration interval);

    abstract HostnameCounts build();
  }

  /** The walkthrough's analytic: 5-minute tumbling windows, no lateness, final rows only. */
  public static HostnameCounts create() {
    return new AutoValue_HostnameCounts.Builder()
        .setWindowSize(Duration.standardMinutes(5))
        .setAllowedLateness(Duration.ZERO)
        .build();
  }

  /** The tumbling window's size; the walkthrough's is 5 minutes. */
  public HostnameCounts withWindowSize(Duration size) {
    Aggregations.checkPositive(
        "HostnameCounts.withWindowSize(size)", size, "e.g. Duration.standardMinutes(5)");
    return toBuilder().setWindowSize(size).build();
  }

  /** How long after a window's end a row still counts (an updated count); default zero. */
  public HostnameCounts withAllowedLateness(Duration lateness) {
    Aggregations.checkNotNegative(
        "HostnameCounts.withAllowedLateness(lateness)",
        lateness,
        "use Duration.ZERO to count only rows that are on time");
    return toBuilder().setAllowedLateness(lateness).build();
  }

  /** On a stream, also counts of open windows, at most once per {@code interval} per key. */
  public HostnameCounts withEarlyResults(Duration interval) {
    Aggregations.checkPositive(
        "HostnameCounts.withEarlyResults(interval)", interval, "e.g. Duration.standardSeconds(2)");
    return toBuilder().setEarlyResults(interval).build();
  }

  private WindowedSum<KV<String, String>> count() {
    WindowedSum<KV<String, String>> count =
        WindowedSum.<KV<String, String>>tumbling(windowSize())
            .withAllowedLateness(allowedLateness());
    return earlyResults() == null ? count : count.withEarlyResults(earlyResults());
  }

  @Override
  public AnalyticOutput<HostnameCount> expand(PCollection<RichDns> rows) {
    WindowedSum.Output<KV<String, String>> counts =
        count()
            .sumOver(
                rows,
                "KeyBySourceAndHostname",
                r -> KV.of(r.getSrcIp(), r.getHostname()),
                r -> 1L,
                GroupKeys.TWO,
                "CountPerSourceAndHostname");
    PCollection<HostnameCount> results =
        counts
            .results()
            .apply(
                "ToRows",
                MapElements.into(TypeDescriptor.of(HostnameCount.class)).via(HostnameCounts::row))
            .setCoder(Aggregations.rowCoder(rows.getPipeline(), HostnameCount.class));
    return AnalyticOutput.of(
        results,
        counts
            .late()
            .apply(
                "LateToDeadLetters",
                LateRecords.<KV<String, String>>of(
                    ID,
                    INPUT,
                    List.of("SRC_IP", "HOSTNAME"),
                    k -> Arrays.asList(k.getKey(), k.getValue()),
                    "COUNT")));
  }

  static HostnameCount row(WindowedSum.Result<KV<String, String>> r) {
    return HostnameCount.builder()
        .setSrcIp(r.getKey().getKey())
        .setHostname(r.getKey().getValue())
        .setWindowStart(r.getWindowStart())
        .setWindowEnd(r.getWindowEnd())
        .setCount(r.getSum())
        .build();
  }
}
