package io.zeekbeam.benchmarks;

import io.zeekbeam.pipelines.generate.GeneratorConfig;
import io.zeekbeam.pipelines.generate.SampleGenerator;
import io.zeekbeam.pipelines.kafka.ReplayStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The streaming benchmark: Kafka -> zeekbeam on Flink's embedded cluster (streaming) -> Kafka, with
 * the broker, the job and this driver each a process of its own.
 *
 * <ol>
 *   <li><b>Throughput (and heap).</b> Generates N records with the project's generator, publishes
 *       the conn, dns and sshd syslog logs with {@code zeekbeam replay --speed=max}, then starts
 *       {@code zeekbeam run --source=kafka} from earliest and polls the job's committed offsets
 *       (committed when a checkpoint completes) every second until they reach the topics' end
 *       offsets. Every {@code --heapEvery} seconds it asks the job's JVM for a full GC and its heap
 *       after it ({@code jcmd PID GC.run}, {@code GC.heap_info}): the live heap over time.
 *   <li><b>Latency.</b> A fresh job reads fresh topics, and this driver sends the same records
 *       (as replay would, in event-time order) at a fixed number of records a second, noting the
 *       send time of each conn record by its uid; a consumer of the job's {@code inbound} topic
 *       notes when each output arrives. Latency = arrival - send, both on this JVM's clock.
 * </ol>
 *
 * <p>Run it with {@code benchmarks/stream.sh [--records=N] ...}; see BENCHMARKS.md.
 */
public final class StreamBench {
  private static final String ANALYTICS = "inbound,bytes-by-service,rich-dns,ssh-brute-force";
  private static final List<String> OUTPUTS =
      List.of("inbound", "bytes-by-service", "rich-dns", "ssh-brute-force", "dead-letter");
  private static final Pattern UID = Pattern.compile("\"uid\":\"([^\"]+)\"");
  /** A full GC asked for by jcmd, in the job's -Xlog:gc file: heap before -> after (size). */
  private static final Pattern FULL_GC =
      Pattern.compile("Pause Full \\(Diagnostic Command\\) (\\d+)M->(\\d+)M");

  private StreamBench() {}

  static final class Options {
    long records = 2_000_000L;
    Path data = Path.of("benchmarks/target/stream-data");
    boolean keepData;
    int partitions = 2;
    int port = 19092;
    List<String> only = List.of("throughput", "latency");
    double latencyRate = 0;
    /** Long enough for the job to drain what was sent while it started (30 s was not, at half). */
    int warmupSeconds = 150;
    int latencySeconds = 60;
    int heapEvery = 20;
    int heapSeconds = 60;
    String jobOpts = "-Xmx2g";
    /** Options added to each job's command line, to compare a setting (space-separated). */
    List<String> jobArgs = List.of();
    boolean jfr;
    Path repo = Path.of(".").toAbsolutePath().normalize();

    static Options parse(String[] args) {
      Options o = new Options();
      for (String a : args) {
        String[] kv = a.split("=", 2);
        String v = kv.length > 1 ? kv[1] : "";
        switch (kv[0]) {
          case "--records" -> o.records = Long.parseLong(v);
          case "--data" -> o.data = Path.of(v);
          case "--keep-data" -> o.keepData = true;
          case "--partitions" -> o.partitions = Integer.parseInt(v);
          case "--port" -> o.port = Integer.parseInt(v);
          case "--only" -> o.only = List.of(v.split(","));
          case "--latencyRate" -> o.latencyRate = Double.parseDouble(v);
          case "--warmupSeconds" -> o.warmupSeconds = Integer.parseInt(v);
          case "--latencySeconds" -> o.latencySeconds = Integer.parseInt(v);
          case "--heapEvery" -> o.heapEvery = Integer.parseInt(v);
          case "--heapSeconds" -> o.heapSeconds = Integer.parseInt(v);
          case "--jobOpts" -> o.jobOpts = v;
          case "--jobArgs" -> o.jobArgs = v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
          case "--jfr" -> o.jfr = true;
          case "--repo" -> o.repo = Path.of(v).toAbsolutePath().normalize();
          default -> throw new IllegalArgumentException(
              "unknown option " + a + "; options: --records=N --partitions=2 --port=19092"
                  + " --only=throughput,latency --latencyRate=R (records/s; default half the"
                  + " measured throughput) --warmupSeconds=150 --latencySeconds=60"
                  + " --heapEvery=20 --heapSeconds=60 --jobOpts='-Xmx2g' --jobArgs='--opt=v ...' --jfr --data=DIR"
                  + " --keep-data");
        }
      }
      return o;
    }
  }

