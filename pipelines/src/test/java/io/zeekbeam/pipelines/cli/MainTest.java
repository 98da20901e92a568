package io.zeekbeam.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: help lists every option; mistakes are one sentence, exit 2. */
class MainTest {
  @TempDir Path tmp;

  private static final class Call {
    final int code;
    final String out;
    final String err;

    Call(String... args) {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      code =
          Main.run(
              args,
              new PrintStream(o, true, StandardCharsets.UTF_8),
              new PrintStream(e, true, StandardCharsets.UTF_8));
      out = o.toString(StandardCharsets.UTF_8);
      err = e.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void helpListsCommandsAndEveryOption() {
    Call c = new Call("--help");
    assertEquals(0, c.code);
    for (String s :
        new String[] {
          "run", "generate", "--input=", "--output=", "--analytics=", "--localNets=", "--watchlist=",
          "--geoipCity=", "--geoipAsn=", "--format=", "--writeParsed", "--syslogYear=",
          "--syslogTimeZone=", "--runner=", "--records=", "--seed=", "--gzip", "--quiet",
          "--source=", "--sink=", "--bootstrapServers=", "--connTopic=", "--startFrom=",
          "--watermarkDelay=", "--emitChanges=", "--topicPrefix=", "--groupId=",
          "--stateDir=", "--fromScratch",
          "broker", "replay", "tail", "--port=", "--dataDir=", "--bootstrapServers=",
          "--kafkaProperties=", "--speed=", "--topicPrefix=", "--partitions=", "--reorderWindow=",
          "--topic=", "--from=", "--max=", "--timeoutSeconds="
        }) {
      assertTrue(c.out.contains(s), "help mentions " + s);
    }
  }

  @Test
  void streamingMistakesAreOneSentenceAndExitTwo() {
    Call noBrokers = new Call("run", "--source=kafka");
    assertEquals(2, noBrokers.code);
    assertEquals(
        "zeekbeam run: --bootstrapServers is required with --source=kafka: the brokers, e.g."
            + " localhost:9092\n",
        noBrokers.err);

    Call source = new Call("run", "--source=tape");
    assertEquals(2, source.code);
    assertTrue(source.err.contains("--source=tape: use files or kafka"), source.err);

    Call parquet =
        new Call("run", "--source=kafka", "--bootstrapServers=localhost:1", "--format=parquet");
    assertEquals(2, parquet.code);
    assertEquals(
        "zeekbeam run: --format=parquet is not a format zeekbeam writes: use json or avro\n",
        parquet.err);

    Call filesWithoutOutput =
        new Call("run", "--source=kafka", "--bootstrapServers=localhost:1", "--sink=files");
    assertEquals(2, filesWithoutOutput.code);
    assertTrue(filesWithoutOutput.err.contains("--sink=files needs --output"), filesWithoutOutput.err);
  }

  @Test
  void aRunWritesTheReportAndSaysWhereQuietlyWithoutProgress() throws Exception {
    Path logs = java.nio.file.Files.createDirectories(tmp.resolve("logs"));
    java.nio.file.Files.writeString(
        logs.resolve("conn.log"),
        "{\"ts\":1772409600.0,\"uid\":\"C1\",\"id.orig_h\":\"198.51.100.9\",\"id.orig_p\":4000,"
            + "\"id.resp_h\":\"10.0.0.5\",\"id.resp_p\":22,\"proto\":\"tcp\",\"service\":\"ssh\","
            + "\"orig_ip_bytes\":100,\"resp_ip_bytes\":200}\nnot json\n");
    Path out = tmp.resolve("out");
    Call c =
        new Call("run", "--input=" + logs, "--output=" + out, "--runner=DirectRunner",
            "--analytics=inbound,bytes-by-service", "--quiet");
    assertEquals(0, c.code, c.err);
    assertTrue(c.out.endsWith("\nReport: " + out.resolve("report.html") + "\n"), c.out);
    assertTrue(java.nio.file.Files.size(out.resolve("report.html")) > 100_000);
    assertFalse(c.err.contains("records/s"), c.err);
    assertFalse(c.err.contains("zeekbeam: reading"), c.err);
  }

  @Test
  void wrongNetworksDatabasesAndDurationsAreOneSentence() throws Exception {
    Path logs = java.nio.file.Files.createDirectories(tmp.resolve("in"));
    java.nio.file.Files.writeString(logs.resolve("conn.log"), "{\"ts\":1.0}\n");
    String in = "--input=" + logs;
    String out = "--output=" + tmp.resolve("o");

    Call cidr = new Call("run", in, out, "--localNets=10.0.0.0/33");
    assertEquals(2, cidr.code);
    assertEquals(1, cidr.err.lines().count(), cidr.err);
    assertTrue(cidr.err.startsWith("zeekbeam run: --localNets: '10.0.0.0/33'"), cidr.err);

    Path notADb = java.nio.file.Files.writeString(tmp.resolve("city.mmdb"), "not a MaxMind DB");
    Call db = new Call("run", in, out, "--geoipCity=" + notADb);
    assertEquals(2, db.code);
    assertEquals(1, db.err.lines().count(), db.err);
    assertTrue(db.err.contains("--geoipCity") && db.err.contains(notADb.toString()), db.err);
    assertFalse(db.err.contains("Exception"), db.err);

    Call missingDb = new Call("run", in, out, "--geoipAsn=" + tmp.resolve("nope.mmdb"));
    assertEquals(2, missingDb.code);
    assertTrue(missingDb.err.contains("--geoipAsn"), missingDb.err);

    Call duration = new Call("run", in, out, "--bruteForceWindow=soon");
    assertEquals(2, duration.code);
    assertEquals(
        "zeekbeam run: --bruteForceWindow=soon is not a duration: write e.g. 500ms, 5s, 1m, 2h or"
            + " PT5S\n",
        duration.err);
  }

  @Test
  void mistakesAreOneSentenceAndExitTwo() {
    Call unknown = new Call("run", "--input=x", "--output=y", "--bogus=1");
    assertEquals(2, unknown.code);
    assertEquals("zeekbeam run: unknown option --bogus (see --help for the options)\n", unknown.err);

    Call missing = new Call("run", "--input=" + tmp.resolve("nope.log"), "--output=" + tmp);
    assertEquals(2, missing.code);
    assertTrue(missing.err.contains("does not exist"), missing.err);
    assertEquals(1, missing.err.lines().count(), missing.err);

    Call format = new Call("run", "--input=" + tmp, "--output=" + tmp, "--format=xml");
    assertEquals(2, format.code);
    assertTrue(format.err.contains("--format=xml"), format.err);

    Call noOutput = new Call("run", "--input=" + tmp);
    assertEquals(2, noOutput.code);
    assertTrue(noOutput.err.contains("--output is required"), noOutput.err);

    Call command = new Call("frobnicate");
    assertEquals(2, command.code);
    assertFalse(command.err.contains("Exception"), command.err);
  }
}
