package io.zeekbeam.pipelines;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/** Durations as users write them: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT5S}. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text}; {@code option} names the option in the message of a mistake.
   *
   * @throws UsageException when the text is not a duration
   */
  public static Duration parse(String option, String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.millis(n);
        case "s":
          return Duration.standardSeconds(n);
        case "m":
          return Duration.standardMinutes(n);
        case "h":
          return Duration.standardHours(n);
        default:
          return Duration.standardDays(n);
      }
    }
    if (t.startsWith("pt") || t.startsWith("p")) {
      try {
        return Duration.millis(java.time.Duration.parse(t.toUpperCase(Locale.ROOT)).toMillis());
      } catch (java.time.format.DateTimeParseException e) {
        // fall through to the message below
      }
    }
    throw new UsageException(
        "--" + option + "=" + text + " is not a duration: write e.g. 500ms, 5s, 1m, 2h or PT5S");
  }
}
