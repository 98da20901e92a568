package io.zeekbeam.transforms.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses one syslog line, in whichever of the three shapes zeekbeam accepts, into a {@link
 * SyslogEvent}; a line that is not a record gives a {@link BadRecordException} whose message says
 * why. The shape is decided per line, so one file or topic may mix them:
 *
 * <ul>
 *   <li>a line starting with <code>{</code> is the JSON record that Kafka Connect's syslog source
 *       writes (type {@code CONNECT_JSON}; {@code timestamp} is epoch milliseconds, {@code tag}
 *       falls back to {@code appName}, a {@code structuredData} object or array is kept as its JSON
 *       text; other fields such as {@code rawMessage} or {@code level} have no place in the event);
 *   <li>{@code <PRI>} followed by a version number and a space is RFC 5424 (type {@code RFC5424});
 *       {@code -} is accepted for every header field, except that a record without TIMESTAMP has no
 *       event time and is rejected; STRUCTURED-DATA is kept as its raw text and a UTF-8 BOM before
 *       MSG is dropped;
 *   <li>anything else is RFC 3164 (type {@code RFC3164}), with or without {@code <PRI>}: {@code Mmm
 *       dd hh:mm:ss host tag[pid]: message}, the day padded by a space or a zero, the tag with or
 *       without {@code [pid]}; also the RFC 3339 timestamp that modern rsyslog writes in its place
 *       ({@code 2020-10-18T17:06:15.123456+02:00}). When the first word after the timestamp is
 *       already a tag ({@code sshd[1]:}, {@code [sshd]}), the line has no host.
 * </ul>
 *
 * <p>Event time is epoch milliseconds UTC. A second of 60 (a leap second) is read as 59.
 *
 * <p><b>Year and zone of RFC 3164 timestamps.</b> {@code Oct 13 07:03:37} has neither, so a parser
 * is made per file with a zone (local times are read in it; a time in a daylight-saving gap is
 * moved forward, an ambiguous one takes the earlier offset) and the year of the file's first line.
 * The parser is therefore stateful and belongs to one file read by one thread: it remembers the
 * month of the last year-less line, and when the month goes backwards by more than one month
 * (December to January) the year is incremented, so a file that spans New Year gets both years
 * right. A step back of one month is taken for lines written slightly out of order at a month
 * boundary, not for a new year. Lines that carry a year (RFC 3339, RFC 5424, JSON) neither use nor
 * change this state. When the user gives no year, {@link #inferFirstLineYear(Instant, String,
 * ZoneId)} chooses one from the file's last-modified time: the year of that time in the zone, minus
 * one if the first line's month is later than the month of that time (a file last written in
 * February whose first line is from November began the year before).
 */
public final class SyslogParser {
  public static final String TYPE_RFC3164 = "RFC3164";
  public static final String TYPE_RFC5424 = "RFC5424";
  public static final String TYPE_CONNECT_JSON = "CONNECT_JSON";

  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final int MAX_PRI = 191;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ZoneId zone;
  private int year;
  private int lastMonth;

  private SyslogParser(int firstLineYear, ZoneId zone) {
    if (firstLineYear < 1 || firstLineYear > 9998) {
      throw new IllegalArgumentException("first-line year " + firstLineYear + " is not a year");
    }
    this.zone = Objects.requireNonNull(zone, "zone");
    this.year = firstLineYear;
  }

  /**
   * A parser for one file whose year-less timestamps are local times in {@code zone} and whose
   * first year-less line is from {@code firstLineYear}.
   */
  public static SyslogParser forFile(int firstLineYear, ZoneId zone) {
    return new SyslogParser(firstLineYear, zone);
  }

  /** A parser for one file whose year-less timestamps are UTC. */
  public static SyslogParser forFile(int firstLineYear) {
    return new SyslogParser(firstLineYear, ZoneOffset.UTC);
  }

