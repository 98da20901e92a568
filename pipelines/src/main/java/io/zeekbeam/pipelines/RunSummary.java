package io.zeekbeam.pipelines;

import io.zeekbeam.pipelines.io.WriteOutput;
import io.zeekbeam.transforms.parse.InputCounters;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The accounting of a finished run, read back from Beam metrics (so it is the same on every
 * runner): per input, records read, parsed and dead-lettered; per output, records written.
 */
public final class RunSummary {
  /** Per input type: read, parsed, dead-lettered, skipped. */
  public final Map<String, long[]> inputs = new TreeMap<>();
  /** Per output folder: records written. */
  public final Map<String, Long> outputs = new TreeMap<>();
  public long files;
  public long bytes;

  private RunSummary() {}

  /** A summary with no counts yet, to fill by hand (a report of outputs written earlier). */
  public static RunSummary empty() {
    return new RunSummary();
  }

  public static RunSummary of(PipelineResult result) {
    RunSummary s = new RunSummary();
    for (MetricResult<Long> c : counters(result, InputCounters.NAMESPACE)) {
      String name = c.getName().getName();
      int dot = name.lastIndexOf('.');
      String input = name.substring(0, dot);
      String what = name.substring(dot + 1);
      long value = value(c);
      if (input.equals("all")) {
        if (what.equals(InputCounters.FILES)) {
          s.files += value;
        } else if (what.equals(InputCounters.BYTES)) {
          s.bytes += value;
        }
        continue;
      }
      long[] row = s.inputs.computeIfAbsent(input, k -> new long[4]);
      switch (what) {
        case InputCounters.READ:
          row[0] += value;
          break;
        case InputCounters.PARSED:
          row[1] += value;
          break;
        case InputCounters.DEAD_LETTERED:
          row[2] += value;
          break;
        case InputCounters.SKIPPED:
          row[3] += value;
          break;
        default:
      }
    }
    for (MetricResult<Long> c : counters(result, WriteOutput.NAMESPACE)) {
      String name = c.getName().getName();
      s.outputs.merge(name.substring(0, name.lastIndexOf('.')), value(c), Long::sum);
    }
    return s;
  }

  private static Iterable<MetricResult<Long>> counters(PipelineResult result, String namespace) {
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(namespace)).build());
    return q.getCounters();
  }

  private static long value(MetricResult<Long> c) {
    // Committed values are exact where a runner has them; Flink's batch mode only has attempted.
    try {
      Long committed = c.getCommitted();
      if (committed != null) {
        return committed;
      }
    } catch (UnsupportedOperationException e) {
      // fall back to attempted
    }
    return c.getAttempted();
  }

  /** Inputs whose counts do not add up (none, unless records were lost). */
  public List<String> unreconciled() {
    List<String> bad = new ArrayList<>();
    inputs.forEach(
        (input, r) -> {
          if (r[0] != r[1] + r[2]) {
            bad.add(input);
          }
        });
    return bad;
  }

  public void print(PrintStream out, String outputDir) {
    out.printf("%nInputs: %d files, %s%n", files, humanBytes(bytes));
    out.printf("  %-12s %12s %12s %14s %10s%n", "input", "read", "parsed", "dead-lettered", "skipped");
    inputs.forEach(
        (input, r) ->
            out.printf("  %-12s %12d %12d %14d %10d%n", input, r[0], r[1], r[2], r[3]));
    List<String> bad = unreconciled();
    if (bad.isEmpty()) {
      out.println("  every record read was parsed or dead-lettered");
    } else {
      out.println("  COUNTS DO NOT RECONCILE for " + bad + ": please report this as a bug");
    }
    out.printf("%nOutputs in %s%n", outputDir);
    out.printf("  %-20s %12s  %s%n", "output", "records", "folder");
    outputs.forEach(
        (name, n) ->
            out.printf(
                "  %-20s %12d  %s%n", name, n, WriteOutput.folder(outputDir, name).toString()));
  }

  public static String humanBytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    double v = b;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }
}
