package io.zeekbeam.transforms.window;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Sums a bundle's values per key and window before the stateful step, as combiner lifting does for
 * Beam's own {@code Combine.perKey}: one {@link Partial} per (key, window) crosses the shuffle
 * instead of one element per input.
 *
 * <p>Each partial carries its window's start, so the stateful step never re-assigns it (a sliding
 * window's partial would otherwise land in every window its timestamp falls in), and is stamped
 * with the earliest timestamp it holds, which lies in its window. Lateness is a property of the
 * window, not of the timestamp, so the stateful step judges a partial exactly as it would judge
 * each of its inputs; the one difference is that late inputs of one key and window in one bundle
 * reach {@link WindowedSum.Output#late()} as one element that says how many they were.
 *
 * <p>The map is flushed in {@code @FinishBundle}, before the runner lets the watermark pass the
 * bundle's elements, so holding them back here makes none of them late. A bundle with more than
 * {@link #MAX_PARTIALS} (by default) distinct (key, window) pairs passes the excess through one by
 * one, or, on bounded input, emits the sums of windows that have ended (all of them if that frees
 * too little) and goes on; either bounds the memory a bundle can take.
 */
final class PreAggregateFn<T, K> extends DoFn<T, KV<K, Partial>> {
  private static final long serialVersionUID = 1L;

  /** Most (key, window) sums a bundle holds; beyond it, inputs pass through unaggregated. */
  static final int MAX_PARTIALS = 10_000;

  private final WindowLayout layout;
  private final SerializableFunction<T, K> keyOf;
  private final WindowedSum.ValueOf<T> valueOf;
  private final Coder<K> keyCoder;
  private final int maxPartials;
  private final boolean flushWhenFull;
  private transient Map<Slot, Sum<K>> sums;
  private transient int lastBundleSums;

  /** For {@code KV<key, value>} input, passing input through when the map is full. */
  static <K> PreAggregateFn<KV<K, Long>, K> ofKvs(WindowLayout layout, Coder<K> keyCoder) {
    return ofKvs(layout, keyCoder, MAX_PARTIALS, false);
  }

  /** For {@code KV<key, value>} input. */
  static <K> PreAggregateFn<KV<K, Long>, K> ofKvs(
      WindowLayout layout, Coder<K> keyCoder, int maxPartials, boolean flushWhenFull) {
    return new PreAggregateFn<>(
        layout, KV::getKey, KV::getValue, keyCoder, maxPartials, flushWhenFull);
  }

  /**
   * @param keyOf the key an input is summed under
   * @param valueOf what the input adds to its key's sum
   * @param flushWhenFull what a full map does with a new key and window. True: emit the sums of
   *     windows that have ended, or all if that frees less than half, and go on. For bounded
   *     input, whose bundle can be a whole partition: time-ordered input keeps being summed,
   *     and the emitted sums carry the current input's timestamp, which the bounded path does not
   *     read. False: pass the input through on its own, for unbounded input, whose sums must stay
   *     stamped inside their windows.
   */
  PreAggregateFn(
      WindowLayout layout,
      SerializableFunction<T, K> keyOf,
      WindowedSum.ValueOf<T> valueOf,
      Coder<K> keyCoder,
      int maxPartials,
      boolean flushWhenFull) {
    this.layout = layout;
    this.keyOf = keyOf;
    this.valueOf = valueOf;
    this.keyCoder = keyCoder;
    this.maxPartials = maxPartials;
    this.flushWhenFull = flushWhenFull;
  }

  /**
   * A key by its structural value (keys such as byte arrays do not define equals) and a window, with
   * its hash computed once: a key such as a {@code KV} of strings hashes an array anew on every
   * call, and the map asks for the hash on every look-up.
   */
  static final class Slot {
    final @Nullable Object key;
    final long windowStart;
    final int hash;

    Slot(@Nullable Object key, int keyHash, long windowStart) {
      this.key = key;
      this.windowStart = windowStart;
      this.hash = 31 * keyHash + Long.hashCode(windowStart);
    }

    /**
     * The hash of a structural key; a {@code KV}'s from its parts, which {@code KV.hashCode} gets
     * by way of a new array and {@code Arrays.deepHashCode} on every call.
     */
    static int hashOf(@Nullable Object key) {
      if (key instanceof KV) {
        KV<?, ?> kv = (KV<?, ?>) key;
        return 31 * partHash(kv.getKey()) + partHash(kv.getValue());
      }
      return Objects.hashCode(key);
    }

    /** An array by its content, as {@code KV} hashes it; anything else by its own hash. */
    private static int partHash(@Nullable Object part) {
      return part != null && part.getClass().isArray()
          ? Arrays.deepHashCode(new Object[] {part})
          : Objects.hashCode(part);
    }

    /** {@code KV.equals}, part by part, without its detour through {@code Arrays.deepEquals}. */
    private static boolean same(@Nullable Object a, @Nullable Object b) {
      if (a instanceof KV && b instanceof KV) {
        KV<?, ?> x = (KV<?, ?>) a;
        KV<?, ?> y = (KV<?, ?>) b;
        return part(x.getKey(), y.getKey()) && part(x.getValue(), y.getValue());
      }
      return Objects.equals(a, b);
    }

    private static boolean part(@Nullable Object a, @Nullable Object b) {
      if (a == b) {
        return true;
      }
      if (a == null || b == null) {
        return false;
      }
      return a.getClass().isArray() ? Objects.deepEquals(a, b) : a.equals(b);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Slot)) {
        return false;
      }
      Slot other = (Slot) o;
      return hash == other.hash && windowStart == other.windowStart && same(key, other.key);
    }
  }

  private static final class Sum<K> {
    final K key;
    final long windowStart;
    long sum;
    long records;
    Instant earliest;

    Sum(K key, long windowStart, Instant first) {
      this.key = key;
      this.windowStart = windowStart;
      this.earliest = first;
    }

    KV<K, Partial> partial() {
      return KV.of(key, new Partial(windowStart, sum, records));
    }
  }

  @StartBundle
  public void startBundle() {
    // Sized for as many sums as the last bundle had, so that the map does not grow step by step.
    sums = new HashMap<>(Math.max(16, lastBundleSums * 4 / 3 + 1));
  }

  @ProcessElement
  public void process(
      @Element T element, @Timestamp Instant timestamp, OutputReceiver<KV<K, Partial>> out) {
    K key = keyOf.apply(element);
    long value = valueOf.of(element);
    Object structural = keyCoder.structuralValue(key);
    int keyHash = Slot.hashOf(structural);
    if (layout.oneWindowPerTimestamp()) {
      add(key, structural, keyHash, layout.latestStart(timestamp.getMillis()), value, timestamp, out);
    } else {
      layout.startsOf(
          timestamp.getMillis(),
          start -> add(key, structural, keyHash, start, value, timestamp, out));
    }
  }

  private void add(
      K key,
      Object structural,
      int keyHash,
      long start,
      long value,
      Instant timestamp,
      OutputReceiver<KV<K, Partial>> out) {
    Slot slot = new Slot(structural, keyHash, start);
    Sum<K> sum = sums.get(slot);
    if (sum == null) {
      if (sums.size() >= maxPartials) {
        if (!flushWhenFull) {
          out.output(KV.of(key, new Partial(start, value, 1)));
          return;
        }
        flush(timestamp.getMillis(), out);
      }
      sum = new Sum<>(key, start, timestamp);
      sums.put(slot, sum);
    }
    sum.sum += value;
    sum.records++;
    if (timestamp.isBefore(sum.earliest)) {
      sum.earliest = timestamp;
    }
  }

  /**
   * Makes room in a full map: emits the sums of windows that end at or before {@code timestamp}
   * (on time-ordered input, windows that are over), and all of them if that frees less than half.
   */
  private void flush(long timestamp, OutputReceiver<KV<K, Partial>> out) {
    Iterator<Sum<K>> it = sums.values().iterator();
    while (it.hasNext()) {
      Sum<K> s = it.next();
      if (layout.end(s.windowStart) <= timestamp) {
        out.output(s.partial());
        it.remove();
      }
    }
    if (sums.size() >= maxPartials / 2) {
      for (Sum<K> s : sums.values()) {
        out.output(s.partial());
      }
      sums.clear();
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext context) {
    for (Sum<K> s : sums.values()) {
      context.output(s.partial(), s.earliest, GlobalWindow.INSTANCE);
    }
    lastBundleSums = sums.size();
    sums = null;
  }
}
