package io.zeekbeam.benchmarks;

import io.zeekbeam.pipelines.generate.GeneratorConfig;
import io.zeekbeam.pipelines.generate.SampleGenerator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The batch benchmark: generates Zeek logs with the project's generator, then runs every contender
 * in a JVM (or process) of its own, in turn, repeatedly, and reports wall time, records/s, MB/s,
 * peak resident memory and the ratios to DuckDB and to the hand-written Jackson loop. Contenders
 * are interleaved within each repeat so that the machine's load drifts over all of them alike;
 * ratios are the median of the per-repeat ratios.
 *
 * <p>Run it with {@code benchmarks/run.sh [--sizes=...] [--repeats=N] [--only=...]}; see
 * BENCHMARKS.md.
 */
public final class Bench {
  private static final Pattern RUN_DONE = Pattern.compile("run done in ([0-9.]+) s");
  private static final Pattern ELAPSED = Pattern.compile("elapsed_ms=(\\d+)");
  private static final Pattern SUM_BYTES = Pattern.compile("\"SUM_BYTES\":(-?\\d+)");
  /** conn's share of the generator's records (measured: 44.5%), to aim at N conn records. */
  private static final double CONN_SHARE = 0.445;

  private Bench() {}

  /** The command-line options. */
  static final class Options {
    List<Long> sizes = List.of(2_000_000L, 20_000_000L);
    int repeats = 3;
    List<String> only = List.of();
    Path data = Path.of("benchmarks/target/bench-data");
    boolean keepData;
    List<String> runners = List.of("flink", "service", "direct");
    List<String> suiteRunners = List.of("flink", "service");
    int threads = Runtime.getRuntime().availableProcessors();
    Path repo = Path.of(".").toAbsolutePath().normalize();
    String classpath = System.getProperty("java.class.path");

    static Options parse(String[] args) {
      Options o = new Options();
      for (String a : args) {
        String[] kv = a.split("=", 2);
        String v = kv.length > 1 ? kv[1] : "";
        switch (kv[0]) {
          case "--sizes":
            o.sizes = Arrays.stream(v.split(",")).map(s -> Long.parseLong(s.trim())).toList();
            break;
          case "--repeats":
            o.repeats = Integer.parseInt(v);
            break;
          case "--only":
            o.only = Arrays.stream(v.split(",")).map(String::trim).toList();
            break;
          case "--data":
            o.data = Path.of(v);
            break;
          case "--keep-data":
            o.keepData = true;
            break;
          case "--runners":
            o.runners = Arrays.stream(v.split(",")).map(String::trim).toList();
            break;
          case "--suite-runners":
            o.suiteRunners = Arrays.stream(v.split(",")).map(String::trim).toList();
            break;
          case "--threads":
            o.threads = Integer.parseInt(v);
            break;
          case "--repo":
            o.repo = Path.of(v).toAbsolutePath().normalize();
            break;
          default:
            throw new IllegalArgumentException(
                "unknown option " + a + "; options: --sizes=2000000,20000000 --repeats=3"
                    + " --only=zeekbeam-bytes,zeekbeam-suite,duckdb,jackson,jq"
                    + " --runners=flink,service,direct --suite-runners=flink,service --threads=N"
                    + " --data=DIR"
                    + " --keep-data");
        }
      }
      return o;
    }

    boolean wants(String contender) {
      if (only.isEmpty()) {
        // jq takes ~10x longer than the rest together; only on request.
        return !contender.equals("jq");
      }
      return only.stream().anyMatch(contender::startsWith);
    }
  }

  /** One generated data set. */
  record DataSet(Path dir, Path connLog, long connRecords, long connBytes, long allRecords,
      long allBytes) {}

  /** One run of one contender. */
  record Run(double wallSeconds, double inProcessSeconds, long peakRssKb, Answer answer) {}

