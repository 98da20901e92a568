package io.zeekbeam.benchmarks;

/** The small CSV dialect the contenders' outputs share: an unset value is an empty field. */
final class Csv {
  private Csv() {}

  static String field(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** The last field of a row, which every contender's output keeps numeric (the byte sum). */
  static long lastLong(String row) {
    return Long.parseLong(row.substring(row.lastIndexOf(',') + 1).trim());
  }
}
