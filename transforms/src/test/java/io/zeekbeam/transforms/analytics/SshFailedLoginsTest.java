package io.zeekbeam.transforms.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.SshFailedLogin;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.transforms.errors.BadRecordException;
import io.zeekbeam.transforms.parse.SyslogParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Analytic 7 over real-looking syslog lines (read by {@link SyslogParser}), once bounded and once
 * as an out-of-order stream, with the same expected rows; each expected row is built from the line
 * the test wrote.
 */
class SshFailedLoginsTest {
  private static final String HOST = "deb9-LAN";

  /** A syslog line the test feeds in, and the row it must give (null: none). */
  private record Case(SyslogEvent event, SshFailedLogin expected) {}

  private final List<Case> cases = new ArrayList<>();
  private final SyslogParser parser = SyslogParser.forFile(2026);

  private SyslogEvent event(String line) {
    try {
      return parser.parse(line);
    } catch (BadRecordException e) {
      throw new AssertionError("the test's own line does not parse: " + line, e);
    }
  }

  /** A line of {@code HOST} with tag {@code tag} at Oct 18 17:06:{second} 2026 UTC. */
  private static String line(int second, String tag, String message) {
    return String.format(
        "Oct 18 17:06:%02d %s %s[%d]: %s", second, HOST, tag, 4000 + second, message);
  }

  private void expect(
      String line,
      String kind,
      String user,
      String srcIp,
      Integer srcPort,
      int count,
      String eventTime) {
    SyslogEvent e = event(line);
    cases.add(
        new Case(
            e,
            SshFailedLogin.builder()
                .setUser(user)
                .setSrcIp(srcIp)
                .setSrcPort(srcPort)
                .setKind(kind)
                .setCount(count)
                .setHost(e.getHost())
                .setTag(e.getTag())
                .setMessage(e.getMessage())
                .setTimestamp(e.getTimestamp())
                .setEventTime(eventTime)
                .build()));
  }

  private void ignore(String line) {
    cases.add(new Case(event(line), null));
  }

  private void addCases() {
    expect(
        line(15, "sshd", "Invalid user ralphie from 192.168.1.183 port 56350"),
        "INVALID_USER",
        "ralphie",
        "192.168.1.183",
        56350,
        1,
        "2026-10-18 17:06:15");
    expect(
        line(
            16,
            "sshd",
            "Failed password for invalid user ralphie from 192.168.1.183 port 56350 ssh2"),
        "FAILED_PASSWORD",
        "ralphie",
        "192.168.1.183",
        56350,
        1,
        "2026-10-18 17:06:16");
    expect(
        line(
            17, "sshd", "Failed keyboard-interactive/pam for root from 2001:db8::7 port 2222 ssh2"),
        "FAILED_OTHER",
        "root",
        "2001:db8::7",
        2222,
        1,
        "2026-10-18 17:06:17");
    expect(
        line(18, "sshd", "Connection closed by invalid user admin 2001:db8::7 port 2223 [preauth]"),
        "CLOSED_PREAUTH",
        "admin",
        "2001:db8::7",
        2223,
        1,
        "2026-10-18 17:06:18");
    expect(
        line(19, "sshd", "Invalid user webmaster from 173.234.31.186"),
        "INVALID_USER",
        "webmaster",
        "173.234.31.186",
        null,
        1,
        "2026-10-18 17:06:19");
    expect(
        line(
            20,
            "sshd",
            "message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393"
                + " ssh2]"),
        "FAILED_PASSWORD",
        "root",
        "5.36.59.76",
        42393,
        5,
        "2026-10-18 17:06:20");
    // The client chose the user name "a from 1.2.3.4 port 5 b"; sshd's own source comes last.
    expect(
        line(
            21,
            "sshd",
            "Failed password for invalid user a from 1.2.3.4 port 5 b from 203.0.113.50 port 60000"
                + " ssh2"),
        "FAILED_PASSWORD",
        "a from 1.2.3.4 port 5 b",
        "203.0.113.50",
        60000,
        1,
        "2026-10-18 17:06:21");
    expect(
        line(
            22,
            "sshd-session",
            "Disconnected from authenticating user root 192.0.2.6 port 33553 [preauth]"),
        "CLOSED_PREAUTH",
        "root",
        "192.0.2.6",
        33553,
        1,
        "2026-10-18 17:06:22");
    expect(
        line(23, "sshd", "Failed hostbased for dan from 127.0.0.1 port 45785 ssh2"),
        "FAILED_OTHER",
        "dan",
        "127.0.0.1",
        45785,
        1,
        "2026-10-18 17:06:23");
    // EVENT_TIME is UTC and drops the milliseconds (never rounds them up).
    expect(
        "<38>1 2026-03-02T01:30:05.999+02:00 host2 sshd 1235 - - Invalid user eve from 2001:db8::8"
            + " port 22",
        "INVALID_USER",
        "eve",
        "2001:db8::8",
        22,
        1,
        "2026-03-01 23:30:05");
    ignore(line(24, "su", "Invalid user bob from 10.0.0.1 port 22"));
    ignore(line(25, "sshd2", "Invalid user bob from 10.0.0.1 port 22"));
    ignore(
        line(
            26, "sshd", "Failed publickey for git from 192.0.2.1 port 57904 ssh2: ECDSA SHA256:x"));
    ignore(line(27, "sshd", "Failed none for invalid user 0 from 5.188.10.180 port 49811 ssh2"));
    ignore(line(28, "sshd", "Accepted password for bob from 10.0.0.2 port 50000 ssh2"));
    ignore(line(29, "sshd", "Connection closed by 192.0.2.212 port 4711 [preauth]"));
  }

