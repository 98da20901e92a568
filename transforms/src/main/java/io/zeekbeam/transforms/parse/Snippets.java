package io.zeekbeam.transforms.parse;

/**
 * Quotes a piece of bad input for a dead-letter reason. Reasons are read by people and stored with
 * every bad record, so a quote is short (a multi-megabyte line must not be copied into its own
 * reason) and shows control characters as escapes rather than writing them raw.
 */
final class Snippets {
  static final int MAX_QUOTED = 40;

  private Snippets() {}

  static String quote(String s) {
    return quote(s, 0, s.length());
  }

  static String quote(String s, int from, int to) {
    StringBuilder b = new StringBuilder("'");
    int stop = Math.min(to, from + MAX_QUOTED);
    for (int i = from; i < stop; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\uFEFF') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('\'');
    if (stop < to) {
      b.append("... (").append(to - from).append(" chars)");
    }
    return b.toString();
  }
}
