package io.zeekbeam.transforms.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JoinBucketsTest {
  private static final long GIB = 1L << 30;

  @Test
  void keepsTheDefaultUpTo16GiBThenKeepsEachBucketAt64MiBOrLess() {
    assertEquals(256, JoinBuckets.forInputBytes(0));
    assertEquals(256, JoinBuckets.forInputBytes(1_592L << 20)); // the 2M benchmark's logs
    assertEquals(256, JoinBuckets.forInputBytes(16 * GIB));
    assertEquals(512, JoinBuckets.forInputBytes(16 * GIB + 1));
    assertEquals(512, JoinBuckets.forInputBytes(32 * GIB));
    assertEquals(1024, JoinBuckets.forInputBytes(32 * GIB + 1));
    assertEquals(4096, JoinBuckets.forInputBytes(200 * GIB));
    for (long bytes = 16 * GIB; bytes < 4096 * GIB; bytes = bytes * 3 / 2 + 12345) {
      int buckets = JoinBuckets.forInputBytes(bytes);
      assertEquals(1, Integer.bitCount(buckets), bytes + " -> " + buckets);
      long perBucket = (bytes + buckets - 1) / buckets;
      assertTrue(
          perBucket <= 64L << 20 && perBucket > 32L << 20,
          bytes + " bytes in " + buckets + " buckets: " + perBucket + " a bucket");
    }
    assertEquals(1 << 20, JoinBuckets.forInputBytes(Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> JoinBuckets.forInputBytes(-1));
  }
}
