package io.zeekbeam.pipelines;

import io.zeekbeam.pipelines.kafka.KafkaProperties;
import io.zeekbeam.pipelines.io.WriteOutput;
import io.zeekbeam.pipelines.streaming.EventTimePolicy;
import io.zeekbeam.pipelines.streaming.KafkaPayloads;
import io.zeekbeam.pipelines.streaming.ReadKafkaTopics;
import io.zeekbeam.pipelines.streaming.SavedState;
import io.zeekbeam.pipelines.streaming.WriteTopic;
import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.parse.ParsedLogs;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The streaming pipeline over Kafka: one topic per input, the very analytics of the batch run
 * ({@link AnalyticsGraph}), and one topic per output (or the batch run's folders with {@code
 * --sink=files}).
 *
 * <p><b>Delivery guarantee: at least once, nothing lost.</b> Flink checkpoints the pipeline's state
 * (every 10 s unless {@code --checkpointingInterval} says otherwise) into {@code --stateDir}
 * ({@link SavedState}), where the checkpoints stay however the job stops. A job started again on
 * the folder resumes from the latest complete one: windows and joins as they were, Kafka read from
 * the offsets saved with them. What the stopped job wrote after that checkpoint is written again,
 * with the same keys and values: tables repeat a value under the same key, so a reader that keeps
 * the latest value per key sees each once; streams have no key, and a reader that must not see a
 * duplicate compares the whole row (a Zeek row carries its {@code uid} and {@code ts}). A failure
 * inside a running job is the same: Flink restores its last checkpoint. Offsets are also committed
 * to {@code --groupId} when a checkpoint completes; a job without saved state ({@code
 * --fromScratch}, {@code --stateDir=none}) starts from them with empty state, and windows and
 * joins open at the last commit lose the records read before it (README, "Delivery").
 */
public final class StreamingPipeline {
  private StreamingPipeline() {}

  /** How long an idle topic may go unchecked before a run gives up looking for it. */
  private static final long ADMIN_TIMEOUT_SECONDS = 15;

  /** The settings of one streaming run, checked before any pipeline is built. */
  public static final class Plan {
    public final BatchPipeline.Plan analytics;
    /** The topic of each input read, in input order. */
    public final Map<String, LogType> topics;
    /** Inputs whose topic does not exist, with the topic. */
    public final Map<LogType, String> missingTopics;
    public final EventTimePolicy.Settings watermarks;
    /** How far a partition may read ahead of the slowest in event time; null: no limit. */
    public final @Nullable Duration readAhead;
    public final ReadKafkaTopics.StartFrom startFrom;
    public final boolean filesSink;
    /** The client settings of --kafkaProperties, read once, for every consumer and producer. */
    public final Map<String, Object> clientProperties;
    /**
     * Where the run keeps its state across runs, and what it resumes from; null when it keeps none
     * (--stateDir=none, a remote cluster without --stateDir, or a runner other than Flink).
     */
    public final @Nullable SavedState state;

    Plan(
        BatchPipeline.Plan analytics,
        Map<String, LogType> topics,
        Map<LogType, String> missingTopics,
        EventTimePolicy.Settings watermarks,
        @Nullable Duration readAhead,
        ReadKafkaTopics.StartFrom startFrom,
        boolean filesSink,
        Map<String, Object> clientProperties,
        @Nullable SavedState state) {
      this.analytics = analytics;
      this.topics = topics;
      this.missingTopics = missingTopics;
      this.watermarks = watermarks;
      this.readAhead = readAhead;
      this.startFrom = startFrom;
      this.filesSink = filesSink;
      this.clientProperties = clientProperties;
      this.state = state;
    }
  }

