package io.zeekbeam.pipelines.generate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Event times as the generator keeps them, epoch microseconds (Zeek's resolution), and the ways the
 * logs and answers print them. Integer arithmetic throughout, so that a printed time is exact and
 * the same on every machine.
 */
final class Times {
  static final long MILLI = 1_000L;
  static final long SECOND = 1_000_000L;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;
  static final long DAY = 24 * HOUR;

  private Times() {}

  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), SECOND), instant.getNano() / 1000);
  }

  /** Epoch milliseconds, rounding down like the readers' {@code floor(ts * 1000)}. */
  static long millis(long micros) {
    return Math.floorDiv(micros, 1000);
  }

  /**
   * Zeek's {@code time} and {@code interval}: seconds with six decimals, {@code 1772409600.500000}.
   */
  static String epochSeconds(long micros) {
    long s = Math.floorDiv(micros, SECOND);
    long f = Math.floorMod(micros, SECOND);
    StringBuilder b = new StringBuilder(20).append(s).append('.');
    String frac = Long.toString(f);
    for (int i = frac.length(); i < 6; i++) {
      b.append('0');
    }
    return b.append(frac).toString();
  }

  private static LocalDateTime utc(long micros) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(micros, SECOND), (int) Math.floorMod(micros, SECOND) * 1000, ZoneOffset.UTC);
  }

  private static String pad(int v, int width) {
    String s = Integer.toString(v);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }

  private static String date(LocalDateTime t) {
    return pad(t.getYear(), 4) + "-" + pad(t.getMonthValue(), 2) + "-" + pad(t.getDayOfMonth(), 2);
  }

  private static String clock(LocalDateTime t, char sep) {
    return pad(t.getHour(), 2) + sep + pad(t.getMinute(), 2) + sep + pad(t.getSecond(), 2);
  }

  /** As Zeek's {@code json_timestamps=JSON::TS_ISO8601}: {@code 2026-03-02T00:00:01.123456Z}. */
  static String iso(long micros) {
    LocalDateTime t = utc(micros);
    return date(t) + "T" + clock(t, ':') + "." + pad(t.getNano() / 1000, 6) + "Z";
  }

  /** As RFC 3339 with an offset from UTC, as rsyslog writes: {@code ...T01:00:01.123456+01:00}. */
  static String rfc3339(long micros, int offsetMinutes) {
    LocalDateTime t = utc(micros + offsetMinutes * MINUTE);
    int abs = Math.abs(offsetMinutes);
    String zone = (offsetMinutes < 0 ? "-" : "+") + pad(abs / 60, 2) + ":" + pad(abs % 60, 2);
    return date(t) + "T" + clock(t, ':') + "." + pad(t.getNano() / 1000, 6) + zone;
  }

  /** RFC 5424's timestamp in UTC with milliseconds: {@code 2026-03-02T00:00:05.120Z}. */
  static String rfc5424(long micros) {
    LocalDateTime t = utc(micros);
    return date(t) + "T" + clock(t, ':') + "." + pad(t.getNano() / 1_000_000, 3) + "Z";
  }

  /** The answers' human-readable UTC time, {@code yyyy-MM-dd HH:mm:ss}. */
  static String sql(long micros) {
    LocalDateTime t = utc(micros);
    return date(t) + " " + clock(t, ':');
  }

  /** Zeek's {@code #open} / {@code #close} header value, {@code 2026-03-02-00-00-00}. */
  static String zeekHeader(long micros) {
    LocalDateTime t = utc(micros);
    return date(t) + "-" + clock(t, '-');
  }

  /** {@code HH:mm:ss} of the day, as in rotated archive names. */
  static String timeOfDay(long micros) {
    return clock(utc(micros), ':');
  }

  /** {@code yyyy-MM-dd}. */
  static String day(long micros) {
    return date(utc(micros));
  }

  static long floor(long micros, long unit) {
    return Math.floorDiv(micros, unit) * unit;
  }

  static long ceil(long micros, long unit) {
    return -Math.floorDiv(-micros, unit) * unit;
  }
}
