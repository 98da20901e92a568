package io.zeekbeam.pipelines.kafka;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay did per input ({@code conn}, ..., {@code syslog}, and {@code unknown} for lines of
 * a Zeek TSV file with no {@code #path}): lines read, records published, bad lines skipped (with
 * the first reason), lines of Zeek logs no analytic reads, and records that went out after a
 * record more than the reorder window newer.
 */
final class ReplayCounts {
  /** The counts of one input. */
  static final class Input {
    long read;
    long published;
    long bad;
    long skipped;
    long late;
    String firstBadReason;
    String firstBadWhere;
  }

  private final Map<String, Input> inputs = new TreeMap<>();

  Input of(String input) {
    return inputs.computeIfAbsent(input, k -> new Input());
  }

  void bad(String input, String where, String reason) {
    Input i = of(input);
    i.bad++;
    if (i.firstBadReason == null) {
      i.firstBadReason = reason;
      i.firstBadWhere = where;
    }
  }

  Map<String, Input> all() {
    return inputs;
  }
}