  /**
   * The year of a file's first line when the user gave none: the year of {@code lastModified} in
   * {@code zone}, minus one if {@code firstLineMonth} is later in the year than that time's month.
   */
  public static int inferFirstLineYear(Instant lastModified, Month firstLineMonth, ZoneId zone) {
    ZonedDateTime modified = lastModified.atZone(zone);
    return firstLineMonth.getValue() > modified.getMonthValue()
        ? modified.getYear() - 1
        : modified.getYear();
  }

  /**
   * As {@link #inferFirstLineYear(Instant, Month, ZoneId)}, reading the month from the file's first
   * line; a line without a year-less RFC 3164 timestamp gives the year of {@code lastModified}.
   */
  public static int inferFirstLineYear(Instant lastModified, String firstLine, ZoneId zone) {
    Optional<Month> month = yearlessMonth(firstLine);
    return month.isPresent()
        ? inferFirstLineYear(lastModified, month.get(), zone)
        : lastModified.atZone(zone).getYear();
  }

  /** The month of a year-less RFC 3164 timestamp at the start of {@code line}, if it has one. */
  static Optional<Month> yearlessMonth(String line) {
    if (line == null) {
      return Optional.empty();
    }
    int i = line.startsWith("\uFEFF") ? 1 : 0;
    if (i < line.length() && line.charAt(i) == '<') {
      int close = line.indexOf('>', i);
      if (close < 0 || close - i > 4) {
        return Optional.empty();
      }
      i = close + 1;
    }
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    if (i + 4 > line.length() || line.charAt(i + 3) != ' ') {
      return Optional.empty();
    }
    int month = monthNumber(line.substring(i, i + 3));
    return month == 0 ? Optional.empty() : Optional.of(Month.of(month));
  }

  /**
   * Parses one line. Trailing CR/LF and a UTF-8 BOM at the start are ignored. Never throws anything
   * but {@link BadRecordException} for bad input.
   */
  public SyslogEvent parse(String line) throws BadRecordException {
    if (line == null) {
      throw new BadRecordException("line is null");
    }
    int start = 0;
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    if (end > 0 && line.charAt(0) == '\uFEFF') {
      start = 1;
    }
    if (start >= end) {
      throw new BadRecordException("line is empty");
    }
    if (line.substring(start, end).isBlank()) {
      throw new BadRecordException("line is blank");
    }
    try {
      if (line.charAt(start) == '{') {
        return parseConnectJson(line.substring(start, end));
      }
      Cursor c = new Cursor(line, start, end);
      Integer pri = null;
      if (c.peek() == '<') {
        pri = readPri(c);
      }
      if (pri != null && startsWithVersion(c)) {
        return parse5424(c, pri);
      }
      return parse3164(c, pri);
    } catch (RuntimeException e) {
      throw new BadRecordException(
          "parser bug on this line, please report it: " + e.getClass().getName());
    }
  }

  private static int readPri(Cursor c) throws BadRecordException {
    int open = c.pos;
    int close = c.s.indexOf('>', open + 1);
    if (close < 0 || close >= c.end || close - open > 5) {
      throw new BadRecordException(
          "line starts with '<' but has no PRI of at most 3 digits closed by '>': "
              + Snippets.quote(c.s, open, c.end));
    }
    String digits = c.s.substring(open + 1, close);
    if (digits.isEmpty()) {
      throw new BadRecordException("PRI is empty: line starts with '<>'");
    }
    for (int i = 0; i < digits.length(); i++) {
      if (!isDigit(digits.charAt(i))) {
        throw new BadRecordException("PRI " + Snippets.quote(digits) + " is not a number");
      }
    }
    if (digits.length() > 3) {
      throw new BadRecordException("PRI " + digits + " has more than 3 digits");
    }
    int pri = Integer.parseInt(digits);
    if (pri > MAX_PRI) {
      throw new BadRecordException("PRI " + pri + " out of range 0.." + MAX_PRI);
    }
    c.pos = close + 1;
    if (c.atEnd()) {
      throw new BadRecordException("line has nothing after its PRI <" + digits + ">");
    }
    return pri;
  }

