package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.schemas.ZeekConn;
import io.zeekbeam.schemas.ZeekDns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the file parser over hostile files on the DirectRunner and checks, line by line, what
 * became a record, what became a dead letter and why, and that the counts reconcile.
 */
class ParseLogFilesTest {
  @TempDir Path dir;

  private static final String DNS_TSV_HEADER =
      "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n"
          + "#open\t2026-01-01-00-00-00\n#fields\tts\tuid\tid.orig_h\tquery\tanswers\n"
          + "#types\ttime\tstring\taddr\tstring\tvector[string]\n";

  private void write(String name, byte[] bytes) throws IOException {
    Files.write(dir.resolve(name), bytes);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(b)) {
      out.write(bytes);
    }
    return b.toByteArray();
  }

  @Test
  void hostileFilesAreParsedOrDeadLetteredAndCountsReconcile() throws Exception {
    ByteArrayOutputStream conn = new ByteArrayOutputStream();
    conn.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // BOM
    conn.write(utf8("{\"ts\":1.0,\"uid\":\"Cok1\",\"id.orig_h\":\"10.0.0.1\"}\n"));
    conn.write(utf8("{\"ts\":2.0,\"uid\":\"Ccrlf\"}\r\n"));
    conn.write(utf8("\n   \n")); // blank lines are not records
    conn.write(utf8("{\"ts\":3.0,\"uid\":\"Ctrunc\n")); // truncated
    conn.write(utf8("[1,2,3]\n"));
    conn.write(utf8("{\"ts\":\"soon\",\"uid\":\"Cbadts\"}\n"));
    conn.write(utf8("{\"uid\":\"Cnots\"}\n"));
    conn.write(utf8("{\"ts\":null,\"uid\":\"Cnullts\"}\n"));
    conn.write(utf8("{\"ts\":4.0,\"uid\":\"Cbig\",\"orig_bytes\":18446744073709551615}\n"));
    conn.write(utf8("{\"ts\":5.0,\"uid\":\"Cv6\",\"id.orig_h\":\"fe80::1%eth0\",\"id.resp_h\":\"2001:db8::1\"}\n"));
    conn.write(utf8("{\"ts\":6.0,\"uid\":\"Cutf\",\"history\":\""));
    conn.write(new byte[] {(byte) 0xC3, (byte) 0x28});
    conn.write(utf8("\"}\n"));
    StringBuilder huge = new StringBuilder("{\"ts\":7.0,\"uid\":\"Chuge\",\"history\":\"");
    huge.append("x".repeat(3 << 20)).append("\"}");
    conn.write(utf8(huge + "\n"));
    conn.write(utf8("{\"_path\":\"dns\",\"ts\":8.0,\"uid\":\"Dinline\",\"query\":\"mixed.example\"}\n"));
    conn.write(utf8("{\"_path\":\"weird\",\"ts\":9.0,\"name\":\"skipped\"}"));
    write("conn.log", conn.toByteArray());

    String dns =
        DNS_TSV_HEADER
            + "10.5\tD1\t10.0.0.1\texample.com\ta.example,b\\x2cc\n"
            + "11.5\tD2\t10.0.0.1\n"
            + "#close\t2026-01-01-01-00-00\n"
            + "#separator \\x09\n#path\tdns\n#fields\tts\tquery\tuid\n#types\ttime\tstring\tstring\n"
            + "12.5\tafter.header.change\tD3\n";
    write("dns.09:00:00-10:00:00.log.gz", gzip(utf8(dns)));

    write(
        "files.log",
        utf8("#separator \\x09\n#path\tfiles\n#fields\tts\tfuid\n#types\ttime\tstring\n1.0\tF1\n2.0\tF2\n"));

    write(
        "auth.log",
        utf8(
            "2026-03-02T00:00:01.000000+00:00 host1 sshd[1234]: Invalid user bob from 203.0.113.7 port 50522\n"
                + "this is not syslog at all\n"
                + "<38>1 2026-03-02T00:00:05Z host2 sshd 1235 - - Invalid user eve from 2001:db8::7 port 22\n"));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<FileIO.ReadableFile> files =
        p.apply(FileIO.match().filepattern(dir.toString() + "/*"))
            .apply(FileIO.readMatches().withCompression(Compression.UNCOMPRESSED));
    ParsedLogs parsed = files.apply(ParseLogFiles.create().withSyslogYear(2026));

    PAssert.that(parsed.conn().apply("ConnUids", MapElements.into(TypeDescriptors.strings()).via(ZeekConn::getUid)))
        .containsInAnyOrder("Cok1", "Ccrlf", "Cv6", "Chuge");
    PAssert.that(parsed.dns().apply("DnsQueries", MapElements.into(TypeDescriptors.strings()).via(ZeekDns::getQuery)))
        .containsInAnyOrder("example.com", "after.header.change", "mixed.example");
    PAssert.that(parsed.syslog().apply("SyslogHosts", MapElements.into(TypeDescriptors.strings()).via(SyslogEvent::getHost)))
        .containsInAnyOrder("host1", "host2");
    PAssert.that(parsed.deadLetters())
        .satisfies(
            letters -> {
              Map<String, String> reasonBySource = new HashMap<>();
              for (DeadLetter d : letters) {
                reasonBySource.put(d.getSource().substring(d.getSource().lastIndexOf('/') + 1), d.getReason());
              }
              assertEquals(9, reasonBySource.size(), reasonBySource.toString());
              assertTrue(reasonBySource.get("conn.log:5").startsWith("malformed JSON"));
              assertEquals("not a JSON object", reasonBySource.get("conn.log:6"));
              assertTrue(reasonBySource.get("conn.log:7").contains("not a number or ISO-8601 time"));
              assertEquals("the record has no ts (event time)", reasonBySource.get("conn.log:8"));
              assertEquals("the record has no ts (event time)", reasonBySource.get("conn.log:9"));
              assertTrue(reasonBySource.get("conn.log:10").contains("above 9223372036854775807"));
              assertTrue(reasonBySource.get("conn.log:12").contains("not valid UTF-8"));
              assertEquals(
                  "TSV row has 3 columns but #fields declares 5",
                  reasonBySource.get("dns.09:00:00-10:00:00.log.gz:10"));
              assertTrue(reasonBySource.containsKey("auth.log:2"));
              for (DeadLetter d : letters) {
                assertTrue(!d.getRaw().isEmpty() && d.getStage().startsWith("parse") || d.getStage().equals("read-line"));
              }
              return null;
            });

    PipelineResult result = p.run();
    result.waitUntilFinish();
    TestPipeline.verifyPAssertsSucceeded(p, result);

    Map<String, Long> counts = counters(result);
    assertEquals(11L, counts.get("conn.read"));
    assertEquals(4L, counts.get("conn.parsed"));
    assertEquals(7L, counts.get("conn.deadLettered"));
    assertEquals(4L, counts.get("dns.read"));
    assertEquals(3L, counts.get("dns.parsed"));
    assertEquals(1L, counts.get("dns.deadLettered"));
    assertEquals(3L, counts.get("syslog.read"));
    assertEquals(2L, counts.get("syslog.parsed"));
    assertEquals(1L, counts.get("syslog.deadLettered"));
    assertEquals(2L, counts.get("files.skipped"));
    assertEquals(1L, counts.get("weird.skipped"));
  }

  /**
   * A Zeek JSON file read in parts of 1,000 bytes (about 150 parts): every line is read by exactly
   * one part, whatever byte the parts' boundaries fall on (inside a line, on its CR or LF, on a
   * blank line); dead letters carry their line numbers in the whole file; bytes add up to the
   * file's size. The expectations come from how the file was written.
   */
  @Test
  void aLargeJsonFileReadInPartsGivesEveryLineOnceWithItsNumber() throws Exception {
    StringBuilder file = new StringBuilder();
    List<String> uids = new ArrayList<>();
    Map<String, String> badLines = new HashMap<>();
    int lineNumber = 0;
    for (int i = 0; i < 1200; i++) {
      lineNumber++;
      if (i % 97 == 13) {
        file.append("{\"ts\":not json ").append("x".repeat(i % 40)).append('\n');
        badLines.put("conn.log:" + lineNumber, "malformed");
        continue;
      }
      if (i % 151 == 7) {
        file.append('\n'); // a blank line: not a record, not counted
        lineNumber++;
      }
      String uid = "C" + i;
      uids.add(uid);
      file.append("{\"ts\":")
          .append(1_700_000_000 + i)
          .append(".25,\"uid\":\"")
          .append(uid)
          .append("\",\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.2\",")
          .append("\"id.resp_p\":80,\"proto\":\"tcp\",\"history\":\"")
          .append("S".repeat(i % 60))
          .append('"')
          .append('}')
          .append(i % 5 == 0 ? "\r\n" : "\n");
    }
    byte[] bytes = utf8(file.toString());
    write("conn.log", bytes);

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    ParsedLogs parsed =
        p.apply(FileIO.match().filepattern(dir.toString() + "/*"))
            .apply(FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
            .apply(ParseLogFiles.create().withPartBytes(1_000));
    PAssert.that(
            parsed
                .conn()
                .apply("Uids", MapElements.into(TypeDescriptors.strings()).via(ZeekConn::getUid)))
        .containsInAnyOrder(uids);
    PAssert.that(parsed.deadLetters())
        .satisfies(
            letters -> {
              Map<String, String> got = new HashMap<>();
              for (DeadLetter d : letters) {
                got.put(
                    d.getSource().substring(d.getSource().lastIndexOf('/') + 1),
                    d.getReason().startsWith("malformed JSON") ? "malformed" : d.getReason());
              }
              assertEquals(badLines, got);
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    TestPipeline.verifyPAssertsSucceeded(p, result);
    Map<String, Long> counts = counters(result);
    assertEquals((long) uids.size() + badLines.size(), counts.get("conn.read"));
    assertEquals((long) uids.size(), counts.get("conn.parsed"));
    assertEquals((long) badLines.size(), counts.get("conn.deadLettered"));
    assertEquals((long) bytes.length, counts.get("all.bytes"));
    assertEquals(1L, counts.get("all.files"));
  }

  private static Map<String, Long> counters(PipelineResult result) {
    return InputCounterResults.committed(result);
  }

  @Test
  void detectsFileTypes() {
    assertEquals(LogFiles.Format.ZEEK_TSV, LogFiles.detect("x/conn.log", List.of("#separator \\x09", "#path\tconn")).format);
    assertEquals(LogFiles.Format.SKIPPED_ZEEK, LogFiles.detect("a/weird.log", List.of("#separator \\x09", "#path\tweird")).format);
    assertEquals(LogFiles.Format.SKIPPED_ZEEK, LogFiles.detect("a/files.json", List.of("{\"ts\":1}")).format);
    assertEquals(LogFiles.Format.ZEEK_JSON, LogFiles.detect("a/whatever.txt", List.of("{\"_path\":\"ssl\",\"ts\":1}")).format);
    assertEquals(LogFiles.Format.ZEEK_JSON, LogFiles.detect("a/ssl.json.gz", List.of("{\"ts\":1}")).format);
    assertEquals(LogFiles.Format.ZEEK_JSON, LogFiles.detect("a/dns.09:00:00-10:00:00.log.gz", List.of("{\"ts\":1}")).format);
    assertEquals(LogFiles.Format.SYSLOG, LogFiles.detect("a/auth.log", List.of("Dec 10 06:55:46 LabSZ sshd[24200]: x")).format);
    assertEquals(LogFiles.Format.SYSLOG, LogFiles.detect("a/syslog.json", List.of("{\"tag\":\"sshd\",\"message\":\"m\"}")).format);
    assertEquals(LogFiles.Format.SYSLOG, LogFiles.detect("a/empty", List.of()).format);
  }
}