  private static final List<Process> CHILDREN = new ArrayList<>();

  /**
   * The command line of a streaming job: {@code zeekbeam run} reading Kafka from earliest with the
   * benchmark's analytics, then {@code runArgs} (its topics, group, state), then {@code --jobArgs}.
   */
  private static List<String> jobCommand(Options o, String bootstrap, String... runArgs) {
    List<String> cmd = new ArrayList<>(List.of(
        o.repo.resolve("zeekbeam").toString(), "run", "--source=kafka",
        "--bootstrapServers=" + bootstrap, "--analytics=" + ANALYTICS, "--startFrom=earliest",
        "--quiet"));
    cmd.addAll(List.of(runArgs));
    cmd.addAll(o.jobArgs);
    return cmd;
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Runtime.getRuntime().addShutdownHook(new Thread(StreamBench::stopAll));
    StringBuilder report = new StringBuilder();
    report.append("## Streaming run of ").append(LocalDateTime.now().withNano(0)).append("\n\n");
    report.append("- machine: ").append(Runtime.getRuntime().availableProcessors())
        .append(" cores, ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append("; load average before: ")
        .append(loadAverage()).append('\n');
    report.append("- options: records=").append(o.records).append(", partitions=")
        .append(o.partitions).append(", job JVM: ").append(o.jobOpts)
        .append(o.jfr ? " + JFR" : "")
        .append(o.jobArgs.isEmpty() ? "" : ", job options: " + String.join(" ", o.jobArgs))
        .append('\n');
    Path work = o.data.resolve("run");
    Bench.deleteTree(work);
    Files.createDirectories(work);
    List<String> inputs = generate(o);
    String bootstrap = "127.0.0.1:" + o.port;
    Process broker = start(
        List.of(o.repo.resolve("zeekbeam").toString(), "broker", "--port=" + o.port,
            "--dataDir=" + work.resolve("kafka")),
        work, "broker", Map.of("ZEEKBEAM_JAVA_OPTS", "-Xmx512m"));
    try (Admin admin = admin(bootstrap)) {
      waitForBroker(admin, broker);
      double measured = 0;
      if (o.only.contains("throughput")) {
        measured = throughput(o, admin, bootstrap, inputs, work, report);
      }
      if (o.only.contains("latency")) {
        double rate = o.latencyRate > 0 ? o.latencyRate : measured / 2;
        if (rate <= 0) {
          throw new IllegalArgumentException(
              "--only=latency needs --latencyRate=R (records/s): no throughput was measured");
        }
        latency(o, admin, bootstrap, inputs, work, rate, report);
      }
    } finally {
      stopAll();
    }
    report.append("- load average after: ").append(loadAverage()).append('\n');
    Path results = o.repo.resolve("benchmarks/target").resolve(
        "stream-results-" + LocalDateTime.now().format(
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
    Files.createDirectories(results.getParent());
    Files.writeString(results, report.toString());
    System.out.println("\n" + report + "\nwritten to " + results);
    if (!o.keepData) {
      Bench.deleteTree(o.data);
    }
  }

  // ---- data ----

  /** The conn, dns and sshd syslog files of a generated data set (generated when missing). */
  private static List<String> generate(Options o) throws IOException {
    Path dir = o.data.resolve("n" + o.records);
    Path marker = dir.resolve("COMPLETE");
    if (!Files.exists(marker)) {
      Bench.deleteTree(dir);
      log("generating %,d records (JSON) into %s ...", o.records, dir);
      long t0 = System.nanoTime();
      SampleGenerator.run(
          GeneratorConfig.of(dir, o.records).withFormat(GeneratorConfig.Format.JSON));
      log("  generated in %.1f s", (System.nanoTime() - t0) / 1e9);
      Files.writeString(marker, "");
    }
    Path logs = dir.resolve("logs");
    List<String> files = new ArrayList<>();
    for (String name : List.of("conn.log", "dns.log", "auth.log")) {
      Path f = logs.resolve(name);
      if (!Files.exists(f)) {
        throw new IOException("the generator wrote no " + f);
      }
      files.add(f.toString());
    }
    return files;
  }

  // ---- (a) throughput and heap ----

  private static double throughput(
      Options o, Admin admin, String bootstrap, List<String> inputs, Path work,
      StringBuilder report) throws Exception {
    log("pre-loading the topics with zeekbeam replay --speed=max ...");
    String loadBefore = loadAverage();
    long t0 = System.nanoTime();
    Process replay = start(
        List.of(o.repo.resolve("zeekbeam").toString(), "replay", "--input=" + String.join(",", inputs),
            "--bootstrapServers=" + bootstrap, "--speed=max", "--partitions=" + o.partitions),
        work, "replay", Map.of("ZEEKBEAM_JAVA_OPTS", "-Xmx1g"));
    if (replay.waitFor() != 0) {
      throw new IOException("replay failed: " + Files.readString(work.resolve("replay.err")));
    }
    double replaySeconds = (System.nanoTime() - t0) / 1e9;
    List<String> topics = List.of("conn", "dns", "syslog");
    Map<TopicPartition, Long> ends = endOffsets(admin, topics);
    long total = ends.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Long> perTopic = new HashMap<>();
    ends.forEach((tp, n) -> perTopic.merge(tp.topic(), n, Long::sum));
    log("pre-loaded %,d records (%s) in %.1f s (%,.0f records/s into the broker), load %s",
        total, perTopic, replaySeconds, total / replaySeconds, loadBefore);

    String group = "sbench-throughput";
    Path gcLog = work.resolve("throughput-gc.log");
    List<String> jobOpts = new ArrayList<>(List.of(o.jobOpts,
        "-Xlog:gc:file=" + gcLog + ":uptime"));
    if (o.jfr) {
      jobOpts.add("-XX:StartFlightRecording=filename=" + work.resolve("throughput.jfr")
          + ",settings=profile");
    }
    List<String> cmd = jobCommand(o, bootstrap,
        "--groupId=" + group, "--stateDir=" + work.resolve("state-throughput"),
        "--topicPrefix=out.");
    String loadAtStart = loadAverage();
    long start = System.nanoTime();
    Process job = start(cmd, work, "throughput-job",
        Map.of("ZEEKBEAM_JAVA_OPTS", String.join(" ", jobOpts)));
    List<double[]> progress = new ArrayList<>(); // seconds, committed, job CPU s, load1
    List<String[]> heap = new ArrayList<>(); // seconds, committed, per topic, heap MiB, load
    long nextHeap = o.heapEvery;
    long committed = 0;
    double doneAt = Double.NaN;
    List<String> loads = new ArrayList<>();
    while (true) {
      if (!job.isAlive()) {
        throw new IOException("the job stopped (exit " + job.exitValue() + "): "
            + tail(work.resolve("throughput-job.err")));
      }
      Thread.sleep(1000);
      double t = (System.nanoTime() - start) / 1e9;
      committed = committed(admin, group, ends.keySet());
      progress.add(new double[] {t, committed, cpuSeconds(job.pid()), load1()});
      if (t >= nextHeap) {
        nextHeap += o.heapEvery;
        Long used = liveHeapMiB(job.pid(), gcLog);
        heap.add(new String[] {
            String.format(Locale.ROOT, "%.0f", t), String.format(Locale.ROOT, "%,d", committed),
            perTopicShare(admin, group, ends),
            used == null ? "?" : String.format(Locale.ROOT, "%,d", used), loadAverage()});
        loads.add(loadAverage());
        log("  %5.0f s: %,d of %,d committed, live heap %s MiB, load %s", t, committed, total,
            used, loadAverage());
      }
      if (committed >= total) {
        doneAt = t;
        break;
      }
      if (t > 3600) {
        throw new IOException("the job read " + committed + " of " + total + " in an hour");
      }
    }
    // One more heap reading once all is read (windows still open hold their state).
    Long usedAtEnd = liveHeapMiB(job.pid(), gcLog);
    heap.add(new String[] {String.format(Locale.ROOT, "%.0f (all read)", doneAt),
        String.format(Locale.ROOT, "%,d", committed), perTopicShare(admin, group, ends),
        usedAtEnd == null ? "?" : String.format(Locale.ROOT, "%,d", usedAtEnd), loadAverage()});
    // The last windows close when the input has been quiet for --flushAfter (1m).
    log("all %,d records committed after %.1f s; waiting 75 s for the last windows ...", total,
        doneAt);
    Thread.sleep(75_000);
    Map<String, Long> outputs = new HashMap<>();
    endOffsets(admin, OUTPUTS.stream().map(s -> "out." + s).toList())
        .forEach((tp, n) -> outputs.merge(tp.topic().substring(4), n, Long::sum));
    double jobCpu = cpuSeconds(job.pid());
    stop(job);

    // Sustained: the committed offsets' slope between 10% and 90% of the input.
    double[] at10 = null;
    double[] at90 = null;
    double[] first = null;
    for (double[] p : progress) {
      if (first == null && p[1] > 0) {
        first = p;
      }
      if (at10 == null && p[1] >= 0.1 * total) {
        at10 = p;
      }
      if (at90 == null && p[1] >= 0.9 * total) {
        at90 = p;
      }
    }
    double sustained = (at90[1] - at10[1]) / (at90[0] - at10[0]);
    double cpuPerRecordUs = (at90[2] - at10[2]) / (at90[1] - at10[1]) * 1e6;
    double overall = total / doneAt;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "%n### Throughput: %,d records (%s) pre-loaded, read from earliest%n%n", total,
        perTopic));
    s.append("Pre-load: `zeekbeam replay --speed=max` took ").append(String.format(Locale.ROOT,
        "%.1f s (%,.0f records/s into the broker), load average %s.%n%n", replaySeconds,
        total / replaySeconds, loadBefore));
    s.append("| measure | value |\n|---|---|\n");
    s.append(row("sustained records/s (committed offsets, 10% to 90% of the input)",
        String.format(Locale.ROOT, "**%,.0f**", sustained)));
    s.append(row("from 10% (" + fmt(at10[0]) + " s) to 90% (" + fmt(at90[0]) + " s)",
        String.format(Locale.ROOT, "%,.0f records in %.1f s", at90[1] - at10[1],
            at90[0] - at10[0])));
    s.append(row("job CPU per record in that stretch (user+sys, all threads)",
        String.format(Locale.ROOT, "%.1f µs (= %,.0f records per CPU-second)", cpuPerRecordUs,
            1e6 / cpuPerRecordUs)));
    s.append(row("job CPU share of the machine in that stretch",
        String.format(Locale.ROOT, "%.2f cores of %d", (at90[2] - at10[2]) / (at90[0] - at10[0]),
            Runtime.getRuntime().availableProcessors())));
    s.append(row("launch to first commit (JVM, Flink start, first checkpoint)",
        first == null ? "-" : fmt(first[0]) + " s"));
    s.append(row("launch to all input committed", String.format(Locale.ROOT,
        "%.1f s (%,.0f records/s including start-up)", doneAt, overall)));
    s.append(row("job CPU seconds in all", fmt(jobCpu)));
    s.append(row("load average at launch / during (at each heap reading)",
        loadAtStart + " / " + String.join("; ", loads.stream().map(l -> l.split(" ")[0]).toList())));
    s.append(row("records written (75 s after the input ended)", outputs.toString()));
    s.append(String.format(Locale.ROOT,
        "%n#### Live heap of the job over time (a full GC by `jcmd PID GC.run`, the heap after"
            + " it from the job's `-Xlog:gc`; job JVM `%s`)%n%n", o.jobOpts));
    s.append("| s since launch | records committed | share of each topic committed |"
        + " heap after full GC, MiB | load average |\n|---|---|---|---|---|\n");
    for (String[] h : heap) {
      s.append("| ").append(String.join(" | ", h)).append(" |\n");
    }
    s.append("\nCommitted offsets over time (s, records): ");
    for (int i = 0; i < progress.size(); i += Math.max(1, progress.size() / 20)) {
      s.append(String.format(Locale.ROOT, "%.0f: %,.0f; ", progress.get(i)[0],
          progress.get(i)[1]));
    }
    s.append('\n');
    System.out.print(s);
    report.append(s);
    return sustained;
  }

  /**
   * A full GC of the job's JVM, then the heap after it, in MiB, from the GC log (jcmd's own
   * GC.heap_info, a second later, would count what the job allocated meanwhile); null when it
   * cannot be read.
   */
  private static Long liveHeapMiB(long pid, Path gcLog) {
    try {
      jcmd(pid, "GC.run");
      Long after = null;
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = FULL_GC.matcher(line);
        if (m.find()) {
          after = Long.parseLong(m.group(2));
        }
      }
      return after;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  /** How far the group has read each input topic, as a share of the topic: "conn 40%, ...". */
  private static String perTopicShare(Admin admin, String group, Map<TopicPartition, Long> ends) {
    try {
      Map<TopicPartition, OffsetAndMetadata> c =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      Map<String, long[]> t = new java.util.TreeMap<>();
      ends.forEach((tp, end) -> {
        long[] a = t.computeIfAbsent(tp.topic(), k -> new long[2]);
        OffsetAndMetadata m = c.get(tp);
        a[0] += m == null ? 0 : m.offset();
        a[1] += end;
      });
      List<String> parts = new ArrayList<>();
      t.forEach((k, a) -> parts.add(String.format(Locale.ROOT, "%s %.0f%%", k,
          a[1] == 0 ? 0 : 100.0 * a[0] / a[1])));
      return String.join(", ", parts);
    } catch (Exception e) {
      return "?";
    }
  }

  private static String jcmd(long pid, String what) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), what)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  // ---- (b) latency ----

