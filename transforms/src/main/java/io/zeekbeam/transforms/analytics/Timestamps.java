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

  /** {@code epochMillis} as {@code yyyy-MM-dd HH:mm:ss} in UTC, the milliseconds dropped. */
  public static String toUtcSeconds(long epochMillis) {
    return SECONDS_UTC.format(Instant.ofEpochMilli(epochMillis));
  }

  /** Zeek's epoch seconds as {@code yyyy-MM-dd HH:mm:ss} in UTC, or null for an unset time. */
  public static String formatEpochSeconds(Double epochSeconds) {
    if (epochSeconds == null || !Double.isFinite(epochSeconds)) {
      return null;
    }
    return toUtcSeconds((long) Math.floor(epochSeconds * 1000.0));
  }
}
