package io.zeekbeam.pipelines.generate;

/**
 * One line of the sshd syslog file, and what the {@code ssh-failed-logins} analytic must make of
 * it. The generator knows that by construction (it wrote the message), so the answers do not depend
 * on a parser.
 *
 * @param micros the header timestamp, epoch microseconds (whole milliseconds)
 * @param style how the header is written
 * @param offsetMinutes the host's UTC offset in an RFC 3339 header
 * @param failure the expected {@code ssh-failed-logins} record, or null when the line is none
 */
record SyslogLine(
    long micros,
    Style style,
    int offsetMinutes,
    String host,
    String tag,
    int pid,
    String message,
    Failure failure) {

  /** The header shapes. Both carry the year, so answers never depend on a guessed year. */
  enum Style {
    /** {@code 2026-03-02T00:00:01.000000+00:00 host sshd[1234]: ...}, rsyslog's file format. */
    RFC3339,
    /** {@code <38>1 2026-03-02T00:00:05.000Z host sshd 1235 - - ...}. */
    RFC5424
  }

  /** The failed login the line reports. */
  record Failure(String user, String srcIp, Integer srcPort, String kind, int count) {
    static final String INVALID_USER = "INVALID_USER";
    static final String FAILED_PASSWORD = "FAILED_PASSWORD";
    static final String FAILED_OTHER = "FAILED_OTHER";
    static final String CLOSED_PREAUTH = "CLOSED_PREAUTH";

    /** Whether the kind counts towards {@code ssh-brute-force}. */
    boolean countsAsAttempt() {
      return !kind.equals(CLOSED_PREAUTH);
    }
  }

  /** The line as written. */
  String format() {
    if (style == Style.RFC5424) {
      // facility auth (4), severity info (6)
      return "<38>1 "
          + Times.rfc5424(micros)
          + " "
          + host
          + " "
          + tag
          + " "
          + pid
          + " - - "
          + message;
    }
    return Times.rfc3339(micros, offsetMinutes)
        + " "
        + host
        + " "
        + tag
        + "["
        + pid
        + "]: "
        + message;
  }
}
