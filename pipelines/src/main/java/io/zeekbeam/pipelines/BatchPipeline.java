package io.zeekbeam.pipelines;

import io.zeekbeam.pipelines.io.InputFiles;
import io.zeekbeam.pipelines.io.WriteOutput;
import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.analytics.InboundConnections;
import io.zeekbeam.transforms.analytics.SshBruteForce;
import io.zeekbeam.transforms.enrich.GeoIpLookup;
import io.zeekbeam.transforms.parse.SshdFailure;
import io.zeekbeam.transforms.enrich.LocalNets;
import io.zeekbeam.transforms.join.JoinBuckets;
import io.zeekbeam.transforms.parse.LogFiles;
import io.zeekbeam.transforms.parse.ParseLogFiles;
import io.zeekbeam.transforms.parse.ParsedLogs;
import java.time.DateTimeException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The batch pipeline over archived files: read and parse every input file, run the analytics, and
 * write each output and the dead letters into its own folder. {@link #build} is separate from
 * {@link #run} so that tests build the very same graph.
 */
public final class BatchPipeline {
  private BatchPipeline() {}

  /** The files and settings of one run, checked before any pipeline is built. */
  public static final class Plan {
    public final List<InputFiles.InputFile> files;
    public final WriteOutput.Format format;
    public final ZoneId syslogZone;
    public final LocalNets localNets;
    public final GeoIpLookup geoIp;
    public final Duration allowedLateness;
    public final SshBruteForce bruteForce;
    /**
     * On a stream, how often windowed and all-time results are also emitted before they are final
     * ({@code --emitChanges}); null for final results only (and always in batch).
     */
    public final @Nullable Duration earlyResults;
    /** The analytics that will run, in the order of ANALYTICS.md. */
    public final Set<Analytic> analytics = new LinkedHashSet<>();
    /** Requested analytics that cannot run, with the reason. */
    public final Map<Analytic, String> skipped = new LinkedHashMap<>();

    Plan(
        List<InputFiles.InputFile> files,
        WriteOutput.Format format,
        ZoneId syslogZone,
        LocalNets localNets,
        GeoIpLookup geoIp,
        Duration allowedLateness,
        SshBruteForce bruteForce,
        @Nullable Duration earlyResults) {
      this.files = files;
      this.format = format;
      this.syslogZone = syslogZone;
      this.localNets = localNets;
      this.geoIp = geoIp;
      this.allowedLateness = allowedLateness;
      this.bruteForce = bruteForce;
      this.earlyResults = earlyResults;
    }

    /**
     * The buckets of the bounded joins for the size of the input ({@link JoinBuckets}). A compressed
     * file counts ten times its size, about the text a gzipped Zeek log holds.
     */
    public int joinBuckets() {
      long bytes = 0;
      for (InputFiles.InputFile f : files) {
        boolean compressed = Compression.detect(f.path) != Compression.UNCOMPRESSED;
        bytes += compressed ? 10 * f.sizeBytes : f.sizeBytes;
      }
      return JoinBuckets.forInputBytes(bytes);
    }

    /** The input types present among the files. */
    public Set<LogType> inputTypes() {
      Set<LogType> present = EnumSet.noneOf(LogType.class);
      for (InputFiles.InputFile f : files) {
        if (f.detection.logType != null) {
          present.add(f.detection.logType);
        } else if (f.detection.format == LogFiles.Format.ZEEK_TSV) {
          // A TSV file names its type in its header, which the plan read; unknown means any.
          present.addAll(EnumSet.range(LogType.CONN, LogType.X509));
        }
      }
      return present;
    }
  }

  /** Checks the options and resolves the inputs; throws {@link UsageException} with the fix. */
  public static Plan plan(RunOptions options) {
    if (options.getOutput() == null || options.getOutput().isBlank()) {
      throw new UsageException("--output is required: the folder to write the results into");
    }
    return configure(options, () -> InputFiles.resolve(options.getInput()), null, null);
  }

  /**
   * Checks the options that batch and streaming share and decides which analytics run: those whose
   * inputs are among {@code present} (null: the types of {@code files}, resolved once the other
   * options are checked) and whose configuration is given. {@code earlyResults} is {@code
   * --emitChanges} on a stream, null otherwise.
   */
  static Plan configure(
      RunOptions options,
      java.util.function.Supplier<List<InputFiles.InputFile>> files,
      @Nullable Set<LogType> present,
      @Nullable Duration earlyResults) {
    WriteOutput.Format format;
    try {
      format = WriteOutput.Format.parse(options.getFormat());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(options.getSyslogTimeZone());
    } catch (DateTimeException e) {
      throw new UsageException(
          "--syslogTimeZone=" + options.getSyslogTimeZone()
              + " is not a time zone: use e.g. UTC, +02:00 or Europe/Berlin");
    }
    Integer year = options.getSyslogYear();
    if (year != null && (year < 1970 || year > 9999)) {
      throw new UsageException("--syslogYear=" + year + " is not a plausible year");
    }
    LocalNets nets;
    try {
      nets = LocalNets.parse(options.getLocalNets());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--localNets: " + e.getMessage());
    }
    Set<Analytic> wanted = Analytic.parse(options.getAnalytics());
    if (options.getWatchlist() != null && !Files.isReadable(Paths.get(options.getWatchlist()))) {
      throw new UsageException(
          "--watchlist: '" + options.getWatchlist() + "' does not exist or cannot be read");
    }
    GeoIpLookup geoIp = GeoIpLookup.of(options.getGeoipCity(), options.getGeoipAsn());
    try {
      geoIp.validate();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Duration lateness = Durations.parse("allowedLateness", options.getAllowedLateness());
    Plan plan =
        new Plan(
            files.get(),
            format,
            zone,
            nets,
            geoIp,
            lateness,
            bruteForce(options, lateness),
            earlyResults);
    if (present == null) {
      present = plan.inputTypes();
    }
    boolean geoip = !geoIp.isEmpty();
    for (Analytic a : wanted) {
      String why = a.whyNot(present, options.getWatchlist() != null, geoip);
      if (why == null) {
        plan.analytics.add(a);
      } else {
        plan.skipped.put(a, why);
      }
    }
    return plan;
  }

  /** The ssh-brute-force analytic as the options configure it. */
  static SshBruteForce bruteForce(AnalyticsOptions o, Duration lateness) {
    if (o.getBruteForceThreshold() < 0) {
      throw new UsageException(
          "--bruteForceThreshold=" + o.getBruteForceThreshold() + " must be 0 or more");
    }
    Duration window = Durations.parse("bruteForceWindow", o.getBruteForceWindow());
    if (!window.isLongerThan(Duration.ZERO)) {
      throw new UsageException("--bruteForceWindow must be longer than zero");
    }
    Set<SshdFailure.Kind> kinds = EnumSet.noneOf(SshdFailure.Kind.class);
    for (String k : o.getBruteForceKinds().split(",")) {
      if (k.isBlank()) {
        continue;
      }
      try {
        kinds.add(SshdFailure.Kind.valueOf(k.trim().toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--bruteForceKinds: '" + k.trim() + "' is not one of INVALID_USER, FAILED_PASSWORD,"
                + " FAILED_OTHER, CLOSED_PREAUTH");
      }
    }
    if (kinds.isEmpty()) {
      throw new UsageException("--bruteForceKinds is empty: name at least one kind");
    }
    String groupBy = o.getBruteForceGroupBy().trim().toLowerCase(java.util.Locale.ROOT);
    if (!groupBy.equals("source") && !groupBy.equals("message")) {
      throw new UsageException(
          "--bruteForceGroupBy=" + o.getBruteForceGroupBy() + ": use source or message");
    }
    SshBruteForce b =
        SshBruteForce.create()
            .withThreshold(o.getBruteForceThreshold())
            .withWindow(window)
            .withKinds(kinds)
            .groupedByMessage(groupBy.equals("message"))
            .withAllowedLateness(lateness);
    if (o.getBruteForceSlide() != null) {
      Duration slide = Durations.parse("bruteForceSlide", o.getBruteForceSlide());
      if (!slide.isLongerThan(Duration.ZERO) || slide.isLongerThan(window)) {
        throw new UsageException(
            "--bruteForceSlide must be longer than zero and at most --bruteForceWindow");
      }
      b = b.sliding(slide);
    }
    return b;
  }

  /** Adds the whole batch graph to {@code pipeline}. */
  public static ParsedLogs build(Pipeline pipeline, RunOptions options, Plan plan) {
    List<String> paths = plan.files.stream().map(f -> f.path).collect(Collectors.toList());
    PCollection<FileIO.ReadableFile> files =
        pipeline
            .apply("InputFiles", Create.of(paths).withCoder(StringUtf8Coder.of()))
            .apply("Match", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
            .apply("Open", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED));
    ParsedLogs parsed =
        files.apply(
            "Parse",
            ParseLogFiles.create()
                .withSyslogYear(options.getSyslogYear())
                .withSyslogZone(plan.syslogZone));

    String out = options.getOutput();
    if (options.getWriteParsed()) {
      for (LogType type : LogType.values()) {
        writeAny(parsed.of(type), out, type.id(), type.recordClass(), plan.format);
      }
    }
    List<PCollection<DeadLetter>> deadLetters = new ArrayList<>();
    deadLetters.add(parsed.deadLetters());
    AnalyticsGraph graph = new AnalyticsGraph(pipeline, parsed, options, plan);
    for (Analytic a : plan.analytics) {
      writeAny(graph.apply(a, deadLetters), out, a.id(), a.recordClass(), plan.format);
    }
    PCollectionList.of(deadLetters)
        .apply("AllDeadLetters", Flatten.pCollections())
        .apply(
            "WriteDeadLetters",
            WriteOutput.<DeadLetter>to(out, Outputs.DEAD_LETTER, plan.format)
                .ofRecords(DeadLetter.class));
    return parsed;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void writeAny(
      PCollection<?> records, String out, String name, Class<?> recordClass, WriteOutput.Format f) {
    ((PCollection) records)
        .apply("Write-" + name, WriteOutput.to(out, name, f).ofRecords(recordClass));
  }

  /**
   * The Flink settings a batch run uses unless {@code args} (the command line) set them: Flink's
   * DataStream API in batch execution mode rather than its DataSet API (a multi-output step such as
   * the parse is chained to its consumers instead of sending every record, encoded, to every
   * output's filter), with no defensive copies between chained steps (Beam's elements are
   * immutable; the DirectRunner's immutability check in the tests holds the transforms to that).
   * Measured in BENCHMARKS.md.
   */
  public static void applyFlinkBatchDefaults(RunOptions options, List<String> args) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (!isSet(args, "useDataStreamForBatch")) {
      flink.setUseDataStreamForBatch(true);
    }
    if (!isSet(args, "objectReuse")) {
      flink.setObjectReuse(true);
    }
    if (!isSet(args, "fasterCopy")) {
      flink.setFasterCopy(true);
    }
    if (!isSet(args, "flinkConfDir") && System.getenv("FLINK_CONF_DIR") == null) {
      flink.setFlinkConfDir(embeddedFlinkConf().toString());
    }
  }

  /**
   * The embedded cluster's settings ({@link #embeddedFlinkConf}), which the service's cluster
   * ({@code zeekbeam serve}) uses as well.
   */
  public static final Map<String, String> EMBEDDED_FLINK_SETTINGS =
      Map.of(
          "execution.batch.adaptive.auto-parallelism.enabled", "false",
          "slotmanager.requirement-check.delay", "0 ms",
          "taskmanager.memory.managed.size", "512m",
          "execution.job-listeners", io.zeekbeam.pipelines.service.RunningJob.Listener.class.getName());

  /** The folder {@link #embeddedFlinkConf} wrote, once per JVM. */
  private static java.nio.file.Path embeddedFlinkConf;

  /**
   * The configuration of the embedded Flink cluster for batch runs:
   *
   * <ul>
   *   <li>Flink's adaptive batch scheduler picks each step's parallelism from the bytes it
   *       receives, so the parse step, which receives only the list of file parts, would run on
   *       one core of several; every step runs at {@code --parallelism} instead.
   *   <li>Managed memory (off the heap; what Flink sorts keyed input in) of 512 MiB. Beam's
   *       default takes a share of the heap that is free when the cluster starts, which is little
   *       in a fresh JVM: the sort buffers then refused a record over 1.8 MiB, such as a bundle's
   *       partial group of SSL events that share a popular certificate (a failed suite run over
   *       4.5 million records).
   *   <li>Slot requests are matched at once rather than gathered for 50 ms first: a batch job
   *       asks for slots again for each stage it starts, and on one task manager there is nothing
   *       to gather (a 2M-record bytes-by-service run on the service, alternating: 4.16 -> 3.90 s,
   *       medians of six).
   *   <li>A job listener that tells the service ({@code zeekbeam serve}) the job of the run in
   *       progress, so that it can cancel it when the run's client goes away; outside the service
   *       it does nothing.
   * </ul>
   *
   * <p>A cluster's own configuration applies to runs on a cluster (deploy/flink-session/conf sets
   * the same).
   */
  static synchronized java.nio.file.Path embeddedFlinkConf() {
    // One folder per JVM, not per run: a service (zeekbeam serve) does many runs, and each folder
    // is only deleted when the JVM exits.
    if (embeddedFlinkConf != null && Files.isRegularFile(embeddedFlinkConf.resolve("config.yaml"))) {
      return embeddedFlinkConf;
    }
    try {
      java.nio.file.Path dir = Files.createTempDirectory("zeekbeam-flink-conf");
      java.nio.file.Path file = dir.resolve("config.yaml");
      StringBuilder yaml = new StringBuilder();
      EMBEDDED_FLINK_SETTINGS.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
      Files.writeString(file, yaml);
      // Deleted at exit in the reverse order of registration: the file first, then its folder.
      dir.toFile().deleteOnExit();
      file.toFile().deleteOnExit();
      embeddedFlinkConf = dir;
      return dir;
    } catch (java.io.IOException e) {
      throw new UsageException(
          "cannot write the embedded Flink cluster's configuration to the temporary folder: " + e);
    }
  }

  /** Whether the command line {@code args} give {@code --option}, with or without a value. */
  static boolean isSet(List<String> args, String option) {
    String flag = "--" + option;
    return args.stream().anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
  }

  /** Builds and runs the batch pipeline to the end. */
  public static PipelineResult run(RunOptions options, Plan plan) {
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, plan);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }
}