  /** RFC 5424 VERSION: a non-zero digit, at most two more digits, then a space. */
  private static boolean startsWithVersion(Cursor c) {
    int i = c.pos;
    if (i >= c.end || c.s.charAt(i) < '1' || c.s.charAt(i) > '9') {
      return false;
    }
    i++;
    while (i < c.end && i - c.pos < 3 && isDigit(c.s.charAt(i))) {
      i++;
    }
    return i < c.end && c.s.charAt(i) == ' ';
  }

  private SyslogEvent parse5424(Cursor c, int pri) throws BadRecordException {
    String version = c.token();
    if (!version.equals("1")) {
      throw new BadRecordException("RFC 5424 VERSION " + version + " is not supported (only 1)");
    }
    String timestamp = header5424(c, "TIMESTAMP");
    if (timestamp.equals("-")) {
      throw new BadRecordException(
          "RFC 5424 TIMESTAMP is the NILVALUE '-': the record has no event time");
    }
    long millis = parseRfc3339(timestamp, null, "RFC 5424 TIMESTAMP");
    String host = nil(header5424(c, "HOSTNAME"));
    String appName = nil(header5424(c, "APP-NAME"));
    String procId = nil(header5424(c, "PROCID"));
    String msgId = nil(header5424(c, "MSGID"));
    if (c.atEnd()) {
      throw new BadRecordException("RFC 5424 header ends before STRUCTURED-DATA");
    }
    String structuredData = readStructuredData(c);
    String message;
    if (c.atEnd()) {
      message = "";
    } else if (c.peek() == ' ') {
      c.pos++;
      if (!c.atEnd() && c.peek() == '\uFEFF') {
        c.pos++;
      }
      message = c.rest();
    } else {
      throw new BadRecordException(
          "RFC 5424 STRUCTURED-DATA is not followed by a space: "
              + Snippets.quote(c.s, c.pos, c.end));
    }
    return SyslogEvent.builder()
        .setTimestamp(millis)
        .setType(TYPE_RFC5424)
        .setHost(host)
        .setTag(appName)
        .setProcessId(procId)
        .setMessageId(msgId)
        .setStructuredData(structuredData)
        .setFacility(pri / 8)
        .setSeverity(pri % 8)
        .setMessage(message)
        .build();
  }

  private static String header5424(Cursor c, String field) throws BadRecordException {
    if (c.atEnd()) {
      throw new BadRecordException("RFC 5424 header ends before " + field);
    }
    if (c.peek() == ' ') {
      throw new BadRecordException(
          "RFC 5424 " + field + " is empty (two spaces in a row; use '-' for no value)");
    }
    return c.token();
  }

  private static @Nullable String nil(String field) {
    return field.equals("-") ? null : field;
  }

