package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.transforms.errors.BadRecordException;
import io.zeekbeam.transforms.parse.SshdFailure.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the syslog parser and the sshd recogniser over the real logs in /work/shared/data (loghub,
 * cp-zeek's syslog pcap). Each test is skipped when its file is not there.
 */
class SyslogRealDataTest {
  private static final Path DATA = Path.of("/work/shared/data");
  private static final Path OPENSSH = DATA.resolve("loghub/OpenSSH/OpenSSH_2k.log");
  private static final Path LINUX = DATA.resolve("loghub/Linux/Linux_2k.log");
  private static final Path CP_ZEEK_SYSLOG = DATA.resolve("cp-zeek/syslog_pcap_messages.tsv");

  /** The file's lines split at LF only, so that the CR of its CRLF endings stays on each line. */
  private static List<String> lines(Path file) throws Exception {
    assumeTrue(Files.exists(file), file + " is not here");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n")));
    lines.removeIf(String::isEmpty);
    return lines;
  }

  private static List<SyslogEvent> parseAll(List<String> lines, SyslogParser parser) {
    List<SyslogEvent> events = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (String line : lines) {
      try {
        events.add(parser.parse(line));
      } catch (BadRecordException e) {
        bad.add(e.getMessage() + ": " + line);
      }
    }
    assertEquals(List.of(), bad);
    return events;
  }

  @Test
  void everyLoghubOpenSshLineParses() throws Exception {
    List<String> lines = lines(OPENSSH);
    List<SyslogEvent> events = parseAll(lines, SyslogParser.forFile(2015));
    assertEquals(lines.size(), events.size());
    for (int i = 0; i < lines.size(); i++) {
      SyslogEvent e = events.get(i);
      assertEquals("LabSZ", e.getHost(), lines.get(i));
      assertEquals("sshd", e.getTag(), lines.get(i));
      assertTrue(lines.get(i).contains("]: " + e.getMessage()), lines.get(i));
      assertTrue(!e.getMessage().endsWith("\r"), "CR left in " + lines.get(i));
    }
    assertEquals(
        LocalDateTime.of(2015, 12, 10, 6, 55, 46).toInstant(ZoneOffset.UTC).toEpochMilli(),
        events.get(0).getTimestamp());
  }

  @Test
  void everyLoghubLinuxLineParses() throws Exception {
    List<String> lines = lines(LINUX);
    List<SyslogEvent> events = parseAll(lines, SyslogParser.forFile(2005));
    assertEquals(lines.size(), events.size());
    long withTag = events.stream().filter(e -> e.getTag() != null).count();
    long colonLines =
        lines.stream().filter(l -> l.split(" +", 5)[4].split(" ", 2)[0].endsWith(":")).count();
    assertEquals(colonLines, withTag, "every 'word:' after the host is a tag");
  }

  @Test
  void everyCpZeekPcapSyslogLineParsesAndAgreesWithThePacketTime() throws Exception {
    assumeTrue(Files.exists(CP_ZEEK_SYSLOG), CP_ZEEK_SYSLOG + " is not here");
    CsvSchema schema =
        CsvSchema.emptySchema().withHeader().withColumnSeparator('\t').withoutQuoteChar();
    List<Map<String, String>> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it =
        new CsvMapper()
            .readerForMapOf(String.class)
            .with(schema)
            .readValues(CP_ZEEK_SYSLOG.toFile())) {
      it.forEachRemaining(rows::add);
    }
    long dataLines =
        Files.readAllLines(CP_ZEEK_SYSLOG).stream().skip(1).filter(l -> !l.isBlank()).count();
    assertEquals(dataLines, rows.size());
    SyslogParser utcHosts = SyslogParser.forFile(2020, ZoneOffset.UTC);
    SyslogParser easternHost = SyslogParser.forFile(2020, ZoneOffset.ofHours(-5));
    int sshdFailures = 0;
    for (Map<String, String> row : rows) {
      String line = row.get("raw_syslog_line");
      assertNotNull(line);
      boolean eastern = line.contains(" deb9-LAN ");
      SyslogEvent e = (eastern ? easternHost : utcHosts).parse(line);
      long packetMillis = (long) (Double.parseDouble(row.get("pcap_ts_epoch")) * 1000);
      long lag = packetMillis - e.getTimestamp();
      assertTrue(lag >= 0 && lag < 2000, "syslog time is the second before the packet: " + line);
      int pri = Integer.parseInt(line.substring(1, line.indexOf('>')));
      assertEquals(pri / 8, e.getFacility(), line);
      assertEquals(pri % 8, e.getSeverity(), line);
      if (SshdMessages.isSshdTag(e.getTag()) && SshdMessages.parse(e.getMessage()).isPresent()) {
        sshdFailures++;
      }
    }
    long expected =
        rows.stream()
            .map(r -> r.get("raw_syslog_line"))
            .filter(
                l ->
                    l.contains("sshd[")
                        && (l.contains(": Invalid user ")
                            || l.contains(": Connection closed by invalid user ")
                            || l.contains(": Connection closed by authenticating user ")))
            .count();
    assertEquals(expected, sshdFailures);
  }

  @Test
  void loghubOpenSshFailureCountsMatchIndependentGrepCounts() throws Exception {
    List<String> lines = lines(OPENSSH);
    SyslogParser parser = SyslogParser.forFile(2015);
    Map<Kind, Integer> records = new EnumMap<>(Kind.class);
    Map<Kind, Integer> attempts = new EnumMap<>(Kind.class);
    for (String line : lines) {
      SyslogEvent e = parser.parse(line);
      Optional<SshdFailure> f = SshdMessages.parse(e.getMessage());
      if (f.isPresent()) {
        records.merge(f.get().getKind(), 1, Integer::sum);
        attempts.merge(f.get().getKind(), f.get().getCount(), Integer::sum);
        if (f.get().getKind() == Kind.FAILED_PASSWORD) {
          assertTrue(IpLiterals.isIpv4(f.get().getSrcIp()), line);
          assertNotNull(f.get().getSrcPort(), line);
        }
      }
    }
    int failedPasswordLines = 0;
    int failedPasswordAttempts = 0;
    int invalidUserLines = 0;
    int failedOtherLines = 0;
    int closedPreauthLines = 0;
    for (String line : lines) {
      if (line.contains("Failed password for ")) {
        failedPasswordLines++;
        int repeated = line.indexOf("message repeated ");
        failedPasswordAttempts +=
            repeated < 0 ? 1 : Integer.parseInt(line.substring(repeated).split(" ")[2]);
      }
      if (line.contains("]: Invalid user ")) {
        invalidUserLines++;
      }
      if (line.contains("Failed ")
          && !line.contains("Failed password ")
          && !line.contains("Failed publickey ")
          && !line.contains("Failed none ")
          && line.contains(" for ")) {
        failedOtherLines++;
      }
      if (line.contains("invalid user ")
          && line.contains("[preauth]")
          && (line.contains("Connection closed by") || line.contains("Disconnected from"))) {
        closedPreauthLines++;
      }
    }
    assertEquals(520, failedPasswordLines, "grep -c 'Failed password' OpenSSH_2k.log");
    assertEquals(113, invalidUserLines, "grep -c 'Invalid user' OpenSSH_2k.log");
    assertEquals(failedPasswordLines, records.getOrDefault(Kind.FAILED_PASSWORD, 0));
    assertEquals(failedPasswordAttempts, attempts.getOrDefault(Kind.FAILED_PASSWORD, 0));
    assertEquals(invalidUserLines, records.getOrDefault(Kind.INVALID_USER, 0));
    assertEquals(failedOtherLines, records.getOrDefault(Kind.FAILED_OTHER, 0));
    assertEquals(closedPreauthLines, records.getOrDefault(Kind.CLOSED_PREAUTH, 0));
  }
}
