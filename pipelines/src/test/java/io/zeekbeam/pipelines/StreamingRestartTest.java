package io.zeekbeam.pipelines;

import static io.zeekbeam.pipelines.StreamingKafkaTest.cancel;
import static io.zeekbeam.pipelines.StreamingKafkaTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeekbeam.pipelines.io.RowJson;
import io.zeekbeam.pipelines.kafka.ReplayCommand;
import io.zeekbeam.pipelines.streaming.KafkaPayloads;
import io.zeekbeam.pipelines.streaming.SavedState;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.enrich.MmdbFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault test: a streaming job over a real broker on Flink's local cluster is stopped abruptly
 * (cancelled, without a savepoint) in the middle of a replay of the samples, after it has completed
 * checkpoints, and started again on the same {@code --stateDir} while the replay goes on. What the
 * README promises of such a restart:
 *
 * <ul>
 *   <li>nothing is lost: every analytic's final result is the generator's planted answer, windows
 *       and joins that were open at the stop included;
 *   <li>the new job resumes from the last completed checkpoint: it reads every partition from the
 *       offset saved in it, so it reads exactly the records after it, once each;
 *   <li>at least once: the records the first job read after that checkpoint are read twice, and
 *       only what they produced is written twice, each time identical in key and value.
 * </ul>
 *
 * <p>The two jobs write to topics of their own ({@code r1-}, {@code r2-}), so that every output
 * record is known to come from one or the other; the expected answers are the generator's.
 *
 * <p>A job whose tasks fail while it runs (on a loaded machine, say) is restarted by Flink from its
 * own last checkpoint, and reads again what it had read since: at least once within that job too.
 * The test reads each job's task attempts ({@link TaskAttempts}) and prints them; for a job that
 * restarted tasks it checks "at least once" where it otherwise checks "once each".
 */
class StreamingRestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GROUP = "fault";
  private static final String IN = "f-";
  private static final long WINDOW_MS = 5 * 60_000L;
  private static final DateTimeFormatter WINDOW_START =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  /** The outputs whose records are a table: the latest value of a key replaces the earlier. */
  private static final Set<String> TABLES =
      Set.of("dns-lookups", "hostname-counts", "bytes-by-service", "ssh-brute-force");

  @TempDir static Path tmp;
  static InJvmKafka kafka;
  static MmdbFixtures.CityAndAsn geoDbs;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = InJvmKafka.start();
    geoDbs = MmdbFixtures.writeCityAndAsn(Files.createDirectories(tmp.resolve("mmdb")));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aJobStoppedAbruptlyMidStreamResumesFromItsLastCheckpointAndLosesNothing() throws Exception {
    long t0 = System.nanoTime();
    long startedAt = System.currentTimeMillis();
    Path samples = SamplesDirectAndFlinkTest.SAMPLES;
    JsonNode summary = JSON.readTree(Files.readString(samples.resolve("expected/summary.json")));
    long total = 0;
    for (LogType t : LogType.values()) {
      total += summary.at("/inputs/" + t.id() + "/records").asLong();
    }
    Map<String, Integer> inputs = new LinkedHashMap<>();
    for (LogType t : LogType.values()) {
      inputs.put(IN + t.id(), 2);
    }
    // The replay stamps records with their event times, months ago: keep them, as replay does.
    kafka.createTopics(inputs, Map.of("retention.ms", "-1"));
    Path state = tmp.resolve("state");

    RunOptions o1 = streamOptions("r1-", state);
    StreamingPipeline.Plan p1 = StreamingPipeline.plan(o1);
    assertNotNull(p1.state, "a state folder");
    assertNull(p1.state.resumeFrom, "nothing to resume from yet");
    PipelineResult run1 = StreamingPipeline.run(o1, p1);

    // Flink triggers checkpoints once every task runs: the replay starts when the job is up, and
    // goes on, paced, while the first job is stopped and the second starts.
    long up = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (checkpointFolders(state).isEmpty()) {
      assertTrue(System.nanoTime() < up, "the first job took no checkpoint within 60 s");
      Thread.sleep(50);
    }
    ByteArrayOutputStream replayOut = new ByteArrayOutputStream();
    AtomicInteger replayCode = new AtomicInteger(-1);
    Thread replay =
        new Thread(
            () ->
                replayCode.set(
                    ReplayCommand.run(
                        new String[] {
                          "--input=" + samples.resolve("logs"),
                          "--bootstrapServers=" + kafka.bootstrapServers(),
                          "--topicPrefix=" + IN,
                          "--speed=300"
                        },
                        new PrintStream(replayOut, true, StandardCharsets.UTF_8),
                        new PrintStream(replayOut, true, StandardCharsets.UTF_8))),
            "replay");
    replay.start();
    Map<String, Long> committedAtStop;
    long stoppedAt;
    TaskAttempts attempts1;
    // When each checkpoint folder appeared, at the earliest: Flink makes it before it sends the
    // checkpoint's barriers, so an output written after the checkpoint was written after that.
    Map<String, Long> createdAfter = new HashMap<>();
    long lastPoll = startedAt;
    try {
      // A checkpoint has completed, and committed a good part of the input, when the stop comes,
      // conn records of both partitions among it: a reader that starts late on a loaded machine
      // would otherwise leave every conn window to the second job, and none open at the stop.
      long enough = total / 4;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      for (Map<String, Long> now = committed();
          sum(now) < enough
              || now.getOrDefault(IN + "conn/0", 0L) == 0
              || now.getOrDefault(IN + "conn/1", 0L) == 0
              || SavedState.latestIn(state) == null;
          now = committed()) {
        assertTrue(
            System.nanoTime() < deadline,
            "no checkpoint committed a quarter of the input, conn records among it: " + now);
        long pollStart = System.currentTimeMillis();
        for (String chk : checkpointFolders(state)) {
          createdAfter.putIfAbsent(chk, lastPoll);
        }
        lastPoll = pollStart;
        Thread.sleep(50);
      }
      assertTrue(replay.isAlive(), "the replay is still publishing: the stop falls mid-stream");
      stoppedAt = System.nanoTime();
    } finally {
      attempts1 = TaskAttempts.of(run1);
      cancel(run1);
    }
    // A commit the last checkpoint asked for may still reach the broker as the job stops.
    Thread.sleep(1000);
    committedAtStop = committed();

    RunOptions o2 = streamOptions("r2-", state);
    StreamingPipeline.Plan p2 = StreamingPipeline.plan(o2);
    assertNotNull(p2.state.resumeFrom, "the second job resumes from a checkpoint");
    SavedState.Checkpoint resumed = p2.state.resumeFrom;
    PipelineResult run2 = StreamingPipeline.run(o2, p2);
    long restartedAt = System.nanoTime();
    List<String> outputTopics = new ArrayList<>();
    for (String prefix : List.of("r1-", "r2-")) {
      for (String analytic : Analytic.ids()) {
        outputTopics.add(prefix + analytic);
      }
    }
    Map<String, List<String>> want = planted(samples);
    TaskAttempts attempts2;
    try {
      kafka.readUntil(
          outputTopics,
          Duration.ofSeconds(60),
          r ->
              matches(
                  finalViews(r),
                  want,
                  attempts1.restarts > 0 || TaskAttempts.of(run2).restarts > 0));
    } finally {
      attempts2 = TaskAttempts.of(run2);
      cancel(run2);
    }
    long doneAt = System.nanoTime();
    replay.join(60_000);
    assertEquals(0, replayCode.get(), replayOut.toString(StandardCharsets.UTF_8));

    List<String> all = new ArrayList<>(outputTopics);
    for (String prefix : List.of("r1-", "r2-")) {
      all.add(prefix + "dead-letter");
      for (LogType t : LogType.values()) {
        all.add(prefix + t.id());
      }
    }
    List<ConsumerRecord<String, String>> read = kafka.readAll(all, Duration.ofSeconds(30));

    // Each input record as the parsed output the pipeline writes for it, by partition and offset.
    List<ConsumerRecord<String, String>> published =
        kafka.readAll(new ArrayList<>(inputs.keySet()), Duration.ofSeconds(30));
    Map<String, Integer> perTopic = new TreeMap<>();
    published.forEach(r -> perTopic.merge(r.topic(), 1, Integer::sum));
    assertEquals(
        total,
        published.size(),
        "records published by the replay: " + perTopic + "; "
            + replayOut.toString(StandardCharsets.UTF_8));
    Map<String, List<String>> byPartition = new TreeMap<>();
    Set<String> distinct = new HashSet<>();
    for (ConsumerRecord<String, String> r : published) {
      String parsed = parsedJson(r);
      String tp = r.topic() + "/" + r.partition();
      List<String> rows = byPartition.computeIfAbsent(tp, k -> new ArrayList<>());
      assertEquals(rows.size(), r.offset(), tp + " offsets");
      rows.add(parsed);
      distinct.add(parsed);
    }
    assertEquals(total, distinct.size(), "every input record is distinct");
    Map<String, Integer> parsed1 = counts(read, "r1-", LogType.values());
    Map<String, Integer> parsed2 = counts(read, "r2-", LogType.values());
    // A job whose tasks failed and were restarted (by Flink, from that job's own last checkpoint)
    // read the records since then again: at least once, which the rest of the test still checks.
    System.out.println("fault test: the first job: " + attempts1 + "; the second: " + attempts2);
    assertNull(attempts1.unknown, "the first job's task attempts, read while it ran");
    assertNull(attempts2.unknown, "the second job's task attempts, read while it ran");
    assertTrue(
        attempts1.restarts > 0 || parsed1.values().stream().allMatch(n -> n == 1),
        "the first job read each once: " + readMoreThanOnce(parsed1, byPartition));
    assertTrue(
        attempts2.restarts > 0 || parsed2.values().stream().allMatch(n -> n == 1),
        "the second job read each once: " + readMoreThanOnce(parsed2, byPartition));

    // The second job read each partition from one offset on, all of it: the checkpoint's offset.
    Map<String, Long> resumedAt = new TreeMap<>();
    Set<String> twice = new HashSet<>();
    // Per five-minute window, whether it has conn records before the checkpoint and after it.
    Map<String, boolean[]> connSides = new HashMap<>();
    for (Map.Entry<String, List<String>> p : byPartition.entrySet()) {
      List<String> rows = p.getValue();
      int from = 0;
      while (from < rows.size() && !parsed2.containsKey(rows.get(from))) {
        from++;
      }
      resumedAt.put(p.getKey(), (long) from);
      for (int i = 0; i < rows.size(); i++) {
        String row = rows.get(i);
        if (p.getKey().startsWith(IN + "conn/")) {
          long ms = JSON.readTree(row).get("ts").decimalValue().movePointRight(3).longValue();
          String window = WINDOW_START.format(Instant.ofEpochMilli(ms - ms % WINDOW_MS));
          connSides.computeIfAbsent(window, w -> new boolean[2])[i < from ? 0 : 1] = true;
        }
        if (i < from) {
          assertTrue(
              parsed1.containsKey(row),
              p.getKey() + "@" + i + ", before the checkpoint, was read by the first job");
        } else {
          assertTrue(
              parsed2.containsKey(row), p.getKey() + "@" + i + ", after it, by the second job");
          if (parsed1.containsKey(row)) {
            twice.add(row);
          }
        }
      }
      long committed = committedAtStop.getOrDefault(p.getKey(), 0L);
      assertTrue(
          from >= committed,
          p.getKey() + ": resumed at " + from + ", before the offset " + committed
              + " committed at the stop");
    }
    assertEquals(total, parsed1.size() + parsed2.size() - twice.size(), "every record read");
    // Windows open at the stop: their rows, written by the second job, hold the records of both
    // sides (they equal the planted sums, below), so the second job had the first's state.
    Set<String> straddling = new HashSet<>();
    connSides.forEach((w, side) -> {
      if (side[0] && side[1]) {
        straddling.add(w);
      }
    });
    long completedFromState =
        read.stream()
            .filter(r -> r.topic().equals("r2-bytes-by-service"))
            .filter(r -> straddling.contains(window(r.value())))
            .count();
    assertTrue(
        completedFromState > 0,
        "no bytes-by-service window open at the stop: " + straddling + "; resumed at " + resumedAt);
    assertTrue(
        sum(resumedAt) >= sum(committedAtStop) && sum(committedAtStop) >= total / 4,
        "resumed at " + resumedAt + ", not from the start");

    // At least once: what both jobs wrote is what the first wrote after the checkpoint it was
    // resumed from, and the same again: a table's key is written twice with the same value
    // (dns-lookups' running totals grow between emissions, and a key may hold several).
    Path chk = Path.of(java.net.URI.create(resumed.location));
    long checkpointAt =
        createdAfter.getOrDefault(
            chk.getParent().getFileName() + "/" + chk.getFileName(), lastPoll);
    Map<String, Integer> duplicates = new LinkedHashMap<>();
    List<String> outputs = new ArrayList<>();
    for (LogType t : LogType.values()) {
      outputs.add(t.id());
    }
    outputs.addAll(Analytic.ids());
    for (String output : outputs) {
      boolean table = TABLES.contains(output);
      Map<String, List<Long>> first = new HashMap<>();
      Map<String, Integer> second = new HashMap<>();
      Map<String, Set<String>> valuesOfKey = new HashMap<>();
      for (ConsumerRecord<String, String> r : read) {
        String id = table ? r.key() + "\t" + r.value() : r.value();
        if (r.topic().equals("r1-" + output)) {
          first.computeIfAbsent(id, k -> new ArrayList<>()).add(r.timestamp());
        } else if (r.topic().equals("r2-" + output)) {
          second.merge(id, 1, Integer::sum);
        } else {
          continue;
        }
        if (table) {
          valuesOfKey.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.value());
        }
      }
      int n = 0;
      for (Map.Entry<String, List<Long>> e : first.entrySet()) {
        int both = Math.min(e.getValue().size(), second.getOrDefault(e.getKey(), 0));
        if (both > 0) {
          long writtenAt = java.util.Collections.max(e.getValue());
          assertTrue(
              writtenAt >= checkpointAt,
              output + ": written by both jobs, by the first " + (checkpointAt - writtenAt)
                  + " ms before the checkpoint it was resumed from: " + e.getKey());
          n += both;
        }
      }
      if (table && !output.equals("dns-lookups")) {
        valuesOfKey.forEach(
            (k, v) -> assertEquals(1, v.size(), output + " " + k + " has other values: " + v));
      }
      duplicates.put(output, n);
    }
    assertEquals(
        twice.size(),
        Arrays.stream(LogType.values()).mapToInt(t -> duplicates.get(t.id())).sum(),
        "the parsed records written twice are the records read twice");
    System.out.printf(
        "fault test: %d records published; the first job stopped %.1f s after its start with"
            + " %d committed, the second resumed from %s at %d (%d read twice; %d bytes-by-service"
            + " rows of windows open at the stop, whole), and wrote the"
            + " last planted answer %.1f s after its start (test %.1f s); output records written"
            + " twice: %s%n",
        total, (stoppedAt - t0) / 1e9, sum(committedAtStop), resumed, sum(resumedAt),
        twice.size(), completedFromState, (doneAt - restartedAt) / 1e9, (System.nanoTime() - t0) / 1e9, duplicates);

    // Nothing lost: every analytic's final result is the planted answer.
    Map<String, List<String>> got = finalViews(read);
    boolean atLeastOnce = attempts1.restarts > 0 || attempts2.restarts > 0;
    List<String> wrong = new ArrayList<>();
    for (String analytic : SamplesDirectAndFlinkTest.WIRED) {
      Path expected = samples.resolve("expected").resolve(analytic + ".jsonl");
      String d =
          diff(
              compared(analytic, want.get(analytic), atLeastOnce),
              compared(
                  analytic, ExpectedAnswers.actual(got.get(analytic), expected), atLeastOnce));
      if (!d.isEmpty()) {
        wrong.add(analytic + ": " + d);
      }
    }
    assertTrue(
        wrong.isEmpty(),
        "final results of the two jobs (resumed from " + resumed + ", committed at the stop "
            + committedAtStop + "): " + wrong);
    assertEquals(
        0,
        read.stream().filter(r -> r.topic().endsWith("dead-letter")).count(),
        "dead letters (nothing late, nothing unparseable)");

    // A run with other analytics does not resume this state: one sentence says why.
    UsageException other =
        org.junit.jupiter.api.Assertions.assertThrows(
            UsageException.class,
            () ->
                StreamingPipeline.plan(
                    options(streamArgs("r3-", state, "inbound,bytes-by-service"))));
    assertTrue(other.getMessage().contains("--fromScratch"), other.getMessage());
    assertTrue(other.getMessage().contains("--analytics was"), other.getMessage());
  }

  /**
   * Where in the input the records a job wrote more than once are, as topic/partition@offset×times,
   * in offset order, with the partition's length: a run of offsets points to a reader that read a
   * stretch again, scattered offsets to something else.
   */
  private static String readMoreThanOnce(
      Map<String, Integer> written, Map<String, List<String>> byPartition) {
    List<String> where = new ArrayList<>();
    byPartition.forEach(
        (tp, rows) -> {
          for (int i = 0; i < rows.size(); i++) {
            int n = written.getOrDefault(rows.get(i), 0);
            if (n > 1) {
              where.add(tp + "@" + i + "×" + n + " (of " + rows.size() + ")");
            }
          }
        });
    return where.size() + " records: " + where.subList(0, Math.min(40, where.size()));
  }

  /** What {@code got} lacks and has too many of, with a few examples; empty when they are equal. */
  private static String diff(List<String> want, List<String> got) {
    Map<String, Integer> balance = new TreeMap<>();
    want.forEach(r -> balance.merge(r, 1, Integer::sum));
    got.forEach(r -> balance.merge(r, -1, Integer::sum));
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    balance.forEach(
        (r, n) -> {
          for (int i = 0; i < Math.abs(n); i++) {
            (n > 0 ? missing : extra).add(r);
          }
        });
    if (missing.isEmpty() && extra.isEmpty()) {
      return "";
    }
    return String.format(
        "%d rows, %d missing %s, %d extra %s",
        want.size(),
        missing.size(),
        missing.subList(0, Math.min(2, missing.size())),
        extra.size(),
        extra.subList(0, Math.min(2, extra.size())));
  }

  private static RunOptions streamOptions(String prefix, Path state) {
    return options(streamArgs(prefix, state, "all"));
  }

  private static String[] streamArgs(String prefix, Path state, String analytics) {
    return new String[] {
      "--source=kafka",
      "--bootstrapServers=" + kafka.bootstrapServers(),
      "--connTopic=" + IN + "conn",
      "--dnsTopic=" + IN + "dns",
      "--httpTopic=" + IN + "http",
      "--sslTopic=" + IN + "ssl",
      "--x509Topic=" + IN + "x509",
      "--syslogTopic=" + IN + "syslog",
      "--geoipCity=" + geoDbs.city(),
      "--geoipAsn=" + geoDbs.asn(),
      "--watchlist=" + SamplesDirectAndFlinkTest.SAMPLES.resolve("watchlist.csv"),
      "--analytics=" + analytics,
      "--writeParsed",
      "--topicPrefix=" + prefix,
      "--groupId=" + GROUP,
      "--stateDir=" + state,
      "--checkpointingInterval=1000",
      "--idleAfter=1s",
      "--flushAfter=3s",
      "--runner=FlinkRunner",
      "--parallelism=2",
      "--attachedMode=false"
    };
  }

  private static Map<String, Long> committed() throws Exception {
    Map<String, Long> all = new TreeMap<>();
    for (LogType t : LogType.values()) {
      kafka.committed(GROUP, IN + t.id()).forEach((p, o) -> all.put(IN + t.id() + "/" + p, o));
    }
    return all;
  }

  private static long sum(Map<String, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The planted answers, projected as {@link ExpectedAnswers} compares them. */
  private static Map<String, List<String>> planted(Path samples) {
    Map<String, List<String>> want = new TreeMap<>();
    for (String analytic : SamplesDirectAndFlinkTest.WIRED) {
      want.put(
          analytic, ExpectedAnswers.expected(samples.resolve("expected").resolve(analytic + ".jsonl")));
    }
    return want;
  }

  private static boolean matches(
      Map<String, List<String>> views, Map<String, List<String>> want, boolean atLeastOnce) {
    Path expected = SamplesDirectAndFlinkTest.SAMPLES.resolve("expected");
    for (Map.Entry<String, List<String>> w : want.entrySet()) {
      String analytic = w.getKey();
      List<String> rows =
          ExpectedAnswers.actual(views.get(analytic), expected.resolve(analytic + ".jsonl"));
      if (!compared(analytic, rows, atLeastOnce)
          .equals(compared(analytic, w.getValue(), atLeastOnce))) {
        return false;
      }
    }
    return true;
  }

  /**
   * An analytic's rows as they are compared: as they are, or, once a job has restarted tasks
   * (at least once within the job too), a stream's distinct rows, since a task restarted from its
   * job's last checkpoint writes again what it wrote since. A table's latest value per key is
   * the same either way.
   */
  private static List<String> compared(String analytic, List<String> rows, boolean atLeastOnce) {
    return atLeastOnce && !TABLES.contains(analytic) ? new ArrayList<>(new TreeSet<>(rows)) : rows;
  }

  /**
   * Per analytic, what a reader of both jobs' topics ends with: for a table the latest value of
   * each key (the second job's records come after the first's), for a stream every row, a row
   * that both jobs wrote as often as the job that wrote it more often did.
   */
  private static Map<String, List<String>> finalViews(List<ConsumerRecord<String, String>> read) {
    Map<String, List<String>> views = new TreeMap<>();
    for (String analytic : Analytic.ids()) {
      List<String> rows = new ArrayList<>();
      if (TABLES.contains(analytic)) {
        Map<String, String> latest = new LinkedHashMap<>();
        for (String prefix : List.of("r1-", "r2-")) {
          for (ConsumerRecord<String, String> r : read) {
            if (r.topic().equals(prefix + analytic)) {
              latest.put(r.key(), r.value());
            }
          }
        }
        rows.addAll(latest.values());
      } else {
        Map<String, Integer> c1 = counts(read, "r1-", analytic);
        Map<String, Integer> c2 = counts(read, "r2-", analytic);
        Set<String> keys = new HashSet<>(c1.keySet());
        keys.addAll(c2.keySet());
        for (String row : keys) {
          int n = Math.max(c1.getOrDefault(row, 0), c2.getOrDefault(row, 0));
          for (int i = 0; i < n; i++) {
            rows.add(row);
          }
        }
      }
      java.util.Collections.sort(rows);
      views.put(analytic, rows);
    }
    return views;
  }

  private static Map<String, Integer> counts(
      List<ConsumerRecord<String, String>> read, String prefix, String output) {
    Map<String, Integer> counts = new HashMap<>();
    for (ConsumerRecord<String, String> r : read) {
      if (r.topic().equals(prefix + output)) {
        counts.merge(r.value(), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static Map<String, Integer> counts(
      List<ConsumerRecord<String, String>> read, String prefix, LogType[] types) {
    Map<String, Integer> counts = new HashMap<>();
    for (LogType t : types) {
      counts(read, prefix, t.id()).forEach((row, n) -> counts.merge(row, n, Integer::sum));
    }
    return counts;
  }

  private static final KafkaPayloads PAYLOADS = new KafkaPayloads(null, ZoneOffset.UTC);
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.createDefault();

  /** The JSON the pipeline writes to the parsed output of an input record. */
  @SuppressWarnings("unchecked")
  private static String parsedJson(ConsumerRecord<String, String> r) throws Exception {
    LogType type = LogType.ofZeekPath(r.topic().substring(IN.length())).orElse(LogType.SYSLOG);
    KafkaPayloads.Parsed p = PAYLOADS.parse(type, r.value(), r.timestamp());
    Object record = p.record;
    return RowJson.toJson(
        SCHEMAS.getToRowFunction((Class<Object>) p.type.recordClass()).apply(record));
  }

  private static String window(String bytesByServiceRow) {
    try {
      return JSON.readTree(bytesByServiceRow).get("WINDOW_START").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The checkpoint folders of a state folder, as JOB/chk-N. */
  private static Set<String> checkpointFolders(Path state) {
    Set<String> names = new HashSet<>();
    Path checkpoints = state.resolve("checkpoints");
    if (!Files.isDirectory(checkpoints)) {
      return names;
    }
    try (java.util.stream.Stream<Path> jobs = Files.list(checkpoints)) {
      for (Path job : (Iterable<Path>) jobs::iterator) {
        try (java.util.stream.Stream<Path> chks = Files.list(job)) {
          chks.filter(c -> c.getFileName().toString().startsWith("chk-"))
              .forEach(c -> names.add(job.getFileName() + "/" + c.getFileName()));
        }
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // A checkpoint that a later one subsumed may go while it is listed.
    }
    return names;
  }
}