  /** The bytes-by-service answer a contender wrote: how many groups, and their byte total. */
  record Answer(long groups, long totalBytes) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,d groups, %,d bytes", groups, totalBytes);
    }
  }

  /** A contender: its name, what it reads, and how to start it. */
  interface Contender {
    String name();

    boolean suite();

    Run run(DataSet data, Path workDir) throws IOException, InterruptedException;
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    List<Contender> contenders = contenders(o);
    if (contenders.isEmpty()) {
      throw new IllegalArgumentException("--only=" + o.only + " selects no contender");
    }
    StringBuilder report = new StringBuilder();
    report.append(header(o, contenders));
    System.out.print(report);
    for (long size : o.sizes) {
      DataSet data = generate(o, size);
      Map<String, List<Run>> runs = new LinkedHashMap<>();
      for (int r = 1; r <= o.repeats; r++) {
        for (Contender c : contenders) {
          Path work = o.data.resolve("runs").resolve(c.name().replace('/', '-') + "-" + r);
          deleteTree(work);
          Files.createDirectories(work);
          Run run = c.run(data, work);
          runs.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(run);
          System.out.printf(
              Locale.ROOT,
              "  [%d/%d] %-22s %7.2f s wall, %7.2f s in-process, peak RSS %,6d MiB, %s%n",
              r, o.repeats, c.name(), run.wallSeconds, run.inProcessSeconds,
              run.peakRssKb / 1024, run.answer == null ? "-" : run.answer);
          deleteTree(work);
        }
      }
      String table = table(size, data, contenders, runs) + firstRunNotes(data);
      System.out.print(table);
      report.append(table);
      if (!o.keepData) {
        deleteTree(data.dir);
      }
    }
    ServiceProcess.stop();
    Path results =
        o.repo.resolve("benchmarks/target")
            .resolve("results-" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
    Files.createDirectories(results.getParent());
    Files.writeString(results, report.toString());
    System.out.println("\nwritten to " + results);
  }

  private static String header(Options o, List<Contender> contenders) throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("## Run of ").append(LocalDateTime.now().withNano(0)).append("\n\n");
    s.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append(", load average before: ")
        .append(loadAverage()).append('\n');
    s.append("- contenders: ")
        .append(contenders.stream().map(Contender::name).collect(Collectors.joining(", ")))
        .append("; repeats: ").append(o.repeats).append("; DuckDB threads: ").append(o.threads)
        .append("\n\n");
    return s.toString();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static List<Contender> contenders(Options o) {
    List<Contender> all = new ArrayList<>();
    for (String runner : o.runners) {
      all.add(new Zeekbeam(o, runner, false));
    }
    for (String runner : o.suiteRunners) {
      all.add(new Zeekbeam(o, runner, true));
    }
    all.add(new Child(o, "duckdb", DuckDbBytes.class, String.valueOf(o.threads)));
    all.add(new Child(o, "jackson", JacksonBytes.class, null));
    all.add(new JqAwk());
    return all.stream().filter(c -> o.wants(c.name())).toList();
  }

  // ---- data ----

  private static DataSet generate(Options o, long connTarget) throws IOException {
    Path dir = o.data.resolve("n" + connTarget);
    Path marker = dir.resolve("COMPLETE");
    if (!Files.exists(marker)) {
      deleteTree(dir);
      long records = Math.round(connTarget / CONN_SHARE);
      System.out.printf(
          Locale.ROOT, "generating %,d records (JSON, aiming at %,d conn) into %s ...%n",
          records, connTarget, dir);
      long t0 = System.nanoTime();
      SampleGenerator.run(
          GeneratorConfig.of(dir, records).withFormat(GeneratorConfig.Format.JSON));
      System.out.printf(Locale.ROOT, "  generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      Files.writeString(marker, "");
    }
    Path logs = dir.resolve("logs");
    Path conn = logs.resolve("conn.log");
    long connRecords = countLines(conn);
    long allRecords = 0;
    long allBytes = 0;
    try (Stream<Path> files = Files.list(logs)) {
      for (Path f : files.sorted().toList()) {
        allRecords += countLines(f);
        allBytes += Files.size(f);
      }
    }
    DataSet d = new DataSet(dir, conn, connRecords, Files.size(conn), allRecords, allBytes);
    System.out.printf(
        Locale.ROOT,
        "data set %s: conn.log %,d records, %.1f MB; all logs %,d records, %.1f MB%n",
        dir, d.connRecords, d.connBytes / 1e6, d.allRecords, d.allBytes / 1e6);
    return d;
  }

  /** Non-blank lines; every line the generator writes is a record (or a planted broken one). */
  static long countLines(Path f) throws IOException {
    long n = 0;
    byte[] buf = new byte[1 << 16];
    boolean blank = true;
    try (InputStream in = Files.newInputStream(f)) {
      int r;
      while ((r = in.read(buf)) > 0) {
        for (int i = 0; i < r; i++) {
          if (buf[i] == '\n') {
            n += blank ? 0 : 1;
            blank = true;
          } else {
            blank = false;
          }
        }
      }
    }
    return n + (blank ? 0 : 1);
  }

  // ---- contenders ----

  /** zeekbeam itself, through its launcher, exactly as a user runs it. */
  static final class Zeekbeam implements Contender {
    private final Options o;
    private final String runner;
    private final boolean suite;

    Zeekbeam(Options o, String runner, boolean suite) {
      this.o = o;
      this.runner = runner;
      this.suite = suite;
    }

    @Override
    public String name() {
      return (suite ? "zeekbeam-suite/" : "zeekbeam-bytes/") + runner;
    }

    @Override
    public boolean suite() {
      return suite;
    }

    @Override
    public Run run(DataSet data, Path work) throws IOException, InterruptedException {
      Path out = work.resolve("out");
      List<String> cmd = new ArrayList<>();
      cmd.add(o.repo.resolve("zeekbeam").toString());
      cmd.add("run");
      cmd.add("--input=" + (suite ? data.dir.resolve("logs") : data.connLog));
      cmd.add("--output=" + out);
      if (suite) {
        cmd.add("--watchlist=" + data.dir.resolve("watchlist.csv"));
      } else {
        cmd.add("--analytics=bytes-by-service");
      }
      cmd.add("--runner=" + (runner.equals("direct") ? "DirectRunner" : "FlinkRunner"));
      if (!runner.equals("service")) {
        // A run of its own JVM, even when the user has a service running.
        Measured m = Measured.of(cmd, work, Map.of("ZEEKBEAM_SERVICE", "off"));
        return new Run(m.wallSeconds, inProcess(m), m.peakRssKb, zeekbeamAnswer(out));
      }
      ServiceProcess service = ServiceProcess.get(o);
      Map<String, Double> firstRuns =
          service.firstRuns.computeIfAbsent(data.dir, d -> new LinkedHashMap<>());
      if (!firstRuns.containsKey(name())) {
        Measured first = Measured.of(cmd, work, Map.of());
        service.checkServed(first);
        firstRuns.put(name(), first.wallSeconds);
        System.out.printf(
            Locale.ROOT,
            "  [warm-up] %-19s %7.2f s wall: the service's first run of this command (untimed)%n",
            name(), first.wallSeconds);
        deleteTree(out);
      }
      service.resetPeak();
      Measured m = Measured.of(cmd, work, Map.of());
      service.checkServed(m);
      return new Run(
          m.wallSeconds,
          inProcess(m),
          Math.max(m.peakRssKb, service.peakKb()),
          zeekbeamAnswer(out));
    }

    private static double inProcess(Measured m) {
      Matcher done = RUN_DONE.matcher(m.stdout + m.stderr);
      return done.find() ? Double.parseDouble(done.group(1)) : Double.NaN;
    }
  }

  /**
   * {@code zeekbeam serve}, started by the benchmark for its {@code .../service} contenders and
   * stopped when it ends. Each service contender runs its command once, untimed, before its timed
   * repeats: what is measured is a run on a service that has done this run before, as every run
   * but the first on a user's service is. The first run's time is reported beside the table.
   */
  static final class ServiceProcess {
    private static ServiceProcess instance;

    final Process process;
    /** Per data set, per contender: the untimed first run's wall time. */
    final Map<Path, Map<String, Double>> firstRuns = new LinkedHashMap<>();

    private ServiceProcess(Process process) {
      this.process = process;
    }

    static synchronized ServiceProcess get(Options o) throws IOException,
        InterruptedException {
      if (instance != null) {
        return instance;
      }
      Path log = o.data.toAbsolutePath().resolve("service.log");
      Files.createDirectories(log.getParent());
      Process p =
          new ProcessBuilder(o.repo.resolve("zeekbeam").toString(), "serve")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
      long deadline = System.nanoTime() + 600_000_000_000L;
      while (!Files.readString(log).contains("zeekbeam serve: ready at")) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroy();
          throw new IOException(
              "zeekbeam serve did not start (stop a service that is already running for this"
                  + " build; its log: " + log + "):\n" + Files.readString(log));
        }
        Thread.sleep(100);
      }
      System.out.println("  [service] zeekbeam serve started (pid " + p.pid() + "), log " + log);
      instance = new ServiceProcess(p);
      return instance;
    }

    /** Fails unless the run went to this service: a measurement of a fresh JVM is not one. */
    void checkServed(Measured m) throws IOException {
      if (!m.stderr.contains("in the service (pid " + process.pid() + ")")) {
        throw new IOException("the run did not go to the benchmark's service:\n" + m.stderr);
      }
    }

    /** Starts a new high-water mark of the service's resident memory (Linux: clear_refs 5). */
    void resetPeak() {
      try {
        Files.writeString(Path.of("/proc/" + process.pid() + "/clear_refs"), "5");
      } catch (IOException e) {
        // Then the peak is the service's since it started.
      }
    }

    long peakKb() {
      return Measured.hwmKb(Path.of("/proc/" + process.pid() + "/status"));
    }

    static synchronized void stop() {
      if (instance != null) {
        instance.process.destroy();
        instance = null;
      }
    }
  }

  /** The bytes-by-service rows zeekbeam wrote. */
  static Answer zeekbeamAnswer(Path out) throws IOException {
    Path dir = out.resolve("bytes-by-service");
    long groups = 0;
    long total = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          String line;
          while ((line = r.readLine()) != null) {
            Matcher m = SUM_BYTES.matcher(line);
            if (m.find()) {
              groups++;
              total += Long.parseLong(m.group(1));
            }
          }
        }
      }
    }
    return new Answer(groups, total);
  }

  /** The rows of a {@code host,service,window,bytes} CSV. */
  static Answer csvAnswer(Path csv) throws IOException {
    long groups = 0;
    long total = 0;
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          groups++;
          total += Csv.lastLong(line);
        }
      }
    }
    return new Answer(groups, total);
  }

  /** A main class of this module in a fresh JVM. */
  static final class Child implements Contender {
    private final Options o;
    private final String name;
    private final Class<?> main;
    private final String extra;

    Child(Options o, String name, Class<?> main, String extra) {
      this.o = o;
      this.name = name;
      this.main = main;
      this.extra = extra;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean suite() {
      return false;
    }

    @Override
    public Run run(DataSet data, Path work) throws IOException, InterruptedException {
      Path out = work.resolve("out.csv");
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx4g", "-cp", o.classpath, main.getName(), data.connLog.toString(), out.toString()));
      if (extra != null) {
        cmd.add(extra);
      }
      Measured m = Measured.of(cmd, work);
      Matcher e = ELAPSED.matcher(m.stdout);
      double inProcess = e.find() ? Long.parseLong(e.group(1)) / 1000.0 : Double.NaN;
      return new Run(m.wallSeconds, inProcess, m.peakRssKb, csvAnswer(out));
    }
  }

  /** jq piped into awk, the shell user's answer; peak memory is jq's and awk's together. */
  static final class JqAwk implements Contender {
    @Override
    public String name() {
      return "jq";
    }

    @Override
    public boolean suite() {
      return false;
    }

    @Override
    public Run run(DataSet data, Path work) throws IOException, InterruptedException {
      Path out = work.resolve("out.csv");
      // fromjson? drops the planted broken line as the other contenders do.
      String script =
          "jq -R -r 'fromjson? | [.\"id.orig_h\", (.service // \"\"), ((.ts / 300) | floor),"
              + " ((.orig_ip_bytes // 0) + (.resp_ip_bytes // 0))] | @tsv' '" + data.connLog
              + "' | awk -F'\\t' '{ s[$1 \",\" $2 \",\" $3] += $4 } END { for (k in s) print k \",\" s[k] }' > '"
              + out + "'";
      Measured m = Measured.of(List.of("bash", "-c", script), work);
      return new Run(m.wallSeconds, Double.NaN, m.peakRssKb, csvAnswer(out));
    }
  }

  /** A finished child process: its wall time, peak resident memory and output. */
  static final class Measured {
    double wallSeconds;
    long peakRssKb;
    String stdout;
    String stderr;

    static Measured of(List<String> cmd, Path work) throws IOException, InterruptedException {
      return of(cmd, work, Map.of());
    }

    static Measured of(List<String> cmd, Path work, Map<String, String> env)
        throws IOException, InterruptedException {
      Path outFile = work.resolve("stdout.txt");
      Path errFile = work.resolve("stderr.txt");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(outFile.toFile())
          .redirectError(errFile.toFile());
      pb.environment().putAll(env);
      Measured m = new Measured();
      long t0 = System.nanoTime();
      Process p = pb.start();
      // VmHWM is the kernel's own high-water mark of the resident set, so polling loses nothing
      // but the last interval; the launcher execs java, so the pid stays the JVM's.
      // The process tree is listed once a second (ProcessHandle.descendants() reads every process
      // in /proc: listing it every poll took a fifth of a core from the contenders); the
      // high-water marks of the processes listed are read every 50 ms.
      Path status = Path.of("/proc/" + p.pid() + "/status");
      List<Path> children = List.of();
      long listedAt = 0;
      while (!p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        long now = System.nanoTime();
        if (now - listedAt > 1_000_000_000L) {
          children = childStatusFiles(p.toHandle());
          listedAt = now;
        }
        long kb = hwmKb(status);
        for (Path c : children) {
          kb += hwmKb(c);
        }
        m.peakRssKb = Math.max(m.peakRssKb, kb);
      }
      m.wallSeconds = (System.nanoTime() - t0) / 1e9;
      m.stdout = Files.readString(outFile);
      m.stderr = Files.readString(errFile);
      if (p.exitValue() != 0) {
        throw new IOException(
            "contender failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
                + m.stderr);
      }
      return m;
    }

    /** The status files of the process's descendants (jq | awk run under a shell). */
    private static List<Path> childStatusFiles(ProcessHandle h) {
      return h.descendants().map(c -> Path.of("/proc/" + c.pid() + "/status")).toList();
    }

    static long hwmKb(Path status) {
      try {
        for (String l : Files.readAllLines(status)) {
          if (l.startsWith("VmHWM:")) {
            return Long.parseLong(l.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | RuntimeException gone) {
        // The process ended between two polls: its last reading stands.
      }
      return 0;
    }
  }

  // ---- report ----

  static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String table(
      long size, DataSet data, List<Contender> contenders, Map<String, List<Run>> runs) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(
        Locale.ROOT,
        "%n### %,d conn records (conn.log %,d records, %.0f MB; all logs %,d records, %.0f MB)%n%n",
        size, data.connRecords, data.connBytes / 1e6, data.allRecords, data.allBytes / 1e6));
    s.append("| contender | wall s, median (min–max) | in-process s | records/s | MB/s |"
        + " peak RSS MiB | × DuckDB's time | × Jackson loop's time | answer |\n");
    s.append("|---|---|---|---|---|---|---|---|---|\n");
    List<Run> duck = runs.get("duckdb");
    List<Run> jackson = runs.get("jackson");
    Answer reference = null;
    for (Contender c : contenders) {
      List<Run> rs = runs.get(c.name());
      List<Double> walls = rs.stream().map(Run::wallSeconds).toList();
      double wall = median(walls);
      long records = c.suite() ? data.allRecords : data.connRecords;
      long bytes = c.suite() ? data.allBytes : data.connBytes;
      Answer answer = rs.get(rs.size() - 1).answer;
      // The suite's bytes-by-service reads the same conn.log, so it must agree as well.
      String agreement = answer.toString();
      if (reference == null) {
        reference = answer;
      } else if (!reference.equals(answer)) {
        agreement += " **DISAGREES**";
      }
      s.append(String.format(
          Locale.ROOT,
          "| %s | %.2f (%.2f–%.2f) | %.2f | %,.0f | %.0f | %,d | %s | %s | %s |%n",
          c.name(), wall, walls.stream().min(Comparator.naturalOrder()).orElseThrow(),
          walls.stream().max(Comparator.naturalOrder()).orElseThrow(),
          median(rs.stream().map(Run::inProcessSeconds).toList()),
          records / wall, bytes / 1e6 / wall,
          Math.round(median(rs.stream().map(r -> (double) r.peakRssKb).toList()) / 1024),
          c.suite() ? "–" : ratio(rs, duck), c.suite() ? "–" : ratio(rs, jackson),
          agreement));
    }
    return s.toString();
  }

  /** What the service contenders' untimed first runs took. */
  private static String firstRunNotes(DataSet data) {
    if (ServiceProcess.instance == null) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    ServiceProcess.instance.firstRuns.getOrDefault(data.dir, Map.of()).forEach(
        (contender, wall) ->
            s.append(String.format(
                Locale.ROOT,
                "%n`%s` ran on `zeekbeam serve` after one untimed run of the same command on the"
                    + " same service, which took %.2f s (a service's first run pays the start-up"
                    + " and compilation a fresh JVM pays every time); its peak RSS is the"
                    + " service's.%n",
                contender, wall)));
    return s.toString();
  }

  /** The median over repeats of this contender's wall time over the other's in the same repeat. */
  private static String ratio(List<Run> mine, List<Run> theirs) {
    if (theirs == null) {
      return "–";
    }
    List<Double> rs = new ArrayList<>();
    for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
      rs.add(mine.get(i).wallSeconds / theirs.get(i).wallSeconds);
    }
    return String.format(Locale.ROOT, "%.2f", median(rs));
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
