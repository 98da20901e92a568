package io.zeekbeam.pipelines.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Totals per key in bounded memory: exact while there are at most {@code 2 * capacity} keys; past
 * that, the keys with the smallest totals are dropped down to {@code capacity}, and the report says
 * that totals no larger than {@link #droppedMax()} may be missing or too small. A year of archives
 * has millions of DNS names and address pairs, and a report shows the top few.
 *
 * <p>Each key keeps the first and last event time seen and the details of its first row (e.g. the
 * issuer of a certificate), so a table can show them without a second pass.
 */
final class TopCounts<K> {
  /** The totals of one key. */
  static final class Entry<K> {
    final K key;
    long total;
    long rows;
    long firstMillis = Long.MAX_VALUE;
    long lastMillis = Long.MIN_VALUE;
    Object details;

    Entry(K key) {
      this.key = key;
    }
  }

  private final int capacity;
  private final Map<K, Entry<K>> entries = new HashMap<>();
  private long droppedMax = -1;
  private long grandTotal;

  TopCounts(int capacity) {
    this.capacity = capacity;
  }

  /** Adds {@code amount} to {@code key}; returns its entry, to attach details or times. */
  Entry<K> add(K key, long amount) {
    grandTotal += amount;
    Entry<K> e = entries.computeIfAbsent(key, Entry::new);
    e.total += amount;
    e.rows++;
    if (entries.size() > 2 * capacity) {
      prune();
    }
    return e;
  }

  /** Adds {@code amount} to {@code key} at event time {@code millis} (ignored when null). */
  Entry<K> add(K key, long amount, Long millis) {
    Entry<K> e = add(key, amount);
    if (millis != null) {
      e.firstMillis = Math.min(e.firstMillis, millis);
      e.lastMillis = Math.max(e.lastMillis, millis);
    }
    return e;
  }

  private void prune() {
    List<Entry<K>> all = sorted();
    for (Entry<K> e : all.subList(capacity, all.size())) {
      droppedMax = Math.max(droppedMax, e.total);
      entries.remove(e.key);
    }
  }

  private List<Entry<K>> sorted() {
    List<Entry<K>> all = new ArrayList<>(entries.values());
    all.sort(
        Comparator.<Entry<K>>comparingLong(e -> -e.total)
            .thenComparing(e -> String.valueOf(e.key)));
    return all;
  }

  /** The {@code n} keys with the largest totals, largest first (ties by key, for stable output). */
  List<Entry<K>> top(int n) {
    List<Entry<K>> all = sorted();
    return new ArrayList<>(all.subList(0, Math.min(n, all.size())));
  }

  /** Keys counted (after pruning). */
  int size() {
    return entries.size();
  }

  /** The sum of every amount added, dropped keys included. */
  long grandTotal() {
    return grandTotal;
  }

  /** The largest total dropped by pruning, or -1 when every total is exact. */
  long droppedMax() {
    return droppedMax;
  }
}
