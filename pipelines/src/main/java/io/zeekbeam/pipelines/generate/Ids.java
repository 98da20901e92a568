package io.zeekbeam.pipelines.generate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Zeek-looking identifiers that are unique by construction: connection uids ({@code C} + 17 base62
 * characters), file ids ({@code F} + 17) and certificate fingerprints (SHA-256, 64 hex).
 *
 * <p>The expected answers join on these, so an accidental collision would make an answer wrong.
 * Each id therefore encodes a counter through a bijection of 64-bit values (the SplitMix64
 * finaliser): different counters always give different ids, and the ids still look random.
 */
final class Ids {
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final long salt;
  private final SplittableRandom random;
  private long uids;
  private long fuids;

  Ids(long seed) {
    this.salt = mix(seed ^ 0x5DEECE66DL);
    this.random = new SplittableRandom(seed ^ 0x1D5L);
  }

  /** A connection uid, {@code C} and 17 base62 characters. */
  String uid() {
    return "C" + encode(uids++, 0x0C);
  }

  /** A file id, {@code F} and 17 base62 characters. */
  String fuid() {
    return "F" + encode(fuids++, 0x0F);
  }

  private String encode(long counter, long kind) {
    StringBuilder b = new StringBuilder(17);
    for (int i = 0; i < 6; i++) {
      b.append(BASE62[random.nextInt(62)]);
    }
    long v = mix(counter + salt + kind * 0x9E3779B97F4A7C15L);
    char[] digits = new char[11];
    for (int i = 10; i >= 0; i--) {
      digits[i] = BASE62[(int) Long.remainderUnsigned(v, 62)];
      v = Long.divideUnsigned(v, 62);
    }
    return b.append(digits).toString();
  }

  /** SplitMix64's finaliser; a bijection on 64-bit values. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A certificate's SHA-256 fingerprint, derived from what makes it unique. */
  static String fingerprint(long seed, String certificateKey) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(Long.toString(seed).getBytes(StandardCharsets.US_ASCII));
      d.update((byte) 0);
      d.update(certificateKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** A certificate serial number, upper-case hex of the given length. */
  static String serial(SplittableRandom r, int hexDigits) {
    StringBuilder b = new StringBuilder(hexDigits);
    b.append("123456789ABCDEF".charAt(r.nextInt(15)));
    for (int i = 1; i < hexDigits; i++) {
      b.append("0123456789ABCDEF".charAt(r.nextInt(16)));
    }
    return b.toString();
  }
}