  private List<TimestampedValue<SyslogEvent>> inputs() {
    List<TimestampedValue<SyslogEvent>> inputs = new ArrayList<>();
    for (Case c : cases) {
      inputs.add(TimestampedValue.of(c.event(), new Instant(c.event().getTimestamp())));
    }
    return inputs;
  }

  /** The expected rows, each at its input's event time. */
  private List<TimestampedValue<SshFailedLogin>> expected() {
    List<TimestampedValue<SshFailedLogin>> expected = new ArrayList<>();
    for (Case c : cases) {
      if (c.expected() != null) {
        expected.add(TimestampedValue.of(c.expected(), new Instant(c.event().getTimestamp())));
      }
    }
    return expected;
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
  }

  private static Coder<SyslogEvent> syslogCoder(Pipeline p) throws Exception {
    return p.getSchemaRegistry().getSchemaCoder(SyslogEvent.class);
  }

  private static void run(Pipeline p) {
    TestPipeline.verifyPAssertsSucceeded(p, p.run());
  }

  @Test
  void everyKindOnceBounded() throws Exception {
    addCases();
    Pipeline p = pipeline();
    PCollection<SshFailedLogin> out =
        p.apply(Create.timestamped(inputs()).withCoder(syslogCoder(p)))
            .apply(SshFailedLogins.create());
    PAssert.that(out.apply(Reify.timestamps())).containsInAnyOrder(expected());
    run(p);
  }

  @Test
  void everyKindOnceOutOfOrderStream() throws Exception {
    addCases();
    Pipeline p = pipeline();
    PCollection<SshFailedLogin> out =
        p.apply(OutOfOrder.stream(syslogCoder(p), inputs(), 7)).apply(SshFailedLogins.create());
    PAssert.that(out.apply(Reify.timestamps())).containsInAnyOrder(expected());
    run(p);
  }

