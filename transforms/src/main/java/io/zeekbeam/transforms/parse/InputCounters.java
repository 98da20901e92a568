package io.zeekbeam.transforms.parse;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The accounting of every input as Beam metrics: per input type, records read, parsed and
 * dead-lettered, so that {@code read = parsed + deadLettered} can be checked after any run, on any
 * runner. A "record read" is a line that is neither blank nor a header.
 */
public final class InputCounters implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String NAMESPACE = "zeekbeam.input";
  public static final String READ = "read";
  public static final String PARSED = "parsed";
  public static final String DEAD_LETTERED = "deadLettered";
  /** Lines of Zeek logs that no analytic reads (files, weird, ...), skipped on purpose. */
  public static final String SKIPPED = "skipped";
  public static final String FILES = "files";
  public static final String BYTES = "bytes";

  /** Counters by input, then by what is counted: no string is built per counted line. */
  private transient Map<String, Map<String, Counter>> counters;

  /** The metric name of a count for an input type, e.g. {@code conn.read}. */
  public static String name(String input, String what) {
    return input + "." + what;
  }

  public void inc(String input, String what) {
    inc(input, what, 1);
  }

  public void inc(String input, String what, long n) {
    if (counters == null) {
      counters = new HashMap<>();
    }
    counters
        .computeIfAbsent(input, k -> new HashMap<>())
        .computeIfAbsent(what, k -> Metrics.counter(NAMESPACE, name(input, k)))
        .inc(n);
  }

  /**
   * Counts not yet added to the metrics, by input, then by what is counted: a Beam counter update
   * finds the step's metrics container through a thread-local and the counter through a map, which
   * per parsed line cost more than the rest of the accounting.
   */
  private transient Map<String, Map<String, long[]>> deferred;

  /** Like {@link #inc(String, String)}, but only added to the metrics by {@link #flush}. */
  public void defer(String input, String what) {
    defer(input, what, 1);
  }

  /** Like {@link #inc(String, String, long)}, but only added to the metrics by {@link #flush}. */
  public void defer(String input, String what, long n) {
    if (deferred == null) {
      deferred = new HashMap<>();
    }
    Map<String, long[]> byWhat = deferred.get(input);
    if (byWhat == null) {
      byWhat = new HashMap<>();
      deferred.put(input, byWhat);
    }
    long[] count = byWhat.get(what);
    if (count == null) {
      count = new long[1];
      byWhat.put(what, count);
    }
    count[0] += n;
  }

  /**
   * Adds the deferred counts to the metrics. Call it before the element that deferred them is done
   * (Beam attributes a count to the step whose element is being processed).
   */
  public void flush() {
    if (deferred == null) {
      return;
    }
    // A count that nets to zero (a line counted as read for one type, then for another) still
    // makes its counter, as counting it at once did: the run's summary shows the input.
    deferred.forEach(
        (input, byWhat) -> byWhat.forEach((what, count) -> inc(input, what, count[0])));
    deferred.clear();
  }
}