  /**
   * The Flink settings a streaming run uses unless {@code args} (the command line) set them: no
   * defensive copy of every element between chained steps ({@code --objectReuse}). Without it,
   * Flink hands each element to the next chained step through the serializer's copy, which for
   * Beam's elements is an encode and a decode by their coder; it was a third of the job's CPU
   * (BENCHMARKS.md, "Streaming"). Beam's elements are immutable, and the DirectRunner's
   * immutability check in the tests holds the transforms to that. {@code --fasterCopy} stays off:
   * Flink's heap state backend copies a state value through the same serializer before it changes
   * one a checkpoint is still writing, and an accumulator may be changed in place.
   *
   * <p>On the embedded cluster, also no Beam metrics in Flink ({@code --disableMetrics}): with
   * them, Beam's Flink runner gathers every metric of a Kafka reader's steps and hands them to
   * Flink after each record it reads, 9–19% of a streaming job's CPU (BENCHMARKS.md,
   * "Streaming"), for metrics that nothing reads there: the embedded cluster has no web UI and no
   * metric reporter, and a streaming run prints no summary. A job sent to a cluster ({@code
   * --flinkMaster}) keeps them, for the cluster's web UI and reporters.
   */
  public static void applyFlinkStreamingDefaults(RunOptions options, List<String> args) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (!BatchPipeline.isSet(args, "objectReuse")) {
      flink.setObjectReuse(true);
    }
    if (!BatchPipeline.isSet(args, "disableMetrics") && embeddedFlink(options)) {
      flink.setDisableMetrics(true);
    }
  }

  /** Whether the options ask for a streaming run. */
  public static boolean isStreaming(StreamingOptions options) {
    String source = options.getSource().trim().toLowerCase(Locale.ROOT);
    if (source.equals("kafka")) {
      return true;
    }
    if (source.equals("files")) {
      return false;
    }
    throw new UsageException("--source=" + options.getSource() + ": use files or kafka");
  }

  /**
   * Checks the options, asks the brokers which input topics exist, and decides what runs; throws
   * {@link UsageException} with the fix.
   */
  public static Plan plan(RunOptions options) {
    String servers = options.getBootstrapServers();
    if (servers == null || servers.isBlank()) {
      throw new UsageException(
          "--bootstrapServers is required with --source=kafka: the brokers, e.g. localhost:9092");
    }
    String sink = options.getSink().trim().toLowerCase(Locale.ROOT);
    if (!sink.equals("kafka") && !sink.equals("files")) {
      throw new UsageException("--sink=" + options.getSink() + ": use kafka or files");
    }
    boolean filesSink = sink.equals("files");
    if (filesSink && (options.getOutput() == null || options.getOutput().isBlank())) {
      throw new UsageException("--sink=files needs --output: the folder to write the results into");
    }
    try {
      // Checked here too, before asking the brokers: a wrong format needs no cluster to report.
      WriteOutput.Format.parse(options.getFormat());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Map<LogType, String> wanted = topicsByInput(options);
    Map<String, Object> client = KafkaProperties.load(options.getKafkaProperties());
    Set<String> existing = existingTopics(servers, client);
    Map<String, LogType> topics = new LinkedHashMap<>();
    Map<LogType, String> missing = new EnumMap<>(LogType.class);
    for (Map.Entry<LogType, String> e : wanted.entrySet()) {
      if (topics.containsKey(e.getValue())) {
        throw new UsageException(
            "topic '" + e.getValue() + "' is given for both " + topics.get(e.getValue()).id()
                + " and " + e.getKey().id() + ": give each input its own topic");
      }
      if (existing.contains(e.getValue())) {
        topics.put(e.getValue(), e.getKey());
      } else {
        missing.put(e.getKey(), e.getValue());
      }
    }
    if (!filesSink) {
      List<String> outputs = new ArrayList<>(Analytic.ids());
      outputs.add(Outputs.DEAD_LETTER);
      if (options.getWriteParsed()) {
        for (LogType t : LogType.values()) {
          outputs.add(t.id());
        }
      }
      for (String output : outputs) {
        String topic = options.getTopicPrefix() + output;
        if (topics.containsKey(topic)) {
          throw new UsageException(
              "output topic '" + topic + "' is also the input topic of " + topics.get(topic).id()
                  + ": give --topicPrefix, e.g. --topicPrefix=zeekbeam-");
        }
      }
    }
    Duration early =
        options.getEmitChanges() == null
            ? null
            : positive("emitChanges", options.getEmitChanges());
    positive("watchlistRefresh", options.getWatchlistRefresh());
    Set<LogType> present = EnumSet.noneOf(LogType.class);
    present.addAll(topics.values());
    BatchPipeline.Plan analytics = BatchPipeline.configure(options, List::of, present, early);
    Duration longest = Duration.standardMinutes(5);
    Duration bruteForce = Durations.parse("bruteForceWindow", options.getBruteForceWindow());
    if (bruteForce.isLongerThan(longest)) {
      longest = bruteForce;
    }
    EventTimePolicy.Settings watermarks =
        new EventTimePolicy.Settings(
            zeroOrMore("watermarkDelay", options.getWatermarkDelay()),
            positive("idleAfter", options.getIdleAfter()),
            positive("flushAfter", options.getFlushAfter()),
            longest);
    Duration readAhead =
        options.getMaxReadAhead().trim().equalsIgnoreCase("none")
            ? null
            : positive("maxReadAhead", options.getMaxReadAhead());
    ReadKafkaTopics.StartFrom startFrom = startFrom(options.getStartFrom());
    SavedState state = null;
    Path stateDir = stateDir(options);
    if (stateDir != null) {
      state =
          SavedState.open(
              stateDir,
              stateSettings(options, analytics, topics, watermarks, filesSink, client),
              options.getFromScratch(),
              options.as(FlinkPipelineOptions.class).getSavepointPath());
    } else if (options.getFromScratch()) {
      throw new UsageException(
          "--fromScratch discards the state in --stateDir, and this run keeps none: give"
              + " --stateDir=DIR, or leave out --fromScratch");
    }
    return new Plan(
        analytics, topics, missing, watermarks, readAhead, startFrom, filesSink, client, state);
  }

  /** Whether the run goes to Flink's embedded cluster in this JVM (not to a remote one). */
  public static boolean embeddedFlink(RunOptions options) {
    String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    return master == null
        || master.isBlank()
        || master.equals("[auto]")
        || master.equals("[local]")
        || master.equals("[collection]");
  }

  /**
   * The state folder of a run: --stateDir; by default ~/.zeekbeam/state/GROUPID on the embedded
   * cluster (one job per consumer group, as its committed offsets are), none on a remote cluster,
   * whose machines would not see this machine's home folder; none for --stateDir=none and on
   * runners other than Flink.
   */
  static @Nullable Path stateDir(RunOptions options) {
    if (!FlinkRunner.class.equals(options.getRunner())) {
      return null;
    }
    String given = options.getStateDir();
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    if (given == null) {
      if (!embeddedFlink(options) || flink.getStateBackendStoragePath() != null) {
        return null;
      }
      return Paths.get(System.getProperty("user.home"), ".zeekbeam", "state")
          .resolve(options.getGroupId().replaceAll("[^A-Za-z0-9._-]", "_"));
    }
    String dir = given.trim();
    if (dir.isEmpty() || dir.equalsIgnoreCase("none")) {
      return null;
    }
    if (dir.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*") && !dir.startsWith("file:")) {
      throw new UsageException(
          "--stateDir=" + given + ": give a folder of this machine's file system (a mount every"
              + " machine of a cluster shares); for other storage use Flink's"
              + " --stateBackendStoragePath with --stateDir=none");
    }
    if (flink.getStateBackendStoragePath() != null) {
      throw new UsageException(
          "--stateDir and --stateBackendStoragePath both say where checkpoints go: give one"
              + " (--stateDir=none to manage Flink's checkpoints yourself)");
    }
    if (dir.startsWith("~/")) {
      return Paths.get(System.getProperty("user.home"), dir.substring(2));
    }
    return dir.startsWith("file:") ? Paths.get(java.net.URI.create(dir)) : Paths.get(dir);
  }

  /**
   * What a saved state must have been made with to be resumed: the analytics and the topics (the
   * pipeline's shape), and what Beam keeps of the Kafka reads inside their saved state (brokers,
   * group, client settings, payload and watermark settings), which a resumed run could not
   * change. The analytics' parameters (--localNets, thresholds, ...) and the outputs may change.
   */
  static Map<String, String> stateSettings(
      RunOptions options,
      BatchPipeline.Plan analytics,
      Map<String, LogType> topics,
      EventTimePolicy.Settings watermarks,
      boolean filesSink,
      Map<String, Object> client) {
    Map<String, String> s = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    analytics.analytics.forEach(a -> ids.add(a.id()));
    s.put("analytics", String.join(",", ids));
    Map<LogType, String> read = new EnumMap<>(LogType.class);
    topics.forEach((topic, type) -> read.put(type, topic));
    for (LogType type : LogType.values()) {
      s.put(type.id() + "Topic", read.getOrDefault(type, "none"));
    }
    s.put("bootstrapServers", options.getBootstrapServers().trim());
    s.put("groupId", options.getGroupId());
    s.put("kafkaProperties", digest(client));
    s.put("writeParsed", String.valueOf(options.getWriteParsed()));
    s.put("sink", filesSink ? "files" : "kafka");
    s.put("watermarkDelay", text(watermarks.delay()));
    s.put("idleAfter", text(watermarks.idleAfter()));
    s.put("flushAfter", text(watermarks.flushAfter()));
    s.put("bruteForceWindow", text(Durations.parse("bruteForceWindow", options.getBruteForceWindow())));
    s.put(
        "emitChanges",
        analytics.earlyResults == null ? "none" : text(analytics.earlyResults));
    s.put(
        "syslogYear",
        options.getSyslogYear() == null ? "inferred" : String.valueOf(options.getSyslogYear()));
    s.put("syslogTimeZone", analytics.syslogZone.getId());
    return s;
  }

  /** A duration as the options take it: 10m, 5s, 1500ms. */
  static String text(Duration d) {
    long ms = d.getMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** Client settings compared without being written down: a hash of them, or none. */
  private static String digest(Map<String, Object> client) {
    if (client.isEmpty()) {
      return "none";
    }
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      new java.util.TreeMap<>(client)
          .forEach(
              (k, v) ->
                  sha.update((k + "=" + v + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      StringBuilder hex = new StringBuilder("sha256:");
      byte[] h = sha.digest();
      for (int i = 0; i < 8; i++) {
        hex.append(String.format("%02x", h[i]));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<LogType, String> topicsByInput(StreamingOptions o) {
    Map<LogType, String> t = new EnumMap<>(LogType.class);
    putTopic(t, LogType.CONN, o.getConnTopic());
    putTopic(t, LogType.DNS, o.getDnsTopic());
    putTopic(t, LogType.HTTP, o.getHttpTopic());
    putTopic(t, LogType.SSL, o.getSslTopic());
    putTopic(t, LogType.X509, o.getX509Topic());
    putTopic(t, LogType.SYSLOG, o.getSyslogTopic());
    return t;
  }

  private static void putTopic(Map<LogType, String> topics, LogType type, @Nullable String topic) {
    if (topic != null && !topic.isBlank()) {
      topics.put(type, topic.trim());
    }
  }

  private static Set<String> existingTopics(String servers, Map<String, Object> client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(p)) {
      return admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new UsageException(
          "cannot list the topics of the Kafka brokers at " + servers + " ("
              + (e.getCause() == null ? e : e.getCause()).getMessage()
              + "): check --bootstrapServers");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsageException("interrupted while asking " + servers + " for its topics");
    }
  }

  static ReadKafkaTopics.StartFrom startFrom(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("earliest")) {
      return ReadKafkaTopics.StartFrom.earliest();
    }
    if (t.equalsIgnoreCase("latest")) {
      return ReadKafkaTopics.StartFrom.latest();
    }
    try {
      return ReadKafkaTopics.StartFrom.time(
          new Instant(java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli()));
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--startFrom=" + text + ": use earliest, latest or an ISO-8601 time with a zone, e.g."
              + " 2026-03-02T00:00:00Z");
    }
  }

  private static Duration positive(String option, String text) {
    Duration d = Durations.parse(option, text);
    if (!d.isLongerThan(Duration.ZERO)) {
      throw new UsageException("--" + option + " must be longer than zero");
    }
    return d;
  }

  private static Duration zeroOrMore(String option, String text) {
    return Durations.parse(option, text);
  }

  /** Adds the whole streaming graph to {@code pipeline}; {@code run} names the run's watermarks. */
  public static ParsedLogs build(Pipeline pipeline, RunOptions options, Plan plan, String run) {
    BatchPipeline.Plan a = plan.analytics;
    ParsedLogs parsed =
        pipeline.apply(
            "Kafka",
            new ReadKafkaTopics(
                options.getBootstrapServers(),
                plan.topics,
                new KafkaPayloads(options.getSyslogYear(), a.syslogZone),
                plan.watermarks,
                a.allowedLateness,
                plan.startFrom,
                options.getGroupId(),
                run)
                .withClientProperties(plan.clientProperties)
                .withReadAhead(plan.readAhead));
    if (options.getWriteParsed()) {
      for (LogType type : LogType.values()) {
        write(parsed.of(type), options, plan, type.id(), type.recordClass());
      }
    }
    List<PCollection<DeadLetter>> deadLetters = new ArrayList<>();
    deadLetters.add(parsed.deadLetters());
    AnalyticsGraph graph = new AnalyticsGraph(pipeline, parsed, options, a);
    for (Analytic analytic : a.analytics) {
      write(
          graph.apply(analytic, deadLetters), options, plan, analytic.id(), analytic.recordClass());
    }
    write(
        PCollectionList.of(deadLetters).apply("AllDeadLetters", Flatten.pCollections()),
        options,
        plan,
        Outputs.DEAD_LETTER,
        DeadLetter.class);
    return parsed;
  }

  /** How often the files sink writes what has arrived. */
  private static final Duration FILE_FLUSH = Duration.standardSeconds(10);

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void write(
      PCollection<?> records, RunOptions options, Plan plan, String name, Class<?> recordClass) {
    if (plan.filesSink) {
      ((PCollection) records)
          .apply(
              "Write-" + name,
              WriteOutput.to(options.getOutput(), name, plan.analytics.format)
                  .ofRecords(recordClass)
                  .flushingEvery(FILE_FLUSH));
    } else {
      WriteTopic<?> topic =
          WriteTopic.of(options.getBootstrapServers(), name, options.getTopicPrefix() + name)
              .withClientProperties(plan.clientProperties);
      if (plan.analytics.format == WriteOutput.Format.AVRO) {
        topic = topic.asAvro(recordClass);
      }
      ((PCollection) records).apply("Write-" + name, topic);
    }
  }

  /**
   * Starts the streaming pipeline on the options' runner (Flink in streaming mode, checkpointing
   * every 10 s unless set) and returns its result; the run goes on until it is cancelled.
   */
  public static PipelineResult run(RunOptions options, Plan plan) {
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    flink.setStreaming(true);
    if (flink.getCheckpointingInterval() == null || flink.getCheckpointingInterval() <= 0) {
      flink.setCheckpointingInterval(10_000L);
    }
    // Without this, output a bundle produces while a checkpoint is taken is kept in the
    // checkpoint and emitted after it, yet the offsets of its input are committed with it: a job
    // cancelled and started again as a new job (which restores no checkpoint) never writes it.
    flink.setFinishBundleBeforeCheckpointing(true);
    SavedState state = plan.state;
    if (state != null) {
      state.prepare();
      if (flink.getStateBackend() == null) {
        flink.setStateBackend("filesystem");
      }
      flink.setStateBackendStoragePath(state.checkpointStorage());
      flink.setExternalizedCheckpointsEnabled(true);
      flink.setRetainExternalizedCheckpointsOnCancellation(true);
      if (state.resumeFrom != null) {
        flink.setSavepointPath(state.resumeFrom.location);
        flink.setFlinkConfDir(state.flinkConfDir(flink.getFlinkConfDir()));
      }
    }
    String run = options.getJobName() + "-" + UUID.randomUUID();
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, plan, run);
    try {
      return pipeline.run();
    } catch (RuntimeException e) {
      if (state != null && state.resumeFrom != null && isRestoreFailure(e)) {
        throw new UsageException(
            "cannot resume from " + state.resumeFrom + " (" + rootMessage(e) + "): start with"
                + " --fromScratch to discard the saved state, or give another --stateDir");
      }
      throw e;
    }
  }

  /**
   * Whether Flink failed to start the job from the checkpoint it was given: its job master fails
   * while it loads the checkpoint's metadata and matches it to the job (a damaged file, operators
   * the job no longer has).
   */
  static boolean isRestoreFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("Cannot map checkpoint/savepoint state")) {
        return true;
      }
      for (StackTraceElement frame : t.getStackTrace()) {
        String method = frame.getMethodName();
        if (method.equals("restoreSavepoint")
            || method.equals("tryRestoreExecutionGraphFromSavepoint")
            || method.equals("loadAndValidateCheckpoint")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }
}
