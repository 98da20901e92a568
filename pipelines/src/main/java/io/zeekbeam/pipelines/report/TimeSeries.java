package io.zeekbeam.pipelines.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums per series (e.g. service) per time bucket in bounded memory: buckets start at {@code
 * initialWidthMillis} and double in width whenever there would be more than {@code maxBuckets}, so
 * five minutes of logs and five years of them both give a readable chart. Series past {@code
 * maxSeries} distinct names are summed as {@link #OTHER}.
 */
final class TimeSeries {
  static final String OTHER = "(other)";

  private final int maxBuckets;
  private final int maxSeries;
  private long width;
  private final TreeMap<Long, Map<String, Long>> buckets = new TreeMap<>();
  private final Map<String, Long> totals = new HashMap<>();

  TimeSeries(long initialWidthMillis, int maxBuckets, int maxSeries) {
    this.width = initialWidthMillis;
    this.maxBuckets = maxBuckets;
    this.maxSeries = maxSeries;
  }

  void add(long millis, String series, long amount) {
    String s = totals.containsKey(series) || totals.size() < maxSeries ? series : OTHER;
    totals.merge(s, amount, Long::sum);
    buckets
        .computeIfAbsent(Math.floorDiv(millis, width) * width, k -> new HashMap<>())
        .merge(s, amount, Long::sum);
    while (buckets.size() > maxBuckets) {
      widen();
    }
  }

  private void widen() {
    width *= 2;
    TreeMap<Long, Map<String, Long>> wider = new TreeMap<>();
    buckets.forEach(
        (start, sums) -> {
          Map<String, Long> into =
              wider.computeIfAbsent(Math.floorDiv(start, width) * width, k -> new HashMap<>());
          sums.forEach((s, v) -> into.merge(s, v, Long::sum));
        });
    buckets.clear();
    buckets.putAll(wider);
  }

  long widthMillis() {
    return width;
  }

  boolean isEmpty() {
    return buckets.isEmpty();
  }

  /** Bucket starts, every bucket from the first to the last (gaps as zeros, so areas stack). */
  List<Long> times() {
    List<Long> out = new ArrayList<>();
    if (buckets.isEmpty()) {
      return out;
    }
    for (long t = buckets.firstKey(); t <= buckets.lastKey(); t += width) {
      out.add(t);
    }
    return out;
  }

  /** The {@code n} series with the largest totals (the rest summed as {@link #OTHER}), by time. */
  Map<String, List<Long>> series(int n) {
    List<Map.Entry<String, Long>> ranked = new ArrayList<>(totals.entrySet());
    ranked.sort(
        Map.Entry.<String, Long>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    Map<String, String> shownAs = new HashMap<>();
    int shown = 0;
    for (Map.Entry<String, Long> r : ranked) {
      String name = r.getKey();
      boolean own = !name.equals(OTHER) && shown < n;
      shownAs.put(name, own ? name : OTHER);
      shown += own ? 1 : 0;
    }
    Map<String, List<Long>> out = new LinkedHashMap<>();
    List<Long> times = times();
    for (Map.Entry<String, Long> r : ranked) {
      out.computeIfAbsent(shownAs.get(r.getKey()), k -> new ArrayList<>());
    }
    if (out.containsKey(OTHER)) {
      out.put(OTHER, out.remove(OTHER));
    }
    for (List<Long> values : out.values()) {
      for (int i = 0; i < times.size(); i++) {
        values.add(0L);
      }
    }
    for (int i = 0; i < times.size(); i++) {
      Map<String, Long> sums = buckets.get(times.get(i));
      if (sums == null) {
        continue;
      }
      for (Map.Entry<String, Long> e : sums.entrySet()) {
        List<Long> values = out.get(shownAs.get(e.getKey()));
        values.set(i, values.get(i) + e.getValue());
      }
    }
    return out;
  }
}
