package io.zeekbeam.transforms.analytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The walkthrough's {@code TIMESTAMPTOSTRING(ms, 'yyyy-MM-dd HH:mm:ss')}, fixed to UTC: ksqlDB
 * formats in the server's zone, which would make the same archive give different strings on
 * different machines.
 */
public final class Timestamps {
  // 'uuuu' (proleptic year), not 'yyyy' (year of era), so that no year prints ambiguously.
  private static final DateTimeFormatter SECONDS_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /**
   * The strings of recently formatted seconds, by a hash of the second: an aggregation's rows
   * repeat a few window bounds many times over, and formatting one costs more than the rest of the
   * row. Entries are immutable, so threads racing on a slot see a whole entry either way.
   */
  private static final Formatted[] RECENT = new Formatted[1 << 12];

  private static final class Formatted {
    final long seconds;
    final String text;

    Formatted(long seconds, String text) {
      this.seconds = seconds;
      this.text = text;
    }
  }

  /** {@code epochMillis} as {@code yyyy-MM-dd HH:mm:ss} in UTC, the milliseconds dropped. */
  public static String toUtcSeconds(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000L);
    // Fibonacci hashing: window bounds are multiples of their size, which a plain modulus would
    // crowd into a few slots.
    int slot = (int) ((seconds * 0x9E3779B97F4A7C15L) >>> 52);
    Formatted recent = RECENT[slot];
    if (recent != null && recent.seconds == seconds) {
      return recent.text;
    }
    String text = SECONDS_UTC.format(Instant.ofEpochSecond(seconds));
    RECENT[slot] = new Formatted(seconds, text);
    return text;
  }

  /** Zeek's epoch seconds as {@code yyyy-MM-dd HH:mm:ss} in UTC, or null for an unset time. */
  public static String formatEpochSeconds(Double epochSeconds) {
    if (epochSeconds == null || !Double.isFinite(epochSeconds)) {
      return null;
    }
    return toUtcSeconds((long) Math.floor(epochSeconds * 1000.0));
  }
}