  @Test
  void aRecordBehindTheWatermarkStillCounts() throws Exception {
    SyslogEvent late = event(line(1, "sshd", "Invalid user late from 192.0.2.99 port 1"));
    SyslogEvent onTime = event(line(59, "sshd", "Invalid user early from 192.0.2.98 port 2"));
    Pipeline p = pipeline();
    TestStream<SyslogEvent> stream =
        TestStream.create(syslogCoder(p))
            .addElements(TimestampedValue.of(onTime, new Instant(onTime.getTimestamp())))
            .advanceWatermarkTo(new Instant(onTime.getTimestamp()).plus(Duration.standardHours(1)))
            .addElements(TimestampedValue.of(late, new Instant(late.getTimestamp())))
            .advanceWatermarkToInfinity();
    PCollection<SshFailedLogin> out = p.apply(stream).apply(SshFailedLogins.create());
    // Stateless: nothing is grouped, so there is no window for the late record to miss.
    PAssert.that(out.apply(Reify.timestamps()))
        .satisfies(
            rows -> {
              List<String> users = new ArrayList<>();
              rows.forEach(r -> users.add(r.getValue().getUser()));
              assertEquals(2, users.size(), users.toString());
              assertTrue(users.containsAll(List.of("late", "early")), users.toString());
              return null;
            });
    run(p);
  }

  @Test
  void tagsAreConfigurable() throws Exception {
    SyslogEvent classic = event(line(1, "sshd", "Invalid user a from 192.0.2.1 port 1"));
    SyslogEvent session = event(line(2, "sshd-session", "Invalid user b from 192.0.2.2 port 2"));
    SyslogEvent renamed = event(line(3, "openssh", "Invalid user c from 192.0.2.3 port 3"));
    Pipeline p = pipeline();
    PCollection<SyslogEvent> in =
        p.apply(
            Create.timestamped(
                    Arrays.asList(
                        TimestampedValue.of(classic, new Instant(classic.getTimestamp())),
                        TimestampedValue.of(session, new Instant(session.getTimestamp())),
                        TimestampedValue.of(renamed, new Instant(renamed.getTimestamp()))))
                .withCoder(syslogCoder(p)));
    PCollection<SshFailedLogin> walkthrough =
        in.apply("OnlySshd", SshFailedLogins.create().withSshdTags("sshd"));
    PCollection<SshFailedLogin> widened =
        in.apply(
            "SshdAndOpenssh", SshFailedLogins.create().withSshdTags(List.of("sshd", "openssh")));
    PAssert.that(walkthrough)
        .satisfies(
            rows -> {
              List<String> users = new ArrayList<>();
              rows.forEach(r -> users.add(r.getUser()));
              assertEquals(List.of("a"), users);
              return null;
            });
    PAssert.that(widened)
        .satisfies(
            rows -> {
              List<String> users = new ArrayList<>();
              rows.forEach(r -> users.add(r.getUser()));
              users.sort(String::compareTo);
              assertEquals(List.of("a", "c"), users);
              return null;
            });
    run(p);
  }

  @Test
  void badTagOptionsAreRefusedWithAReason() throws Exception {
    Pipeline p = pipeline();
    PCollection<SyslogEvent> in = p.apply(Create.empty(syslogCoder(p)));
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () -> in.apply("NoTags", SshFailedLogins.create().withSshdTags(List.of())));
    assertTrue(none.getMessage().contains("withSshdTags(\"sshd\")"), none.getMessage());
    IllegalArgumentException blank =
        assertThrows(
            IllegalArgumentException.class,
            () -> in.apply("BlankTag", SshFailedLogins.create().withSshdTags("sshd", " ")));
    assertTrue(blank.getMessage().contains("the tag ' '"), blank.getMessage());
    IllegalArgumentException nullTag =
        assertThrows(
            IllegalArgumentException.class,
            () -> in.apply("NullTag", SshFailedLogins.create().withSshdTags("sshd", null)));
    assertTrue(nullTag.getMessage().contains("a null tag"), nullTag.getMessage());
  }

  @Test
  void eventTimeIsUtcSecondsWithoutRounding() {
    assertEquals("1970-01-01 00:00:00", Timestamps.toUtcSeconds(0));
    assertEquals("1969-12-31 23:59:59", Timestamps.toUtcSeconds(-1));
    assertEquals("2020-10-18 17:06:15", Timestamps.toUtcSeconds(1603040775999L));
  }
}