  /**
   * Reads {@code -} or one or more {@code [id param="value" ...]} elements and returns their raw
   * text. Inside a quoted value a backslash escapes the next character, so {@code \]} and {@code
   * \"} do not end anything.
   */
  private static @Nullable String readStructuredData(Cursor c) throws BadRecordException {
    char first = c.peek();
    if (first == '-' && (c.pos + 1 == c.end || c.s.charAt(c.pos + 1) == ' ')) {
      c.pos++;
      return null;
    }
    if (first != '[') {
      throw new BadRecordException(
          "RFC 5424 STRUCTURED-DATA must be '-' or start with '[': "
              + Snippets.quote(c.s, c.pos, c.end));
    }
    int start = c.pos;
    while (!c.atEnd() && c.peek() == '[') {
      int i = c.pos + 1;
      if (i >= c.end || c.s.charAt(i) == ']' || c.s.charAt(i) == ' ') {
        throw new BadRecordException("RFC 5424 SD-ELEMENT has an empty SD-ID");
      }
      boolean quoted = false;
      while (true) {
        if (i >= c.end) {
          throw new BadRecordException(
              "RFC 5424 SD-ELEMENT is not closed by ']': " + Snippets.quote(c.s, c.pos, c.end));
        }
        char ch = c.s.charAt(i);
        if (quoted) {
          if (ch == '\\') {
            i++;
          } else if (ch == '"') {
            quoted = false;
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ']') {
          break;
        }
        i++;
      }
      c.pos = i + 1;
    }
    return c.s.substring(start, c.pos);
  }

  private SyslogEvent parse3164(Cursor c, @Nullable Integer pri) throws BadRecordException {
    c.skipSpaces();
    if (c.atEnd()) {
      throw new BadRecordException("RFC 3164 line has no timestamp");
    }
    long millis;
    if (startsWithIsoDate(c)) {
      millis = parseRfc3339(c.token(), zone, "RFC 3339 timestamp");
    } else {
      millis = readYearlessTimestamp(c);
    }
    c.skipSpaces();
    if (c.atEnd()) {
      throw new BadRecordException(
          "RFC 3164 line ends after its timestamp: no host, tag or message");
    }
    String host = null;
    if (!firstWordIsTag(c)) {
      host = c.token();
      c.skipSpaces();
      if (c.atEnd()) {
        throw new BadRecordException("RFC 3164 line ends after its host: no tag or message");
      }
    }
    String tag = null;
    String pid = null;
    int i = c.pos;
    while (i < c.end && c.s.charAt(i) != ':' && c.s.charAt(i) != '[' && c.s.charAt(i) != ' ') {
      i++;
    }
    if (i < c.end && c.s.charAt(i) == '[') {
      int close = i + 1;
      while (close < c.end && c.s.charAt(close) != ']' && c.s.charAt(close) != ' ') {
        close++;
      }
      if (close < c.end && c.s.charAt(close) == ']') {
        tag = c.s.substring(c.pos, i);
        pid = c.s.substring(i + 1, close);
        if (tag.isEmpty()) {
          tag = pid;
          pid = null;
        }
        c.pos = close + 1;
        c.skipIf(':');
        c.skipIf(' ');
      }
    } else if (i < c.end && c.s.charAt(i) == ':') {
      tag = c.s.substring(c.pos, i);
      c.pos = i + 1;
      c.skipIf(' ');
    }
    return SyslogEvent.builder()
        .setTimestamp(millis)
        .setType(TYPE_RFC3164)
        .setHost(host)
        .setTag(emptyToNull(tag))
        .setProcessId(emptyToNull(pid))
        .setFacility(pri == null ? null : pri / 8)
        .setSeverity(pri == null ? null : pri % 8)
        .setMessage(c.rest())
        .build();
  }

  /**
   * True when the word after the timestamp is a tag rather than a host: it ends with {@code :} or
   * carries a {@code [pid]}. Hostnames contain neither; an IPv6 host does contain colons, so an
   * address literal is always a host.
   */
  private static boolean firstWordIsTag(Cursor c) {
    int i = c.pos;
    while (i < c.end && c.s.charAt(i) != ' ') {
      i++;
    }
    String word = c.s.substring(c.pos, i);
    if (IpLiterals.isIpv6(word)) {
      return false;
    }
    int open = word.indexOf('[');
    return word.endsWith(":") || (open >= 0 && (word.endsWith("]") || word.endsWith("]:")));
  }

  private static boolean startsWithIsoDate(Cursor c) {
    if (c.pos + 5 > c.end) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (!isDigit(c.s.charAt(c.pos + i))) {
        return false;
      }
    }
    return c.s.charAt(c.pos + 4) == '-';
  }

