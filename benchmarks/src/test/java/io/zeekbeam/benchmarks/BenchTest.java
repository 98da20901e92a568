package io.zeekbeam.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the benchmark that decide its verdicts: answers, counts and medians. */
class BenchTest {
  @TempDir Path dir;

  @Test
  void jacksonLoopSumsPerHostServiceAndWindowAndSkipsBrokenLines() throws Exception {
    Path conn = dir.resolve("conn.log");
    Files.writeString(
        conn,
        String.join(
            "\n",
            "{\"ts\":600.5,\"id.orig_h\":\"10.0.0.1\",\"service\":\"dns\",\"orig_ip_bytes\":10,"
                + "\"resp_ip_bytes\":5,\"tunnel_parents\":[\"x\"]}",
            "{\"ts\":899.9,\"id.orig_h\":\"10.0.0.1\",\"service\":\"dns\",\"orig_ip_bytes\":1}",
            "{\"ts\":900.0,\"id.orig_h\":\"10.0.0.1\",\"orig_ip_bytes\":7,\"resp_ip_bytes\":null}",
            "{\"ts\":901.0,\"id.orig_h\":\"10.0.0.1\",\"service\":\"dn",
            "",
            "{\"id.orig_h\":\"10.0.0.2\",\"orig_ip_bytes\":3}"));
    Map<JacksonBytes.Key, long[]> sums = JacksonBytes.sum(conn);
    assertEquals(2, sums.size());
    assertEquals(16, sums.get(new JacksonBytes.Key("10.0.0.1", "dns", 2))[0]);
    assertEquals(7, sums.get(new JacksonBytes.Key("10.0.0.1", null, 3))[0]);
  }

  @Test
  void answersOfCsvAndZeekbeamOutputsCountGroupsAndSumBytes() throws Exception {
    Path csv = dir.resolve("out.csv");
    Files.writeString(csv, "10.0.0.1,dns,2,16\n\"a,b\",,3,7\n\n");
    assertEquals(new Bench.Answer(2, 23), Bench.csvAnswer(csv));

    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("bytes-by-service"));
    Files.writeString(
        out.resolve("bytes-by-service/part-00000-of-00002.jsonl"),
        "{\"LOCALIP\":\"10.0.0.1\",\"SERVICE\":\"dns\",\"SUM_BYTES\":16}\n");
    Files.writeString(
        out.resolve("bytes-by-service/part-00001-of-00002.jsonl"),
        "{\"LOCALIP\":\"10.0.0.1\",\"SERVICE\":null,\"SUM_BYTES\":7}\n");
    assertEquals(new Bench.Answer(2, 23), Bench.zeekbeamAnswer(out));
  }

  @Test
  void countsNonBlankLinesWithOrWithoutFinalNewline() throws Exception {
    Path f = dir.resolve("f");
    Files.writeString(f, "a\n\nb\nc");
    assertEquals(3, Bench.countLines(f));
    Files.writeString(f, "a\nb\n");
    assertEquals(2, Bench.countLines(f));
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, Bench.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Bench.median(List.of(4.0, 1.0, 2.0, 3.0)));
  }

  @Test
  void csvQuotesOnlyWhatNeedsIt() {
    assertEquals("", Csv.field(null));
    assertEquals("dns", Csv.field("dns"));
    assertEquals("\"a,\"\"b\"\"\"", Csv.field("a,\"b\""));
    assertEquals(42, Csv.lastLong("\"a,b\",,3,42"));
  }
}
