package io.zeekbeam.transforms.analytics;

import com.google.auto.value.AutoValue;
import io.zeekbeam.schemas.ZeekConn;
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
 * {@code bytes-by-service} (the walkthrough's 5MIN_BYTE_COUNTS): {@code SUM(orig_ip_bytes +
 * resp_ip_bytes)} per originating host and service in 5-minute tumbling windows.
 *
 * <ul>
 *   <li><b>Input:</b> conn records, each stamped with its event time (the parse stage stamps Zeek's
 *       {@code ts}).
 *   <li><b>Output:</b> {@link io.zeekbeam.schemas.BytesByService} rows: LOCALIP ({@code
 *       id.orig_h}), SERVICE, WINDOW_START and WINDOW_END as {@code yyyy-MM-dd HH:mm:ss} UTC,
 *       SUM_BYTES; each stamped with its window's last millisecond. A missing byte count adds 0.
 *       Connections Zeek named no service for are kept, with SERVICE null (ksqlDB's {@code GROUP
 *       BY} would drop them; we drop no data).
 *   <li><b>Window:</b> tumbling, 5 minutes by default ({@link #withWindowSize}), aligned to the
 *       epoch, {@code [start, end)}.
 *   <li><b>Lateness:</b> zero by default ({@link #withAllowedLateness}). A record later than that
 *       is not counted; it becomes a dead letter (stage {@code late-data}, input {@code conn}).
 * </ul>
 *
 * <p>In batch, one row per host, service and window. On a stream, a window's row comes when the
 * watermark passes its end (ksqlDB's {@code EMIT FINAL}), followed by an updated row for each late
 * record within the allowed lateness; with {@link #withEarlyResults}, rows of open windows come
 * every interval as well ({@code EMIT CHANGES}). Rows are a changelog keyed by (LOCALIP, SERVICE,
 * WINDOW_START): the latest row of a key is its value, and once the watermark has passed the window
 * it is the batch value. See {@link WindowedSum} for how lateness is judged.
 */
@AutoValue
public abstract class BytesByService
    extends PTransform<PCollection<ZeekConn>, AnalyticOutput<io.zeekbeam.schemas.BytesByService>> {
  private static final long serialVersionUID = 1L;

  public static final String ID = "bytes-by-service";
  static final String INPUT = "conn";

  abstract Duration windowSize();

  abstract Duration allowedLateness();

  abstract @Nullable Duration earlyResults();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setWindowSize(Duration size);

    abstract Builder setAllowedLateness(Duration lateness);

    abstract Builder setEarlyResults(@Nullable Duration interval);

    abstract BytesByService build();
  }

  /** The walkthrough's analytic: 5-minute tumbling windows, no lateness, final rows only. */
  public static BytesByService create() {
    return new AutoValue_BytesByService.Builder()
        .setWindowSize(Duration.standardMinutes(5))
        .setAllowedLateness(Duration.ZERO)
        .build();
  }

  /** The tumbling window's size; the walkthrough's is 5 minutes. */
  public BytesByService withWindowSize(Duration size) {
    Aggregations.checkPositive(
        "BytesByService.withWindowSize(size)", size, "e.g. Duration.standardMinutes(5)");
    return toBuilder().setWindowSize(size).build();
  }

  /** How long after a window's end a record still counts (an updated row); default zero. */
  public BytesByService withAllowedLateness(Duration lateness) {
    Aggregations.checkNotNegative(
        "BytesByService.withAllowedLateness(lateness)",
        lateness,
        "use Duration.ZERO to count only records that are on time");
    return toBuilder().setAllowedLateness(lateness).build();
  }

  /** On a stream, also rows of open windows, at most once per {@code interval} per key. */
  public BytesByService withEarlyResults(Duration interval) {
    Aggregations.checkPositive(
        "BytesByService.withEarlyResults(interval)", interval, "e.g. Duration.standardSeconds(2)");
    return toBuilder().setEarlyResults(interval).build();
  }

  /** What a connection adds: its IP bytes both ways, a missing count being zero. */
  static long bytes(ZeekConn c) {
    Long orig = c.getOrigIpBytes();
    Long resp = c.getRespIpBytes();
    return (orig == null ? 0 : orig) + (resp == null ? 0 : resp);
  }

  private WindowedSum<KV<String, String>> sum() {
    WindowedSum<KV<String, String>> sum =
        WindowedSum.<KV<String, String>>tumbling(windowSize())
            .withAllowedLateness(allowedLateness());
    return earlyResults() == null ? sum : sum.withEarlyResults(earlyResults());
  }

  @Override
  public AnalyticOutput<io.zeekbeam.schemas.BytesByService> expand(PCollection<ZeekConn> conns) {
    WindowedSum.Output<KV<String, String>> sums =
        sum()
            .sumOver(
                conns,
                "KeyByHostAndService",
                c -> KV.of(c.getOrigH(), c.getService()),
                BytesByService::bytes,
                GroupKeys.TWO,
                "SumBytesPerHostAndService");
    PCollection<io.zeekbeam.schemas.BytesByService> rows =
        sums.results()
            .apply(
                "ToRows",
                MapElements.into(TypeDescriptor.of(io.zeekbeam.schemas.BytesByService.class))
                    .via(BytesByService::row))
            .setCoder(
                Aggregations.rowCoder(
                    conns.getPipeline(), io.zeekbeam.schemas.BytesByService.class));
    return AnalyticOutput.of(
        rows,
        sums.late()
            .apply(
                "LateToDeadLetters",
                LateRecords.<KV<String, String>>of(
                    ID,
                    INPUT,
                    List.of("LOCALIP", "SERVICE"),
                    k -> Arrays.asList(k.getKey(), k.getValue()),
                    "SUM_BYTES")));
  }

  static io.zeekbeam.schemas.BytesByService row(WindowedSum.Result<KV<String, String>> r) {
    return io.zeekbeam.schemas.BytesByService.builder()
        .setLocalip(r.getKey().getKey())
        .setService(r.getKey().getValue())
        .setWindowStart(Timestamps.toUtcSeconds(r.getWindowStart()))
        .setWindowEnd(Timestamps.toUtcSeconds(r.getWindowEnd()))
        .setSumBytes(r.getSum())
        .build();
  }
}