  /** Reads {@code Mmm dd hh:mm:ss[.fff]} and resolves it with the file's year and zone. */
  private long readYearlessTimestamp(Cursor c) throws BadRecordException {
    int start = c.pos;
    int i = start;
    while (i < c.end && isAsciiLetter(c.s.charAt(i))) {
      i++;
    }
    String word = c.s.substring(start, i);
    boolean monthShaped =
        word.length() >= 3
            && word.length() <= 9
            && i + 1 < c.end
            && c.s.charAt(i) == ' '
            && (c.s.charAt(i + 1) == ' ' || isDigit(c.s.charAt(i + 1)));
    if (!monthShaped) {
      throw new BadRecordException(
          "RFC 3164 line has no timestamp: it starts with " + Snippets.quote(c.s, start, c.end));
    }
    int month = monthNumber(word);
    if (month == 0) {
      throw new BadRecordException("month " + Snippets.quote(word) + " is not a month");
    }
    c.pos = i;
    c.skipSpaces();
    int dayStart = c.pos;
    while (!c.atEnd() && isDigit(c.peek()) && c.pos - dayStart < 3) {
      c.pos++;
    }
    if (c.pos == dayStart || c.pos - dayStart > 2 || (!c.atEnd() && c.peek() != ' ')) {
      throw new BadRecordException(
          "day "
              + Snippets.quote(c.s, dayStart, wordEnd(c, dayStart))
              + " is not a day of the month");
    }
    int day = Integer.parseInt(c.s.substring(dayStart, c.pos));
    if (day < 1 || day > 31) {
      throw new BadRecordException("day " + day + " out of range 1..31");
    }
    c.skipSpaces();
    int timeStart = c.pos;
    int timeEnd = wordEnd(c, timeStart);
    String time = c.s.substring(timeStart, timeEnd);
    if (time.isEmpty()) {
      throw new BadRecordException(
          "RFC 3164 timestamp is truncated: "
              + Snippets.quote(c.s, start, timeEnd)
              + " has no time");
    }
    if (time.length() < 8
        || !isTwoDigits(time, 0)
        || time.charAt(2) != ':'
        || !isTwoDigits(time, 3)
        || time.charAt(5) != ':'
        || !isTwoDigits(time, 6)) {
      throw new BadRecordException(
          "time "
              + Snippets.quote(time)
              + " is not hh:mm:ss (RFC 3164 timestamp is truncated or"
              + " malformed)");
    }
    int hour = Integer.parseInt(time.substring(0, 2));
    int minute = Integer.parseInt(time.substring(3, 5));
    int second = Integer.parseInt(time.substring(6, 8));
    int nanos = 0;
    if (time.length() > 8) {
      nanos = readFraction(time, 8, time.length(), "time", time);
    }
    checkTime(hour, minute, second);
    int candidateYear = year;
    if (lastMonth != 0 && lastMonth - month > 1) {
      candidateYear = year + 1;
    }
    LocalDateTime local;
    try {
      local =
          LocalDateTime.of(candidateYear, month, day, hour, minute, Math.min(second, 59), nanos);
    } catch (DateTimeException e) {
      throw new BadRecordException(
          "day "
              + day
              + " is not a day of "
              + Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH)
              + " "
              + candidateYear);
    }
    c.pos = timeEnd;
    year = candidateYear;
    lastMonth = month;
    return local.atZone(zone).toInstant().toEpochMilli();
  }

  private static void checkTime(int hour, int minute, int second) throws BadRecordException {
    if (hour > 23) {
      throw new BadRecordException("hour " + hour + " out of range 0..23");
    }
    if (minute > 59) {
      throw new BadRecordException("minute " + minute + " out of range 0..59");
    }
    if (second > 60) {
      throw new BadRecordException("second " + second + " out of range 0..60");
    }
  }

  /**
   * Parses {@code yyyy-mm-ddThh:mm:ss[.frac](Z|+hh:mm|-hh:mm)}. Without an offset the time is read
   * in {@code zone}; when {@code zone} is null the offset is required (RFC 5424).
   */
  private static long parseRfc3339(String text, @Nullable ZoneId zone, String what)
      throws BadRecordException {
    // Quoted only for a message: quoting every well-formed timestamp cost more than reading it.
    if (text.length() < 19) {
      throw new BadRecordException(what + " " + Snippets.quote(text) + " is truncated");
    }
    if (!isDigits(text, 0, 4)
        || text.charAt(4) != '-'
        || !isTwoDigits(text, 5)
        || text.charAt(7) != '-'
        || !isTwoDigits(text, 8)
        || (text.charAt(10) != 'T' && text.charAt(10) != 't')
        || !isTwoDigits(text, 11)
        || text.charAt(13) != ':'
        || !isTwoDigits(text, 14)
        || text.charAt(16) != ':'
        || !isTwoDigits(text, 17)) {
      throw new BadRecordException(what + " " + Snippets.quote(text) + " is not yyyy-mm-ddThh:mm:ss");
    }
    int i = 19;
    int nanos = 0;
    if (i < text.length() && text.charAt(i) == '.') {
      int fracEnd = i + 1;
      while (fracEnd < text.length() && isDigit(text.charAt(fracEnd))) {
        fracEnd++;
      }
      nanos = readFraction(text, i, fracEnd, what, text);
      i = fracEnd;
    }
    ZoneId at;
    if (i == text.length()) {
      if (zone == null) {
        throw new BadRecordException(what + " " + Snippets.quote(text) + " has no UTC offset");
      }
      at = zone;
    } else if ((text.charAt(i) == 'Z' || text.charAt(i) == 'z') && i + 1 == text.length()) {
      at = ZoneOffset.UTC;
    } else if ((text.charAt(i) == '+' || text.charAt(i) == '-')
        && i + 6 == text.length()
        && isTwoDigits(text, i + 1)
        && text.charAt(i + 3) == ':'
        && isTwoDigits(text, i + 4)) {
      int sign = text.charAt(i) == '-' ? -1 : 1;
      int offsetHours = Integer.parseInt(text.substring(i + 1, i + 3));
      int offsetMinutes = Integer.parseInt(text.substring(i + 4, i + 6));
      if (offsetHours > 18 || offsetMinutes > 59) {
        throw new BadRecordException(what + " " + Snippets.quote(text) + " has an impossible UTC offset");
      }
      at = ZoneOffset.ofHoursMinutes(sign * offsetHours, sign * offsetMinutes);
    } else {
      throw new BadRecordException(
          what + " " + Snippets.quote(text) + " does not end in Z or a +hh:mm/-hh:mm UTC offset");
    }
    int hour = Integer.parseInt(text.substring(11, 13));
    int minute = Integer.parseInt(text.substring(14, 16));
    int second = Integer.parseInt(text.substring(17, 19));
    checkTime(hour, minute, second);
    int month = Integer.parseInt(text.substring(5, 7));
    if (month < 1 || month > 12) {
      throw new BadRecordException(
          "month " + month + " out of range 1..12 in " + what + " " + Snippets.quote(text));
    }
    try {
      return LocalDateTime.of(
              Integer.parseInt(text.substring(0, 4)),
              month,
              Integer.parseInt(text.substring(8, 10)),
              hour,
              minute,
              Math.min(second, 59),
              nanos)
          .atZone(at)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      throw new BadRecordException(what + " " + Snippets.quote(text) + " is not a valid date: " + e.getMessage());
    }
  }

  /** Reads {@code .ddd...} (1 to 9 digits) at {@code from}, returning nanoseconds. */
  /** The fraction of {@code s} in [from, to) as nanoseconds; {@code what} and {@code source} name it. */
  private static int readFraction(String s, int from, int to, String what, String source)
      throws BadRecordException {
    int digits = to - from - 1;
    if (s.charAt(from) != '.' || digits < 1 || digits > 9 || !isDigits(s, from + 1, to)) {
      throw new BadRecordException(
          what + " " + Snippets.quote(source) + " has a malformed fraction of a second");
    }
    int value = Integer.parseInt(s.substring(from + 1, to));
    for (int d = digits; d < 9; d++) {
      value *= 10;
    }
    return value;
  }

  private static SyslogEvent parseConnectJson(String text) throws BadRecordException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String detail = String.valueOf(e.getOriginalMessage());
      if (detail.length() > 200) {
        detail = detail.substring(0, 200) + "...";
      }
      throw new BadRecordException("line starts with '{' but is not valid JSON: " + detail);
    }
    if (root == null || !root.isObject()) {
      throw new BadRecordException("line starts with '{' but is not a JSON object");
    }
    JsonNode ts = root.get("timestamp");
    if (ts == null || ts.isNull()) {
      throw new BadRecordException("Connect JSON record has no timestamp");
    }
    long millis;
    if (ts.isIntegralNumber() && ts.canConvertToLong()) {
      millis = ts.longValue();
    } else if (ts.isTextual() && isEpochMillisText(ts.textValue())) {
      millis = Long.parseLong(ts.textValue());
    } else {
      throw new BadRecordException(
          "Connect JSON timestamp "
              + Snippets.quote(ts.toString())
              + " is not epoch milliseconds (an integer)");
    }
    JsonNode message = root.get("message");
    if (message == null || message.isNull()) {
      throw new BadRecordException("Connect JSON record has no message");
    }
    if (!message.isTextual()) {
      throw new BadRecordException("Connect JSON message is not a string");
    }
    String tag = text(root, "tag");
    if (tag == null) {
      tag = text(root, "appName");
    }
    return SyslogEvent.builder()
        .setTimestamp(millis)
        .setType(TYPE_CONNECT_JSON)
        .setHost(text(root, "host"))
        .setTag(tag)
        .setProcessId(text(root, "processId"))
        .setMessageId(text(root, "messageId"))
        .setStructuredData(text(root, "structuredData"))
        .setFacility(integer(root, "facility"))
        .setSeverity(integer(root, "severity"))
        .setRemoteAddress(text(root, "remoteAddress"))
        .setMessage(message.textValue())
        .build();
  }

  private static boolean isEpochMillisText(String s) {
    int from = s.startsWith("-") ? 1 : 0;
    return s.length() > from && s.length() - from <= 18 && isDigits(s, from, s.length());
  }

  /** A field as text: scalars as written, objects and arrays as compact JSON, null as null. */
  private static @Nullable String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    return node.isValueNode() ? node.asText() : node.toString();
  }

  private static @Nullable Integer integer(JsonNode root, String field) throws BadRecordException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node.intValue();
    }
    if (node.isTextual()
        && !node.textValue().isEmpty()
        && node.textValue().length() < 10
        && isDigits(node.textValue(), 0, node.textValue().length())) {
      return Integer.parseInt(node.textValue());
    }
    throw new BadRecordException(
        "Connect JSON field '" + field + "' is not an integer: " + Snippets.quote(node.toString()));
  }

  private static int monthNumber(String word) {
    if (word.length() != 3) {
      return 0;
    }
    String lower = word.toLowerCase(Locale.ROOT);
    for (int m = 0; m < MONTHS.length; m++) {
      if (MONTHS[m].equals(lower)) {
        return m + 1;
      }
    }
    return 0;
  }

  private static int wordEnd(Cursor c, int from) {
    int i = from;
    while (i < c.end && c.s.charAt(i) != ' ') {
      i++;
    }
    return i;
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigits(String s, int from, int to) {
    if (to > s.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTwoDigits(String s, int at) {
    return isDigits(s, at, at + 2);
  }

  /** A position in the line being parsed, never past {@code end} (CR/LF already cut off). */
  private static final class Cursor {
    final String s;
    final int end;
    int pos;

    Cursor(String s, int pos, int end) {
      this.s = s;
      this.pos = pos;
      this.end = end;
    }

    boolean atEnd() {
      return pos >= end;
    }

    char peek() {
      return s.charAt(pos);
    }

    void skipSpaces() {
      while (pos < end && s.charAt(pos) == ' ') {
        pos++;
      }
    }

    void skipIf(char c) {
      if (pos < end && s.charAt(pos) == c) {
        pos++;
      }
    }

    /** The text up to the next space or the end; consumes one following space. */
    String token() {
      int start = pos;
      while (pos < end && s.charAt(pos) != ' ') {
        pos++;
      }
      String t = s.substring(start, pos);
      skipIf(' ');
      return t;
    }

    String rest() {
      String r = s.substring(pos, end);
      pos = end;
      return r;
    }
  }
}
