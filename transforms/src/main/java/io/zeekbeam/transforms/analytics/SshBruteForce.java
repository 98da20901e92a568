package io.zeekbeam.transforms.analytics;

import io.zeekbeam.schemas.SshBruteForceAlert;
import io.zeekbeam.schemas.SshFailedLogin;
import io.zeekbeam.transforms.parse.SshdFailure;
import io.zeekbeam.transforms.window.WindowedSum;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@code ssh-brute-force} (the walkthrough's BRUTE_FORCE_SSH_TABLE, topic {@code bruteforce}):
 * more than 10 failed SSH logins from one source against one host within 5 seconds.
 *
 * <ul>
 *   <li><b>Input:</b> {@code ssh-failed-logins} rows. <b>Output:</b> {@link SshBruteForceAlert}
 *       rows (STARTTIME, ENDTIME in epoch ms, HOST, SRC_IP, COUNT_OF_INVALID_SSH), stamped with
 *       the window's last millisecond.
 *   <li><b>Default:</b> SUM(COUNT) of the INVALID_USER, FAILED_PASSWORD and FAILED_OTHER records
 *       per (HOST, SRC_IP) in 5-second tumbling windows, alerting when the sum is above 10. The
 *       walkthrough grouped by HOST, TAG and the whole MESSAGE, which holds the client's port, so
 *       it could almost never fire; {@link #groupedByMessage} restores that as a setting, and with
 *       {@code withKinds(CLOSED_PREAUTH)} it is the walkthrough's query.
 *   <li><b>Window:</b> tumbling by default; a burst straddling a boundary fires in no tumbling
 *       window, so {@link #sliding} offers windows of the same size every period.
 *   <li><b>Lateness:</b> zero by default; a later record is a dead letter. A window's alert may
 *       first appear on a late update when allowed lateness lets a record in after its end.
 * </ul>
 */
public final class SshBruteForce
    extends PTransform<PCollection<SshFailedLogin>, AnalyticOutput<SshBruteForceAlert>> {
  private static final long serialVersionUID = 1L;
  public static final String ID = "ssh-brute-force";

  private final long threshold;
  private final Duration window;
  private final @Nullable Duration period;
  private final Duration allowedLateness;
  private final @Nullable Duration earlyResults;
  private final Set<SshdFailure.Kind> kinds;
  private final boolean byMessage;

  private SshBruteForce(
      long threshold,
      Duration window,
      @Nullable Duration period,
      Duration allowedLateness,
      @Nullable Duration earlyResults,
      Set<SshdFailure.Kind> kinds,
      boolean byMessage) {
    this.threshold = threshold;
    this.window = window;
    this.period = period;
    this.allowedLateness = allowedLateness;
    this.earlyResults = earlyResults;
    this.kinds = kinds;
    this.byMessage = byMessage;
  }

  /** More than 10 failures per (HOST, SRC_IP) in 5-second tumbling windows. */
  public static SshBruteForce create() {
    return new SshBruteForce(
        10,
        Duration.standardSeconds(5),
        null,
        Duration.ZERO,
        null,
        EnumSet.of(
            SshdFailure.Kind.INVALID_USER,
            SshdFailure.Kind.FAILED_PASSWORD,
            SshdFailure.Kind.FAILED_OTHER),
        false);
  }

  /** Alert when the sum is above {@code n} (the walkthrough's {@code HAVING COUNT(*) > 10}). */
  public SshBruteForce withThreshold(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("SshBruteForce.withThreshold: " + n + " must be >= 0");
    }
    return new SshBruteForce(n, window, period, allowedLateness, earlyResults, kinds, byMessage);
  }

  public SshBruteForce withWindow(Duration size) {
    Aggregations.checkPositive("SshBruteForce.withWindow(size)", size, "e.g. 5 seconds");
    return new SshBruteForce(threshold, size, period, allowedLateness, earlyResults, kinds, byMessage);
  }

  /** Sliding windows of the window's size, one starting every {@code every}. */
  public SshBruteForce sliding(Duration every) {
    Aggregations.checkPositive("SshBruteForce.sliding(every)", every, "e.g. 1 second");
    return new SshBruteForce(threshold, window, every, allowedLateness, earlyResults, kinds, byMessage);
  }

  public SshBruteForce withAllowedLateness(Duration lateness) {
    Aggregations.checkNotNegative(
        "SshBruteForce.withAllowedLateness(lateness)", lateness, "use Duration.ZERO for none");
    return new SshBruteForce(threshold, window, period, lateness, earlyResults, kinds, byMessage);
  }

  /** On a stream, alerts of open windows too, at most once per interval per key. */
  public SshBruteForce withEarlyResults(Duration interval) {
    Aggregations.checkPositive("SshBruteForce.withEarlyResults(interval)", interval, "e.g. 1 s");
    return new SshBruteForce(threshold, window, period, allowedLateness, interval, kinds, byMessage);
  }

  /** Which kinds of failure count. */
  public SshBruteForce withKinds(Set<SshdFailure.Kind> counted) {
    if (counted.isEmpty()) {
      throw new IllegalArgumentException(
          "SshBruteForce.withKinds: no kinds given; e.g. INVALID_USER, FAILED_PASSWORD");
    }
    return new SshBruteForce(
        threshold, window, period, allowedLateness, earlyResults, EnumSet.copyOf(counted), byMessage);
  }

  /** Group also by TAG and the whole MESSAGE, as the walkthrough did. */
  public SshBruteForce groupedByMessage(boolean walkthrough) {
    return new SshBruteForce(threshold, window, period, allowedLateness, earlyResults, kinds, walkthrough);
  }

  @Override
  public AnalyticOutput<SshBruteForceAlert> expand(PCollection<SshFailedLogin> failures) {
    if (period != null && period.isLongerThan(window)) {
      throw new IllegalArgumentException(
          "SshBruteForce.sliding(" + period + ") is longer than the window " + window
              + ": windows would leave gaps; use a period up to the window size");
    }
    Set<String> counted = kindNames(kinds);
    boolean message = byMessage;
    WindowedSum<List<String>> sum =
        period == null
            ? WindowedSum.<List<String>>tumbling(window)
            : WindowedSum.<List<String>>sliding(window, period);
    sum = sum.withAllowedLateness(allowedLateness);
    if (earlyResults != null) {
      sum = sum.withEarlyResults(earlyResults);
    }
    WindowedSum.Output<List<String>> sums =
        sum.sumOver(
            failures.apply("CountedKinds", Filter.by(f -> counted.contains(f.getKind()))),
            message ? "KeyByHostTagMessage" : "KeyByHostAndSource",
            f ->
                message
                    ? Arrays.asList(f.getHost(), f.getSrcIp(), f.getTag(), f.getMessage())
                    : Arrays.asList(f.getHost(), f.getSrcIp()),
            f -> (long) f.getCount(),
            GroupKeys.LIST,
            "SumFailuresPerWindow");
    long over = threshold;
    PCollection<SshBruteForceAlert> alerts =
        sums.results()
            .apply("AboveThreshold", Filter.by(r -> r.getSum() > over))
            .apply(
                "ToAlerts",
                MapElements.into(TypeDescriptor.of(SshBruteForceAlert.class))
                    .via(
                        r ->
                            SshBruteForceAlert.builder()
                                .setStarttime(r.getWindowStart())
                                .setEndtime(r.getWindowEnd())
                                .setHost(r.getKey().get(0))
                                .setSrcIp(r.getKey().get(1))
                                .setCountOfInvalidSsh(r.getSum())
                                .build()))
            .setCoder(Aggregations.rowCoder(failures.getPipeline(), SshBruteForceAlert.class));
    return AnalyticOutput.of(
        alerts,
        sums.late()
            .apply(
                "LateToDeadLetters",
                LateRecords.<List<String>>of(
                    ID,
                    "syslog",
                    message
                        ? List.of("HOST", "SRC_IP", "TAG", "MESSAGE")
                        : List.of("HOST", "SRC_IP"),
                    k -> k,
                    "COUNT_OF_INVALID_SSH")));
  }

  private static Set<String> kindNames(Set<SshdFailure.Kind> kinds) {
    Set<String> names = new java.util.HashSet<>();
    for (SshdFailure.Kind k : kinds) {
      names.add(k.name());
    }
    return names;
  }
}
