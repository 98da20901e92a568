package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogParserTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static long utc(int year, int month, int day, int hour, int minute, int second) {
    return LocalDateTime.of(year, month, day, hour, minute, second)
        .toInstant(ZoneOffset.UTC)
        .toEpochMilli();
  }

  private static SyslogEvent parse(String line) throws BadRecordException {
    return SyslogParser.forFile(2020).parse(line);
  }

  private static String reasonFor(String line) {
    return reasonFor(SyslogParser.forFile(2020), line);
  }

  private static String reasonFor(SyslogParser parser, String line) {
    BadRecordException e = assertThrows(BadRecordException.class, () -> parser.parse(line));
    return e.getMessage();
  }

  @Test
  void rfc3164WithPri() throws Exception {
    SyslogEvent e = parse("<38>Oct 13 07:03:37 clonehost0 sshd[16114]: Invalid user x from ::1");
    assertEquals(utc(2020, 10, 13, 7, 3, 37), e.getTimestamp());
    assertEquals("RFC3164", e.getType());
    assertEquals("clonehost0", e.getHost());
    assertEquals("sshd", e.getTag());
    assertEquals("16114", e.getProcessId());
    assertEquals(4, e.getFacility(), "38 = facility 4 (auth) * 8 + severity 6 (info)");
    assertEquals(6, e.getSeverity());
    assertEquals("Invalid user x from ::1", e.getMessage());
    assertNull(e.getMessageId());
    assertNull(e.getStructuredData());
    assertNull(e.getRemoteAddress());
  }

  @Test
  void rfc3164WithoutPri() throws Exception {
    SyslogEvent e =
        SyslogParser.forFile(2015)
            .parse("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186");
    assertEquals(utc(2015, 12, 10, 6, 55, 46), e.getTimestamp());
    assertEquals("LabSZ", e.getHost());
    assertEquals("sshd", e.getTag());
    assertEquals("24200", e.getProcessId());
    assertNull(e.getFacility());
    assertNull(e.getSeverity());
    assertEquals("Invalid user webmaster from 173.234.31.186", e.getMessage());
  }

  @Test
  void dayPaddedBySpaceOrZeroOrNotAtAll() throws Exception {
    assertEquals(
        utc(2020, 1, 5, 1, 31, 41), parse("Jan  5 01:31:41 www sshd[1643]: m").getTimestamp());
    assertEquals(
        utc(2020, 7, 5, 18, 22, 44), parse("Jul 05 18:22:44 h sshd[4669]: m").getTimestamp());
    assertEquals(utc(2020, 2, 7, 16, 1, 7), parse("Feb 7 16:01:07 h sshd[5106]: m").getTimestamp());
  }

  @Test
  void monthNamesIgnoreCase() throws Exception {
    assertEquals(utc(2020, 3, 1, 0, 0, 0), parse("MAR  1 00:00:00 h t: m").getTimestamp());
  }

  @Test
  void fractionOfASecondIsKept() throws Exception {
    assertEquals(utc(2020, 3, 1, 0, 0, 0) + 250, parse("Mar  1 00:00:00.25 h t: m").getTimestamp());
  }

  @Test
  void tagWithoutPid() throws Exception {
    SyslogEvent e = parse("Jun 14 15:16:01 combo kernel: Linux version 2.6.5");
    assertEquals("combo", e.getHost());
    assertEquals("kernel", e.getTag());
    assertNull(e.getProcessId());
    assertEquals("Linux version 2.6.5", e.getMessage());
  }

  @Test
  void tagWithParenthesesAndPid() throws Exception {
    SyslogEvent e = parse("Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown");
    assertEquals("sshd(pam_unix)", e.getTag());
    assertEquals("19937", e.getProcessId());
    assertEquals("check pass; user unknown", e.getMessage());
  }

  @Test
  void lineWithoutTagKeepsTheWholeContentAsMessage() throws Exception {
    SyslogEvent e = parse("Jun 19 04:09:11 combo syslogd 1.4.1: restart.");
    assertEquals("combo", e.getHost());
    assertNull(e.getTag());
    assertEquals("syslogd 1.4.1: restart.", e.getMessage());
    SyslogEvent dashes = parse("Jul  7 08:06:15 combo  -- root[2421]: ROOT LOGIN ON tty2");
    assertEquals("combo", dashes.getHost());
    assertNull(dashes.getTag());
    assertEquals("-- root[2421]: ROOT LOGIN ON tty2", dashes.getMessage());
  }

  @Test
  void lineWithoutHost() throws Exception {
    SyslogEvent pid = parse("Feb 17 17:40:17 sshd[19725]: Connection from 192.0.2.10 port 62004");
    assertNull(pid.getHost());
    assertEquals("sshd", pid.getTag());
    assertEquals("19725", pid.getProcessId());
    assertEquals("Connection from 192.0.2.10 port 62004", pid.getMessage());
    SyslogEvent bracketed = parse("Mar  3 00:17:22 [sshd]: User root from 1.2.3.4 not allowed");
    assertNull(bracketed.getHost());
    assertEquals("sshd", bracketed.getTag());
    assertNull(bracketed.getProcessId());
    assertEquals("User root from 1.2.3.4 not allowed", bracketed.getMessage());
    SyslogEvent noColon = parse("Jun 25 23:53:34 [sshd] User root from 1.2.3.4 not allowed");
    assertNull(noColon.getHost());
    assertEquals("sshd", noColon.getTag());
    assertEquals("User root from 1.2.3.4 not allowed", noColon.getMessage());
  }

  @Test
  void ipv6HostIsAHostNotATag() throws Exception {
    SyslogEvent e = parse("Oct 13 07:03:37 2001:db8::7 sshd[1]: m");
    assertEquals("2001:db8::7", e.getHost());
    assertEquals("sshd", e.getTag());
    assertEquals("m", e.getMessage());
  }

  @Test
  void headerWithEmptyMessage() throws Exception {
    assertEquals("", parse("Oct 13 07:03:37 host sshd[1]:").getMessage());
  }

  @Test
  void rfc3339TimestampVariant() throws Exception {
    String ts = "2020-10-18T17:06:15.123456+02:00";
    SyslogEvent e = parse(ts + " deb9-LAN sshd[1]: Invalid user ralphie from 192.168.1.183");
    assertEquals(OffsetDateTime.parse(ts).toInstant().toEpochMilli(), e.getTimestamp());
    assertEquals("RFC3164", e.getType());
    assertEquals("deb9-LAN", e.getHost());
    assertEquals("sshd", e.getTag());
    assertEquals("1", e.getProcessId());
    assertEquals("Invalid user ralphie from 192.168.1.183", e.getMessage());
    SyslogEvent zulu = parse("<38>2015-04-16T18:02:50Z host sshd[2716]: m");
    assertEquals(utc(2015, 4, 16, 18, 2, 50), zulu.getTimestamp());
    assertEquals(4, zulu.getFacility());
  }

  @Test
  void rfc3339WithoutOffsetIsReadInTheFileZone() throws Exception {
    SyslogEvent e = SyslogParser.forFile(2020, NEW_YORK).parse("2020-07-01T12:00:00 h t: m");
    assertEquals(
        LocalDateTime.of(2020, 7, 1, 12, 0).atZone(NEW_YORK).toInstant().toEpochMilli(),
        e.getTimestamp());
  }

  @Test
  void yearlessTimesAreReadInTheFileZone() throws Exception {
    SyslogParser parser = SyslogParser.forFile(2020, NEW_YORK);
    long winter = parser.parse("Jan 15 10:00:00 h t: m").getTimestamp();
    long summer = parser.parse("Jul 15 10:00:00 h t: m").getTimestamp();
    assertEquals(utc(2020, 1, 15, 15, 0, 0), winter, "EST is UTC-5");
    assertEquals(utc(2020, 7, 15, 14, 0, 0), summer, "EDT is UTC-4");
  }

  @Test
  void leapSecondIsReadAsTheSecondBefore() throws Exception {
    assertEquals(
        utc(2016, 12, 31, 23, 59, 59),
        SyslogParser.forFile(2016).parse("Dec 31 23:59:60 h t: m").getTimestamp());
  }

  @Test
  void yearRollsOverWhenTheMonthGoesBackToJanuary() throws Exception {
    SyslogParser parser = SyslogParser.forFile(2019);
    assertEquals(
        utc(2019, 12, 31, 23, 59, 59), parser.parse("Dec 31 23:59:59 h t: a").getTimestamp());
    assertEquals(utc(2020, 1, 1, 0, 0, 1), parser.parse("Jan  1 00:00:01 h t: b").getTimestamp());
    assertEquals(utc(2020, 3, 1, 0, 0, 0), parser.parse("Mar  1 00:00:00 h t: c").getTimestamp());
    assertEquals(
        utc(2020, 2, 29, 23, 59, 59),
        parser.parse("Feb 29 23:59:59 h t: late line").getTimestamp(),
        "one month back is a line written out of order, not a new year");
    assertEquals(utc(2020, 11, 1, 0, 0, 0), parser.parse("Nov  1 00:00:00 h t: d").getTimestamp());
    assertEquals(utc(2021, 2, 1, 0, 0, 0), parser.parse("Feb  1 00:00:00 h t: e").getTimestamp());
  }

  @Test
  void linesWithAYearDoNotMoveTheYearOfYearlessLines() throws Exception {
    SyslogParser parser = SyslogParser.forFile(2019);
    parser.parse("Dec 31 23:59:59 h t: a");
    parser.parse("<34>1 2030-01-01T00:00:00Z h app - - - m");
    assertEquals(
        utc(2019, 12, 31, 23, 59, 59), parser.parse("Dec 31 23:59:59 h t: a").getTimestamp());
  }

  @Test
  void badLineDoesNotMoveTheYear() throws Exception {
    SyslogParser parser = SyslogParser.forFile(2021);
    parser.parse("Dec 31 23:59:59 h t: a");
    assertThrows(BadRecordException.class, () -> parser.parse("Feb 29 00:00:00 h t: b"));
    assertEquals(utc(2021, 12, 31, 0, 0, 0), parser.parse("Dec 31 00:00:00 h t: c").getTimestamp());
  }

  @Test
  void firstLineYearFromLastModifiedTime() {
    Instant february2021 = Instant.parse("2021-02-10T12:00:00Z");
    assertEquals(
        2020, SyslogParser.inferFirstLineYear(february2021, Month.NOVEMBER, ZoneOffset.UTC));
    assertEquals(
        2021, SyslogParser.inferFirstLineYear(february2021, Month.FEBRUARY, ZoneOffset.UTC));
    assertEquals(
        2021, SyslogParser.inferFirstLineYear(february2021, Month.JANUARY, ZoneOffset.UTC));
    assertEquals(
        2020,
        SyslogParser.inferFirstLineYear(february2021, "Nov 30 10:00:00 h t: m", ZoneOffset.UTC));
    assertEquals(
        2020,
        SyslogParser.inferFirstLineYear(
            february2021, "\uFEFF<38>Dec  1 10:00:00 h t: m", ZoneOffset.UTC));
    assertEquals(
        2021,
        SyslogParser.inferFirstLineYear(
            february2021, "<34>1 2003-10-11T22:14:15.003Z h su - - - m", ZoneOffset.UTC),
        "a line with its own year needs none: the time's year");
    Instant newYearUtc = Instant.parse("2021-01-01T02:00:00Z");
    assertEquals(
        2020,
        SyslogParser.inferFirstLineYear(newYearUtc, Month.DECEMBER, NEW_YORK),
        "in New York that time is still 31 December 2020");
  }

  @Test
  void rfc5424FromTheRfc() throws Exception {
    String sd = "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]";
    SyslogEvent e =
        parse(
            "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 "
                + sd
                + " \uFEFF'su root' failed for lonvick on /dev/pts/8");
    assertEquals(utc(2003, 10, 11, 22, 14, 15) + 3, e.getTimestamp());
    assertEquals("RFC5424", e.getType());
    assertEquals("mymachine.example.com", e.getHost());
    assertEquals("su", e.getTag());
    assertNull(e.getProcessId());
    assertEquals("ID47", e.getMessageId());
    assertEquals(sd, e.getStructuredData());
    assertEquals(4, e.getFacility(), "34 = facility 4 (auth) * 8 + severity 2 (crit)");
    assertEquals(2, e.getSeverity());
    assertEquals("'su root' failed for lonvick on /dev/pts/8", e.getMessage());
  }

  @Test
  void rfc5424WithNilValuesEverywhereButTheTimestamp() throws Exception {
    SyslogEvent e = parse("<165>1 2003-08-24T05:14:15.000003-07:00 - - - - -");
    assertEquals(
        OffsetDateTime.parse("2003-08-24T05:14:15.000003-07:00").toInstant().toEpochMilli(),
        e.getTimestamp());
    assertNull(e.getHost());
    assertNull(e.getTag());
    assertNull(e.getProcessId());
    assertNull(e.getMessageId());
    assertNull(e.getStructuredData());
    assertEquals("", e.getMessage());
    assertEquals(20, e.getFacility());
    assertEquals(5, e.getSeverity());
  }

  @Test
  void rfc5424SeveralStructuredDataElementsWithEscapes() throws Exception {
    String first = "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\"]";
    String second = "[examplePriority@32473 class=\"high\" note=\"a \\] b \\\" c \\\\\"]";
    String third = "[timeQuality tzKnown=\"1\" isSynced=\"0\"][xxx@123 test=\"[brackets]\"]";
    SyslogEvent e =
        parse(
            "<38>1 2019-07-08T17:40:17.954167-04:00 h sshd 55555 - "
                + first
                + second
                + third
                + " Failed unknown for invalid user redmond from 192.0.2.2 port 55555 ssh2");
    assertEquals(first + second + third, e.getStructuredData());
    assertEquals("sshd", e.getTag());
    assertEquals("55555", e.getProcessId());
    assertEquals(
        "Failed unknown for invalid user redmond from 192.0.2.2 port 55555 ssh2", e.getMessage());
  }

  @Test
  void rfc5424StructuredDataWithoutMessage() throws Exception {
    SyslogEvent e = parse("<38>1 2019-07-08T17:40:17Z h a p m [x@1 k=\"v\"]");
    assertEquals("[x@1 k=\"v\"]", e.getStructuredData());
    assertEquals("", e.getMessage());
  }

  @Test
  void rfc5424Rejections() {
    assertTrue(reasonFor("<34>1 - h su - ID47 - m").contains("NILVALUE"));
    assertTrue(reasonFor("<34>2 2003-10-11T22:14:15Z h su - - - m").contains("VERSION 2"));
    assertTrue(reasonFor("<34>1 2003-10-11T22:14:15 h su - - - m").contains("no UTC offset"));
    assertTrue(reasonFor("<34>1 2003-10-11T22:14:15Z h su - - [x a=\"]").contains("not closed"));
    assertTrue(reasonFor("<34>1 2003-10-11T22:14:15Z h su - - [x]m").contains("not followed"));
    assertTrue(reasonFor("<34>1 2003-10-11T22:14:15Z h su - - junk").contains("'-' or start"));
    assertTrue(reasonFor("<34>1 2003-10-11T22:14:15Z h su").contains("ends before PROCID"));
    assertTrue(reasonFor("<34>1 2003-10-11T22:14:15Z  su - - - m").contains("HOSTNAME is empty"));
    assertTrue(reasonFor("<34>1 2003-13-11T22:14:15Z h su - - - m").contains("month 13"));
    assertTrue(reasonFor("<34>1 2003-02-30T22:14:15Z h su - - - m").contains("not a valid date"));
    assertTrue(reasonFor("<34>1 2003-10-11T22:14:15+25:00 h su - - - m").contains("offset"));
  }

  @Test
  void connectJson() throws Exception {
    String json =
        "{\"name\":null,\"type\":\"RFC3164\",\"message\":\"Invalid user ralphie from"
            + " 192.168.1.183 port 56350\",\"host\":\"deb9-LAN\",\"version\":null,\"level\":6,"
            + "\"tag\":\"sshd\",\"extension\":null,\"severity\":null,\"appName\":null,"
            + "\"facility\":4,\"remoteAddress\":\"172.18.1.9\",\"rawMessage\":\"<38>Oct 18"
            + " 17:06:15 deb9-LAN sshd[1]: ...\",\"processId\":2270,\"messageId\":null,"
            + "\"structuredData\":null,\"deviceVendor\":null,\"deviceProduct\":null,"
            + "\"deviceVersion\":null,\"deviceEventClassId\":null,\"timestamp\":1603040775000}";
    SyslogEvent e = parse(json);
    assertEquals(1603040775000L, e.getTimestamp());
    assertEquals("CONNECT_JSON", e.getType());
    assertEquals("deb9-LAN", e.getHost());
    assertEquals("sshd", e.getTag());
    assertEquals("2270", e.getProcessId());
    assertNull(e.getMessageId());
    assertNull(e.getStructuredData());
    assertEquals(4, e.getFacility());
    assertNull(e.getSeverity());
    assertEquals("172.18.1.9", e.getRemoteAddress());
    assertEquals("Invalid user ralphie from 192.168.1.183 port 56350", e.getMessage());
  }

  @Test
  void connectJsonTagFallsBackToAppNameAndKeepsStructuredDataAsJson() throws Exception {
    SyslogEvent e =
        parse(
            "{\"message\":\"m\",\"appName\":\"su\",\"timestamp\":\"5\",\"severity\":\"2\","
                + "\"structuredData\":[{\"id\":\"x@1\",\"k\":\"v\"}]}");
    assertEquals("su", e.getTag());
    assertEquals(5L, e.getTimestamp());
    assertEquals(2, e.getSeverity());
    assertEquals("[{\"id\":\"x@1\",\"k\":\"v\"}]", e.getStructuredData());
  }

  @Test
  void connectJsonRejections() {
    assertEquals("Connect JSON record has no timestamp", reasonFor("{\"message\":\"m\"}"));
    assertEquals(
        "Connect JSON record has no timestamp",
        reasonFor("{\"message\":\"m\",\"timestamp\":null}"));
    assertEquals("Connect JSON record has no message", reasonFor("{\"timestamp\":1}"));
    assertTrue(reasonFor("{\"message\":\"m\",\"timestamp\":1.5}").contains("not epoch milli"));
    assertTrue(reasonFor("{\"message\":\"m\",\"timestamp\":\"yesterday\"}").contains("not epoch"));
    assertTrue(reasonFor("{\"message\":3,\"timestamp\":1}").contains("not a string"));
    assertTrue(
        reasonFor("{\"message\":\"m\",\"timestamp\":1,\"facility\":\"auth\"}")
            .contains("'facility' is not an integer"));
    assertTrue(reasonFor("{\"message\":\"m\",").contains("not valid JSON"));
    assertTrue(
        reasonFor("{\"message\":\"m\",\"timestamp\":1} trailing").contains("not valid JSON"));
    assertTrue(reasonFor("{").contains("not valid JSON"));
  }

  @Test
  void specificReasons() {
    assertEquals("RFC 3164 line has no timestamp", reasonFor("<38>   "));
    assertTrue(reasonFor("hello world").startsWith("RFC 3164 line has no timestamp"));
    assertEquals("month 'Foo' is not a month", reasonFor("Foo 13 07:03:37 host sshd[1]: m"));
    assertEquals("PRI 999 out of range 0..191", reasonFor("<999>Oct 13 07:03:37 h t: m"));
    assertEquals("PRI 192 out of range 0..191", reasonFor("<192>Oct 13 07:03:37 h t: m"));
    assertEquals("PRI 'ab' is not a number", reasonFor("<ab>Oct 13 07:03:37 h t: m"));
    assertEquals("PRI 1234 has more than 3 digits", reasonFor("<1234>Oct 13 07:03:37 h t: m"));
    assertEquals("PRI is empty: line starts with '<>'", reasonFor("<>Oct 13 07:03:37 h t: m"));
    assertEquals("line has nothing after its PRI <38>", reasonFor("<38>"));
    assertTrue(reasonFor("<38").contains("no PRI"));
    assertEquals("day 32 out of range 1..31", reasonFor("Oct 32 07:03:37 h t: m"));
    assertEquals("day 0 out of range 1..31", reasonFor("Oct  0 07:03:37 h t: m"));
    assertTrue(reasonFor("Oct 1x 07:03:37 h t: m").contains("is not a day of the month"));
    assertEquals("day 30 is not a day of February 2020", reasonFor("Feb 30 07:03:37 h t: m"));
    assertEquals("hour 25 out of range 0..23", reasonFor("Oct 13 25:03:37 h t: m"));
    assertEquals("minute 61 out of range 0..59", reasonFor("Oct 13 07:61:37 h t: m"));
    assertEquals("second 61 out of range 0..60", reasonFor("Oct 13 07:03:61 h t: m"));
    assertTrue(reasonFor("Oct 13 7:03:37 h t: m").contains("is not hh:mm:ss"));
    assertTrue(reasonFor("Oct 13 07:03 h t: m").contains("is not hh:mm:ss"));
    assertEquals(
        "RFC 3164 line ends after its timestamp: no host, tag or message",
        reasonFor("Oct 13 07:03:37"));
    assertEquals(
        "RFC 3164 line ends after its host: no tag or message", reasonFor("Oct 13 07:03:37 host"));
    assertEquals("line is empty", reasonFor(""));
    assertEquals("line is empty", reasonFor("\r\n"));
    assertEquals("line is blank", reasonFor("  \t "));
    assertEquals("line is null", reasonFor(null));
  }

  @Test
  void leapDayOnlyInLeapYears() throws Exception {
    assertEquals(utc(2020, 2, 29, 0, 0, 0), parse("Feb 29 00:00:00 h t: m").getTimestamp());
    assertEquals(
        "day 29 is not a day of February 2021",
        reasonFor(SyslogParser.forFile(2021), "Feb 29 00:00:00 h t: m"));
  }

  @Test
  void crlfLeftoversAndByteOrderMarkAreIgnored() throws Exception {
    SyslogEvent crlf = parse("Oct 13 07:03:37 host sshd[1]: message\r");
    assertEquals("message", crlf.getMessage());
    SyslogEvent both = parse("\uFEFF<38>Oct 13 07:03:37 host sshd[1]: message\r\n");
    assertEquals("message", both.getMessage());
    assertEquals(4, both.getFacility());
    SyslogEvent json = parse("\uFEFF{\"message\":\"m\",\"timestamp\":7}\r");
    assertEquals(7L, json.getTimestamp());
    SyslogEvent rfc5424 = parse("\uFEFF<34>1 2003-10-11T22:14:15Z h su - - - m\r\n");
    assertEquals("m", rfc5424.getMessage());
  }

  @Test
  void multiMegabyteLines() throws Exception {
    String big = "x".repeat(4 * 1024 * 1024);
    SyslogEvent e = parse("Oct 13 07:03:37 host sshd[1]: " + big);
    assertEquals(big.length(), e.getMessage().length());
    SyslogEvent rfc5424 = parse("<34>1 2003-10-11T22:14:15Z h su - - - " + big);
    assertEquals(big.length(), rfc5424.getMessage().length());
    for (String hostile :
        List.of(
            big,
            "<" + big,
            "<38>" + big,
            "Oct 13 " + big,
            "<34>1 " + big,
            "<34>1 2003-10-11T22:14:15Z h su - - [" + big,
            "{\"message\":\"" + big)) {
      String reason = reasonFor(hostile);
      assertTrue(reason.length() < 300, "reason must quote, not copy: " + reason.length());
    }
  }

  @Test
  void everyTruncationOfAGoodLineParsesOrIsRejectedWithAReason() {
    List<String> lines =
        List.of(
            "<38>Oct 13 07:03:37 clonehost0 sshd[16114]: Invalid user ralphie from 192.168.1.100",
            "Jan  5 01:31:41 www sshd[1643]: ROOT LOGIN REFUSED FROM 1.2.3.4",
            "Mar  3 00:17:22 [sshd]: User root from 211.188.220.49 not allowed",
            "2020-10-18T17:06:15.123456+02:00 host sshd[1]: msg",
            "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 [exampleSDID@32473"
                + " iut=\"3\" a=\"\\]\\\"\"][b@1 c=\"d\"] \uFEFF'su root' failed",
            "{\"message\":\"m\",\"host\":\"h\",\"timestamp\":1603040775000,\"facility\":4}");
    for (String line : lines) {
      for (int n = 0; n <= line.length(); n++) {
        String prefix = line.substring(0, n);
        try {
          SyslogParser.forFile(2020).parse(prefix);
        } catch (BadRecordException e) {
          assertTrue(!e.getMessage().startsWith("parser bug"), prefix + " -> " + e.getMessage());
        } catch (RuntimeException e) {
          fail("unexpected " + e + " for " + prefix);
        }
      }
    }
  }

  @Test
  void oddCharactersAreRejectedOrParsedNeverThrown() {
    List<String> lines =
        List.of(
            "\u0000\u0001\u0002",
            "<\u0000>",
            "<38>\uFEFF",
            "Oct\t13 07:03:37 h t: m",
            "Oct 13 07:03:37.\u0663 h t: m",
            "Oct 13 07:03:37.1234567890 h t: m",
            "٢٠٢٠-10-18T17:06:15Z h t: m",
            "2020-10-18T17:06:15.Z h t: m",
            "2020-10-18T17:06:15+02 h t: m",
            "<34>1 2003-10-11T22:14:15Z h su - - [\u0000",
            "<34>1 2003-10-11T22:14:15Z h su - - [a b=\"\\",
            "<34>999 x",
            "1 2003-10-11T22:14:15Z h su - - - m",
            "{\"message\":\"m\",\"timestamp\":99999999999999999999999}",
            "Oct 13 07:03:37 fe80::1%eth0 sshd[1]: m",
            "Oct 13 07:03:37 h sshd[: m",
            "Oct 13 07:03:37 h sshd[1 : m",
            "Oct 13 07:03:37 h :m",
            "Oct 13 07:03:37 h []: m");
    for (String line : lines) {
      try {
        SyslogParser.forFile(2020).parse(line);
      } catch (BadRecordException e) {
        assertTrue(!e.getMessage().startsWith("parser bug"), line + " -> " + e.getMessage());
      } catch (RuntimeException e) {
        fail("unexpected " + e + " for " + line);
      }
    }
  }

  @Test
  void tagEdgeCases() throws Exception {
    SyslogEvent openBracket = parse("Oct 13 07:03:37 h sshd[1 rest");
    assertNull(openBracket.getTag());
    assertEquals("sshd[1 rest", openBracket.getMessage());
    SyslogEvent emptyTag = parse("Oct 13 07:03:37 h :m");
    assertNull(emptyTag.getTag());
    assertEquals("m", emptyTag.getMessage());
    SyslogEvent zoneScopedHost = parse("Oct 13 07:03:37 fe80::1%eth0 sshd[1]: m");
    assertEquals("fe80::1%eth0", zoneScopedHost.getHost());
    assertEquals("sshd", zoneScopedHost.getTag());
  }
}
