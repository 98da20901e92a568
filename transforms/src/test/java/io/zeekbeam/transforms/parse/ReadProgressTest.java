package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress counters agree with the run's metrics once the files are read. */
class ReadProgressTest {
  @TempDir Path dir;

  @Test
  void countsFilesBytesAndRecordsAsTheMetricsDo() throws IOException {
    StringBuilder big = new StringBuilder();
    int lines = ReadProgress.FLUSH_EVERY * 2 + 17;
    for (int i = 0; i < lines; i++) {
      big.append("{\"ts\":").append(1000 + i).append(",\"uid\":\"C").append(i).append("\"}\n");
    }
    big.append("\n");
    Files.write(dir.resolve("conn.log"), big.toString().getBytes(StandardCharsets.UTF_8));
    Files.write(
        dir.resolve("auth.log"),
        "Mar  2 00:00:01 host1 sshd[1]: Invalid user bob from 203.0.113.7 port 50522\nnot syslog\n"
            .getBytes(StandardCharsets.UTF_8));

    ReadProgress.reset();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(FileIO.match().filepattern(dir + "/*"))
        .apply(FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
        .apply(ParseLogFiles.create().withSyslogYear(2026));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    Map<String, Long> metrics = InputCounterResults.committed(result);
    ReadProgress.Snapshot s = ReadProgress.snapshot();
    assertEquals(2, s.filesStarted);
    assertEquals(2, s.filesDone);
    assertEquals((long) metrics.get("all.bytes"), s.bytes);
    assertEquals(lines + 2L, s.records);
    assertEquals(metrics.get("conn.read") + metrics.get("syslog.read"), s.records);
  }
}
