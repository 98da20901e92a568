package io.zeekbeam.transforms.join;

/**
 * How many groups a join of bounded input spreads its keys over ({@link
 * IntervalJoin#withBuckets}, {@link AsOfJoin#withBuckets}).
 *
 * <p>A bounded join hands each key's elements to the runner's grouping in buckets of many keys, and
 * joins one bucket at a time, holding the bucket's elements in memory. The number of buckets trades
 * two costs:
 *
 * <ul>
 *   <li><b>Fewer buckets, less per-element work.</b> Beam's Flink translation groups each bundle of
 *       1,000 elements by key before the shuffle and handles every such partial group after it as
 *       one element (sorting, state, windowing). With 4,096 buckets almost every element was a
 *       group of its own; with 256 they come in groups of about four, and the whole suite over 2M
 *       conn records took ~13% less time (BENCHMARKS.md, "The whole suite on the service").
 *   <li><b>More buckets, less memory.</b> A bucket holds about 1/buckets of the join's input at
 *       once.
 * </ul>
 *
 * <p>{@link #forInputBytes} keeps {@link #DEFAULT} up to 16 GiB of input text and adds buckets
 * beyond, so that a bucket never holds the records of more than 64 MiB of it.
 */
public final class JoinBuckets {
  private JoinBuckets() {}

  /** The number of buckets for up to 16 GiB of input text. */
  public static final int DEFAULT = 256;

  /** The input text whose records one bucket may hold, at most. */
  static final long BYTES_PER_BUCKET = 64L << 20;

  /** The most buckets: a bucket's index must fit in an int, and its grouping has a key each. */
  static final int MAX = 1 << 20;

  /**
   * The buckets for a run that reads {@code inputBytes} of text (compressed files counted at the
   * size of their text): {@link #DEFAULT}, or the power of two that keeps a bucket's share of the
   * input at most 64 MiB.
   */
  public static int forInputBytes(long inputBytes) {
    if (inputBytes < 0) {
      throw new IllegalArgumentException("input size must be zero or positive, got " + inputBytes);
    }
    long needed = inputBytes / BYTES_PER_BUCKET + (inputBytes % BYTES_PER_BUCKET == 0 ? 0 : 1);
    if (needed <= DEFAULT) {
      return DEFAULT;
    }
    if (needed >= MAX) {
      return MAX;
    }
    return Integer.highestOneBit((int) needed - 1) << 1;
  }

  static int check(String transform, int buckets) {
    if (buckets < 1 || buckets > MAX) {
      throw new IllegalArgumentException(
          transform
              + ".withBuckets(...) must be between 1 and "
              + MAX
              + ", got "
              + buckets
              + "; JoinBuckets.forInputBytes(bytes) gives the number for an input of that size");
    }
    return buckets;
  }
}