  private static void latency(
      Options o, Admin admin, String bootstrap, List<String> inputs, Path work, double rate,
      StringBuilder report) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String t : List.of("lat.conn", "lat.dns", "lat.syslog")) {
      topics.add(new NewTopic(t, o.partitions, (short) 1)
          .configs(Map.of("retention.ms", "-1")));
    }
    admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    List<String> cmd = jobCommand(o, bootstrap,
        "--connTopic=lat.conn", "--dnsTopic=lat.dns", "--syslogTopic=lat.syslog",
        "--httpTopic=", "--sslTopic=", "--x509Topic=",
        "--groupId=sbench-latency", "--stateDir=" + work.resolve("state-latency"),
        "--topicPrefix=lat.out.");
    String loadAtStart = loadAverage();
    Path gcLog = work.resolve("latency-gc.log");
    Process job = start(cmd, work, "latency-job",
        Map.of("ZEEKBEAM_JAVA_OPTS", o.jobOpts + " -Xlog:gc:file=" + gcLog + ":uptime"));
    long jobStart = System.nanoTime();

    Map<String, Long> sentAt = new ConcurrentHashMap<>(1 << 20);
    AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
    AtomicLong measureTo = new AtomicLong(Long.MAX_VALUE);
    AtomicLong firstOutput = new AtomicLong(0);
    AtomicBoolean stopConsumer = new AtomicBoolean();
    List<Double> latencies = new ArrayList<>();
    // The same latencies by when their input was sent, in stretches of SLOT_SECONDS: a job that
    // falls behind and catches up in turns shows here, where the percentiles only show its spread.
    Map<Integer, List<Double>> bySlot = new TreeMap<>();
    AtomicLong outputsSeen = new AtomicLong();
    AtomicLong unmatched = new AtomicLong();
    Thread consumer = new Thread(() -> {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
      p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
      try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
        List<TopicPartition> parts = new ArrayList<>();
        while (parts.isEmpty() && !stopConsumer.get()) {
          c.listTopics().getOrDefault("lat.out.inbound", List.of())
              .forEach(pi -> parts.add(new TopicPartition(pi.topic(), pi.partition())));
          if (parts.isEmpty()) {
            sleep(200);
          }
        }
        c.assign(parts);
        c.seekToBeginning(parts);
        while (!stopConsumer.get()) {
          for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(50))) {
            long now = System.nanoTime();
            outputsSeen.incrementAndGet();
            firstOutput.compareAndSet(0, now);
            Matcher m = UID.matcher(r.value());
            Long sent = m.find() ? sentAt.get(m.group(1)) : null;
            if (sent == null) {
              unmatched.incrementAndGet();
            } else if (sent >= measureFrom.get() && sent < measureTo.get()) {
              synchronized (latencies) {
                latencies.add((now - sent) / 1e6);
                int slot = (int) ((sent - measureFrom.get()) / (SLOT_SECONDS * 1_000_000_000L));
                bySlot.computeIfAbsent(slot, k -> new ArrayList<>()).add((now - sent) / 1e6);
              }
            }
          }
        }
      }
    }, "inbound-consumer");
    consumer.start();

    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    // As Zeek's own Kafka writer (librdkafka) and Kafka's clients from 4.0 on do by default: with
    // 0, each record was a request of its own, and the broker and this driver took CPU from the
    // job on the same two cores. The send time is taken before send(), so the wait counts.
    pp.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    log("latency: job started; sending at %,.0f records/s until the first inbound output, then"
        + " %d s warm-up and %d s measured", rate, o.warmupSeconds, o.latencySeconds);
    long sent = 0;
    long sendStart = System.nanoTime();
    long stopAt = Long.MAX_VALUE;
    long measuredSent = 0;
    long nextHeap = 0;
    List<String[]> heap = new ArrayList<>();
    boolean ranOut = false;
    String loadDuring = "";
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp);
        ReplayStream stream = ReplayStream.open(inputs, 15 * 60_000L, 100_000)) {
      while (true) {
        long now = System.nanoTime();
        if (now >= stopAt) {
          break;
        }
        if (!job.isAlive()) {
          throw new IOException("the job stopped (exit " + job.exitValue() + "): "
              + tail(work.resolve("latency-job.err")));
        }
        if (firstOutput.get() != 0 && measureFrom.get() == Long.MAX_VALUE) {
          measureFrom.set(now + o.warmupSeconds * 1_000_000_000L);
          measureTo.set(measureFrom.get() + o.latencySeconds * 1_000_000_000L);
          stopAt = measureTo.get() + o.heapSeconds * 1_000_000_000L;
          log("latency: first inbound output %.1f s after the first send; measuring from %d s"
              + " on", (now - sendStart) / 1e9, o.warmupSeconds);
        }
        // Heap readings (a full GC each) only outside the measured stretch: during the warm-up
        // and during --heapSeconds of the same paced input after it.
        if (measureFrom.get() != Long.MAX_VALUE && now >= nextHeap
            && (now < measureFrom.get() - 5_000_000_000L || now >= measureTo.get())) {
          nextHeap = now + o.heapEvery * 1_000_000_000L;
          long readAt = now;
          long sentSoFar = sent;
          Thread reader = new Thread(() -> {
            Long used = liveHeapMiB(job.pid(), gcLog);
            synchronized (heap) {
              heap.add(new String[] {fmt((readAt - jobStart) / 1e9),
                  String.format(Locale.ROOT, "%,d", sentSoFar),
                  readAt < measureFrom.get() ? "warm-up" : "after the measured stretch",
                  used == null ? "?" : String.format(Locale.ROOT, "%,d", used), loadAverage()});
            }
          }, "heap-reading");
          reader.setDaemon(true);
          reader.start();
        }
        long due = (long) ((now - sendStart) / 1e9 * rate);
        while (sent < due) {
          ReplayStream.Event e = stream.next();
          if (e == null) {
            ranOut = true;
            break;
          }
          long t = System.nanoTime();
          if (e.type().equals("conn") && e.key() != null) {
            sentAt.put(e.key(), t);
          }
          if (t >= measureFrom.get() && t < measureTo.get()) {
            measuredSent++;
          }
          producer.send(new ProducerRecord<>("lat." + e.type(), null, e.timestampMillis(),
              e.key(), e.value()));
          sent++;
        }
        if (ranOut) {
          break;
        }
        if (measureFrom.get() != Long.MAX_VALUE && loadDuring.isEmpty()
            && now > measureFrom.get() + o.latencySeconds * 500_000_000L) {
          loadDuring = loadAverage();
        }
        if ((now - sendStart) / 1_000_000_000L > 600 && firstOutput.get() == 0) {
          throw new IOException("no inbound output 10 minutes after the first send");
        }
        Thread.sleep(1);
      }
    }
    double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
    log("latency: sent %,d records in %.1f s (%,.0f records/s); waiting 20 s for the last outputs",
        sent, sendSeconds, sent / sendSeconds);
    Thread.sleep(20_000);
    stopConsumer.set(true);
    consumer.join(10_000);
    stop(job);
    List<Double> l;
    synchronized (latencies) {
      l = new ArrayList<>(latencies);
    }
    l.sort(null);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "%n### Latency of `inbound` at %,.0f records/s (conn+dns+syslog, sent by the driver)%n%n",
        rate));
    if (ranOut) {
      s.append("**The data set ran out before the end of the measurement.**\n\n");
    }
    s.append(String.format(Locale.ROOT,
        "Records sent: %,d in %.1f s (%,.0f records/s), %,d of them in the %d s measured after a"
            + " %d s warm-up; inbound outputs read: %,d (%,d with no send time: other runs'"
            + " uids); load average at launch %s, mid-measurement %s.%n%n",
        sent, sendSeconds, sent / sendSeconds, measuredSent, o.latencySeconds, o.warmupSeconds,
        outputsSeen.get(), unmatched.get(), loadAtStart, loadDuring));
    s.append("| outputs measured | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
    if (l.isEmpty()) {
      s.append("| 0 | - | - | - | - |\n");
    } else {
      s.append(String.format(Locale.ROOT, "| %,d | %.0f | %.0f | %.0f | %.0f |%n", l.size(),
          pct(l, 0.50), pct(l, 0.95), pct(l, 0.99), l.get(l.size() - 1)));
    }
    s.append(String.format(Locale.ROOT, "%n#### Latency by when the input was sent (%d s"
        + " stretches of the measured minute)%n%n", SLOT_SECONDS));
    s.append("| sent at, s | outputs | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
    synchronized (latencies) {
      for (Map.Entry<Integer, List<Double>> e : bySlot.entrySet()) {
        List<Double> v = new ArrayList<>(e.getValue());
        v.sort(null);
        s.append(String.format(Locale.ROOT, "| %d–%d | %,d | %.0f | %.0f | %.0f |%n",
            e.getKey() * SLOT_SECONDS, (e.getKey() + 1) * SLOT_SECONDS, v.size(), pct(v, 0.50),
            pct(v, 0.99), v.get(v.size() - 1)));
      }
    }
    s.append(String.format(Locale.ROOT, "%n#### Live heap of the latency job over time, paced"
        + " input (full GC by `jcmd PID GC.run`, outside the measured stretch only)%n%n"));
    s.append("| s since launch | records sent | when | heap after full GC, MiB | load average |\n"
        + "|---|---|---|---|---|\n");
    synchronized (heap) {
      for (String[] h : heap) {
        s.append("| ").append(String.join(" | ", h)).append(" |\n");
      }
    }
    System.out.print(s);
    report.append(s);
  }

  /** The stretches of send time the latency is also given by. */
  private static final int SLOT_SECONDS = 5;

  static double pct(List<Double> sorted, double q) {
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  // ---- Kafka ----

  private static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    return Admin.create(p);
  }

  private static void waitForBroker(Admin admin, Process broker) throws Exception {
    long t0 = System.nanoTime();
    while (true) {
      if (!broker.isAlive()) {
        throw new IOException("the broker stopped (exit " + broker.exitValue() + ")");
      }
      try {
        admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
        log("broker up after %.1f s", (System.nanoTime() - t0) / 1e9);
        return;
      } catch (Exception e) {
        if (System.nanoTime() - t0 > 180_000_000_000L) {
          throw new IOException("the broker did not answer within 180 s", e);
        }
        Thread.sleep(1000);
      }
    }
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics)
      throws Exception {
    java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
    List<String> present = topics.stream().filter(existing::contains).toList();
    Map<String, TopicDescription> d = admin.describeTopics(present).allTopicNames()
        .get(30, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetSpec> spec = new HashMap<>();
    d.values().forEach(td -> td.partitions().forEach(
        p -> spec.put(new TopicPartition(td.name(), p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
        admin.listOffsets(spec).all().get(30, TimeUnit.SECONDS).entrySet()) {
      ends.put(e.getKey(), e.getValue().offset());
    }
    return ends;
  }

  private static long committed(Admin admin, String group, Collection<TopicPartition> parts)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> c =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    long sum = 0;
    for (TopicPartition tp : parts) {
      OffsetAndMetadata m = c.get(tp);
      sum += m == null ? 0 : m.offset();
    }
    return sum;
  }

  // ---- processes ----

  private static Process start(List<String> cmd, Path work, String name, Map<String, String> env)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(work.resolve(name + ".out").toFile())
        .redirectError(work.resolve(name + ".err").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    synchronized (CHILDREN) {
      CHILDREN.add(p);
    }
    log("started %s (pid %d): %s%s", name, p.pid(), env.isEmpty() ? "" : env + " ",
        String.join(" ", cmd));
    return p;
  }

  /** SIGTERM (the launcher execs java, whose shutdown hooks stop the broker and the job). */
  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    List<ProcessHandle> descendants = p.descendants().toList();
    p.destroy();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle d : descendants) {
      if (d.isAlive()) {
        d.destroyForcibly();
      }
    }
  }

  private static void stopAll() {
    List<Process> ps;
    synchronized (CHILDREN) {
      ps = new ArrayList<>(CHILDREN);
      CHILDREN.clear();
    }
    // The broker last: the jobs write to it until they stop.
    for (int i = ps.size() - 1; i >= 0; i--) {
      stop(ps.get(i));
    }
  }

  /** User + system CPU seconds of a process (all its threads), from /proc. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String tail(Path f) {
    try {
      String s = Files.readString(f);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return "(no " + f + ")";
    }
  }

  static String loadAverage() {
    try {
      String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return l[0] + " " + l[1] + " " + l[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static double load1() {
    try {
      return Double.parseDouble(loadAverage().split(" ")[0]);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String row(String a, String b) {
    return "| " + a + " | " + b + " |\n";
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "stream-bench: " + format + "%n", args);
  }
}
