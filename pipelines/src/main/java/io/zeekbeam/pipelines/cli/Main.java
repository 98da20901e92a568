package io.zeekbeam.pipelines.cli;

import io.zeekbeam.pipelines.AnalyticsOptions;
import io.zeekbeam.pipelines.BatchPipeline;
import io.zeekbeam.pipelines.InputOptions;
import io.zeekbeam.pipelines.OutputOptions;
import io.zeekbeam.pipelines.Outputs;
import io.zeekbeam.pipelines.RunOptions;
import io.zeekbeam.pipelines.RunSummary;
import io.zeekbeam.pipelines.StreamingOptions;
import io.zeekbeam.pipelines.StreamingPipeline;
import io.zeekbeam.pipelines.UsageException;
import io.zeekbeam.pipelines.generate.GenerateCommand;
import io.zeekbeam.pipelines.io.InputFiles;
import io.zeekbeam.pipelines.kafka.BrokerCommand;
import io.zeekbeam.pipelines.kafka.KafkaOptions;
import io.zeekbeam.pipelines.kafka.ReplayCommand;
import io.zeekbeam.pipelines.kafka.TailCommand;
import io.zeekbeam.pipelines.service.ServeCommand;
import io.zeekbeam.pipelines.service.ServiceAddress;
import io.zeekbeam.pipelines.service.ServiceClient;
import io.zeekbeam.pipelines.streaming.SavedState;
import io.zeekbeam.pipelines.report.HtmlReport;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.parse.LogFiles;
import io.zeekbeam.transforms.parse.ReadProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The {@code zeekbeam} command line: {@code run}, {@code generate}, {@code broker}, {@code replay},
 * {@code tail}, {@code help}. Options are
 * Beam-style {@code --name=value}; Beam's own (such as {@code --runner=FlinkRunner}) pass through.
 * Mistakes in the call are one sentence on stderr and exit code 2; failures of the run exit 1.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean terminal = System.console() != null;
    if (ServiceClient.takes(args) && !ServiceClient.turnedOff()) {
      OptionalInt code =
          ServiceClient.submit(
              ServiceAddress.ofThisBuild(), args, System.out, System.err, terminal);
      if (code.isPresent()) {
        System.exit(code.getAsInt());
      }
    }
    System.exit(run(args, System.out, System.err, terminal));
  }

  /** Runs a command and returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, isTerminal(err));
  }

  /**
   * Runs a command and returns the process exit code; {@code terminal} says whether {@code err}
   * ends on a terminal, where the progress line is rewritten in place.
   */
  public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    return run(args, out, err, terminal, "");
  }

  /**
   * {@link #run(String[], PrintStream, PrintStream, boolean)} for the service ({@code zeekbeam
   * serve}): a batch run's first line says where it runs.
   */
  public static int runInService(
      String[] args, PrintStream out, PrintStream err, boolean terminal) {
    return run(
        args, out, err, terminal, " in the service (pid " + ProcessHandle.current().pid() + ")");
  }

  private static int run(
      String[] args, PrintStream out, PrintStream err, boolean terminal, String where) {
    if (args.length == 0 || isHelp(args[0]) || args[0].equals("help")) {
      usage(out);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "run":
          if (Arrays.stream(rest).anyMatch(Main::isHelp)) {
            runUsage(out);
            return 0;
          }
          return runBatch(rest, out, err, terminal, where);
        case "serve":
          if (Arrays.stream(rest).anyMatch(Main::isHelp)) {
            serveUsage(out);
            return 0;
          }
          return ServeCommand.run(rest, out, err, Main::runInService);
        case "generate":
          if (Arrays.stream(rest).anyMatch(Main::isHelp)) {
            generateUsage(out);
            return 0;
          }
          return GenerateCommand.run(rest, out);
        case "broker":
          if (Arrays.stream(rest).anyMatch(Main::isHelp)) {
            brokerUsage(out);
            return 0;
          }
          return BrokerCommand.run(rest, out, err);
        case "replay":
          if (Arrays.stream(rest).anyMatch(Main::isHelp)) {
            replayUsage(out);
            return 0;
          }
          return ReplayCommand.run(rest, out, err);
        case "tail":
          if (Arrays.stream(rest).anyMatch(Main::isHelp)) {
            tailUsage(out);
            return 0;
          }
          return TailCommand.run(rest, out, err);
        default:
          err.println(
              "zeekbeam: unknown command '"
                  + command
                  + "': use run, generate, broker, replay or tail (see zeekbeam --help)");
          return 2;
      }
    } catch (UsageException e) {
      err.println("zeekbeam " + command + ": " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("zeekbeam " + command + ": " + optionMessage(e));
      return 2;
    } catch (RuntimeException e) {
      // A failure of the run itself (a runner error, a bug): one line, the cause chain's last
      // message; the stack trace only on request, for a bug report.
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      err.println(
          "zeekbeam "
              + command
              + ": the run failed: "
              + root.getClass().getSimpleName()
              + (root.getMessage() == null ? "" : ": " + root.getMessage())
              + " (set ZEEKBEAM_DEBUG=1 for the stack trace)");
      if (System.getenv("ZEEKBEAM_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  /** Whether {@code err} is the process's stderr on a terminal, where a line can be rewritten. */
  private static boolean isTerminal(PrintStream err) {
    return err == System.err && System.console() != null;
  }

  private static boolean isHelp(String a) {
    return a.equals("--help") || a.equals("-h") || a.equals("-help");
  }

  /** Beam's messages for unknown or malformed options, shortened to the part a user needs. */
  static String optionMessage(IllegalArgumentException e) {
    String m = String.valueOf(e.getMessage());
    java.util.regex.Matcher missing =
        java.util.regex.Pattern.compile("missing a property named '([^']+)'").matcher(m);
    if (missing.find()) {
      return "unknown option --" + missing.group(1) + " (see --help for the options)";
    }
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }

  static int runBatch(
      String[] args, PrintStream out, PrintStream err, boolean terminal, String where) {
    PipelineOptionsFactory.register(RunOptions.class);
    RunOptions options = PipelineOptionsFactory.fromArgs(args).as(RunOptions.class);
    options.setJobName("zeekbeam-run");
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--runner="))) {
      // Flink's embedded cluster, not Beam's DirectRunner: the DirectRunner is a test runner that
      // re-reads a stateful DoFn for every key's timers, and the joins have a key per uid (on the
      // samples: 93 s for rich-dns alone against 16 s for every analytic on Flink).
      options.setRunner(FlinkRunner.class);
    }
    if (StreamingPipeline.isStreaming(options)) {
      return runStreaming(options, args, out, err);
    }
    BatchPipeline.applyFlinkBatchDefaults(options, Arrays.asList(args));
    BatchPipeline.Plan plan = BatchPipeline.plan(options);
    Map<String, Integer> byKind = new TreeMap<>();
    for (InputFiles.InputFile f : plan.files) {
      if (f.detection.format == LogFiles.Format.SKIPPED_ZEEK) {
        err.println("zeekbeam: skipping " + f.path + ": " + f.detection.describe());
      }
      String kind =
          f.detection.format == LogFiles.Format.SKIPPED_ZEEK
              ? "skipped"
              : f.detection.logType == null ? "zeek" : f.detection.logType.id();
      byKind.merge(kind, 1, Integer::sum);
    }
    plan.skipped.forEach(
        (a, why) -> err.println("zeekbeam: skipping analytic " + a.id() + ": " + why));
    if (!options.getQuiet()) {
      err.println(
          "zeekbeam: reading " + plan.files.size() + " files " + byKind + " on "
              + options.getRunner().getSimpleName()
              + where);
    }
    long start = System.nanoTime();
    ReadProgress.reset();
    PipelineResult result;
    ProgressLine progress =
        options.getQuiet() ? null : ProgressLine.start(err, terminal, plan.files.size());
    try {
      result = BatchPipeline.run(options, plan);
    } finally {
      if (progress != null) {
        progress.stop();
      }
    }
    PipelineResult.State state = result.getState();
    RunSummary summary = RunSummary.of(result);
    summary.outputs.putIfAbsent(Outputs.DEAD_LETTER, 0L);
    plan.analytics.forEach(a -> summary.outputs.putIfAbsent(a.id(), 0L));
    if (options.getWriteParsed()) {
      for (LogType t : LogType.values()) {
        summary.outputs.putIfAbsent(t.id(), 0L);
      }
    }
    out.printf(
        "zeekbeam: run %s in %.1f s%n",
        state.toString().toLowerCase(java.util.Locale.ROOT), (System.nanoTime() - start) / 1e9);
    summary.print(out, options.getOutput());
    boolean reported = report(options, plan, summary, out, err);
    if (!summary.unreconciled().isEmpty() || !reported) {
      return 1;
    }
    return state == PipelineResult.State.DONE ? 0 : 1;
  }

  /**
   * Starts the streaming pipeline and waits for it: on Flink's embedded cluster (the default) the
   * run lasts as long as this process; with {@code --flinkMaster} the job is submitted to that
   * cluster and this command watches it until it ends, cancelling it if the command is stopped
   * (Ctrl-C); with {@code --attachedMode=false} as well, it returns once the job is submitted and
   * leaves it running there.
   */
  static int runStreaming(RunOptions options, String[] args, PrintStream out, PrintStream err) {
    StreamingPipeline.applyFlinkStreamingDefaults(options, Arrays.asList(args));
    StreamingPipeline.Plan plan = StreamingPipeline.plan(options);
    plan.missingTopics.forEach(
        (type, topic) ->
            err.println(
                "zeekbeam: no topic '" + topic + "' on the brokers: not reading " + type.id()));
    plan.analytics.skipped.forEach(
        (a, why) -> err.println("zeekbeam: skipping analytic " + a.id() + ": " + why));
    if (plan.topics.isEmpty()) {
      throw new UsageException(
          "none of the input topics exists on " + options.getBootstrapServers()
              + ": create them, or name them with --connTopic, --dnsTopic, ...");
    }
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    // On a cluster of its own the job outlives this command: an attached run there would leave it
    // running after Ctrl-C. So it is submitted detached, and this command watches it and cancels
    // it when stopped, as a run on the embedded cluster (which ends with this JVM) behaves.
    boolean watchRemote = isRemoteFlink(options) && flink.getAttachedMode();
    if (watchRemote) {
      flink.setAttachedMode(false);
    }
    if (!options.getQuiet()) {
      err.println(
          "zeekbeam: streaming from " + plan.topics.keySet() + " at "
              + options.getBootstrapServers() + " to "
              + (plan.filesSink
                  ? options.getOutput()
                  : "topics " + options.getTopicPrefix() + "<output>")
              + " on " + options.getRunner().getSimpleName()
              + (isRemoteFlink(options) ? " at " + flink.getFlinkMaster() : "")
              + (isRemoteFlink(options) && !watchRemote
                  ? "; the job runs on until cancelled on the cluster"
                  : "; stop with Ctrl-C"));
    }
    SavedState saved = plan.state;
    if (saved != null) {
      if (saved.discarding) {
        err.println("zeekbeam: --fromScratch: discarding the state saved in " + saved.dir);
      }
      if (saved.resumeFrom != null) {
        // Always shown, even with --quiet: what a run starts from is never a detail.
        err.println(
            "zeekbeam: resuming from "
                + (saved.resumeFrom.completed == null
                    ? "--savepointPath " + saved.resumeFrom
                    : "the checkpoint of "
                        + saved.resumeFrom.completed.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + " in "
                        + saved.resumeFrom)
                + ": windows, joins and Kafka offsets as they were then");
        if (Arrays.stream(args).anyMatch(a -> a.startsWith("--startFrom="))) {
          err.println(
              "zeekbeam: --startFrom is ignored: the run resumes from its saved state"
                  + " (--fromScratch discards it)");
        }
      } else if (!options.getQuiet()) {
        err.println(
            "zeekbeam: starting with empty state; checkpoints go to " + saved.dir
                + ", and a run started again on it resumes from the last one");
      }
    } else if (!options.getQuiet()
        && options.getStateDir() == null
        && options.as(FlinkPipelineOptions.class).getStateBackendStoragePath() == null
        && !StreamingPipeline.embeddedFlink(options)) {
      err.println(
          "zeekbeam: no --stateDir: a restarted run starts with empty state (give a folder every"
              + " machine of the cluster shares to resume windows and joins)");
    }
    PipelineResult result = StreamingPipeline.run(options, plan);
    PipelineResult.State state;
    if (watchRemote) {
      err.println(
          "zeekbeam: job " + options.getJobName() + " submitted to " + flink.getFlinkMaster()
              + " (web UI: http://" + flink.getFlinkMaster() + "); Ctrl-C here cancels it");
      Thread cancel =
          new Thread(
              () -> {
                try {
                  if (!result.getState().isTerminal()) {
                    err.println("zeekbeam: cancelling job " + options.getJobName());
                    result.cancel();
                    PipelineResult.State end =
                        result.waitUntilFinish(org.joda.time.Duration.standardSeconds(30));
                    err.println(
                        "zeekbeam: job " + options.getJobName() + " "
                            + String.valueOf(end).toLowerCase(java.util.Locale.ROOT));
                  }
                } catch (IOException | RuntimeException e) {
                  err.println(
                      "zeekbeam: could not cancel job " + options.getJobName() + " on "
                          + flink.getFlinkMaster() + " (" + e.getMessage()
                          + "): cancel it in Flink's web UI");
                }
              },
              "zeekbeam-cancel-job");
      Runtime.getRuntime().addShutdownHook(cancel);
      state = result.waitUntilFinish();
      try {
        Runtime.getRuntime().removeShutdownHook(cancel);
      } catch (IllegalStateException e) {
        // Shutting down: the hook is running.
      }
    } else if (isRemoteFlink(options)) {
      // --attachedMode=false on a cluster: submitted, and left to run there.
      state = null;
    } else {
      state = result.waitUntilFinish();
    }
    out.println(
        "zeekbeam: streaming run "
            + (state == null ? "submitted" : state.toString().toLowerCase(java.util.Locale.ROOT)));
    return state == null
            || state == PipelineResult.State.DONE
            || state == PipelineResult.State.RUNNING
        ? 0
        : 1;
  }

  /** Whether the options run on a Flink cluster other than the embedded one. */
  static boolean isRemoteFlink(RunOptions options) {
    return FlinkRunner.class.equals(options.getRunner()) && !StreamingPipeline.embeddedFlink(options);
  }

  /** Writes DIR/report.html from the outputs just written; false when it could not. */
  private static boolean report(
      RunOptions options,
      BatchPipeline.Plan plan,
      RunSummary summary,
      PrintStream out,
      PrintStream err) {
    Map<String, String> skipped = new LinkedHashMap<>();
    plan.skipped.forEach((a, why) -> skipped.put(a.id(), why));
    try {
      Path file =
          HtmlReport.write(Paths.get(options.getOutput()), summary, skipped, plan.localNets);
      out.println();
      out.println("Report: " + file);
      return true;
    } catch (IOException | RuntimeException e) {
      err.println("zeekbeam run: the outputs are written, but not the report: " + e.getMessage());
      return false;
    }
  }

  static void usage(PrintStream out) {
    out.println("zeekbeam: security analytics over Zeek logs and syslog, in batch and streaming.");
    out.println();
    out.println("Usage: zeekbeam COMMAND [--option=value ...]");
    out.println();
    out.println("Commands:");
    out.println(
        "  run        run the analytics over log files (results go to --output) or, with"
            + " --source=kafka, over Kafka topics as a stream");
    out.println(
        "  serve      keep a JVM running that does the batch runs of this build: every run after"
            + " the first starts warm (Ctrl-C stops it)");
    out.println("  generate   write realistic sample logs with their known answers");
    out.println("  broker     start a local single-node Kafka broker (Ctrl-C stops it)");
    out.println("  replay     publish log files to Kafka topics in event-time order");
    out.println("  tail       print the records of a Kafka topic");
    out.println("  help       this text; 'zeekbeam COMMAND --help' shows one command");
    out.println();
    runOptions(out);
    out.println();
    generateOptions(out);
    out.println();
    brokerOptions(out);
    out.println();
    replayOptions(out);
    out.println();
    tailOptions(out);
  }

  private static void runUsage(PrintStream out) {
    out.println("Usage: zeekbeam run --input=PATH[,PATH...] --output=DIR [options]");
    out.println(
        "       zeekbeam run --source=kafka --bootstrapServers=HOST:PORT [--sink=kafka|files]"
            + " [--output=DIR] [options]");
    out.println();
    runOptions(out);
  }

  private static void runOptions(PrintStream out) {
    out.println("Options of run:");
    Help.printGroup(out, "Inputs", InputOptions.class);
    Help.printGroup(out, "Analytics", AnalyticsOptions.class);
    Help.printGroup(out, "Outputs", OutputOptions.class);
    Help.printGroup(out, "Streaming (--source=kafka)", StreamingOptions.class);
    out.println("  Runner:");
    out.println("    --runner=VALUE");
    out.println(
        "        FlinkRunner (an embedded local cluster unless --flinkMaster=host:port is given) or"
            + " DirectRunner (Beam's test runner); Beam's other options pass through"
            + " (default: FlinkRunner)");
  }

  private static void serveUsage(PrintStream out) {
    out.println("Usage: zeekbeam serve");
    out.println();
    out.println(
        "Keeps one JVM running for the batch runs of this build (zeekbeam run without"
            + " --source=kafka): a run started from any folder is handed to it, its output and"
            + " exit code come back, Ctrl-C on the run cancels it. A fresh JVM spends about half of"
            + " a run's CPU compiling code that this one keeps compiled. One run at a time; the"
            + " service's JVM options (ZEEKBEAM_JAVA_OPTS when it was started) apply. The"
            + " service stops by itself when the jar is rebuilt. ZEEKBEAM_SERVICE=off runs in"
            + " the calling JVM instead.");
  }

  private static void generateUsage(PrintStream out) {
    out.println("Usage: zeekbeam generate --output=DIR --records=N [options]");
    out.println();
    generateOptions(out);
  }

  private static void generateOptions(PrintStream out) {
    out.println("Options of generate:");
    Help.printGroup(out, "Samples", GenerateCommand.GenerateOptions.class);
  }

  private static void brokerUsage(PrintStream out) {
    out.println("Usage: zeekbeam broker [--port=9092] [--dataDir=DIR]");
    out.println();
    brokerOptions(out);
  }

  private static void brokerOptions(PrintStream out) {
    out.println("Options of broker (data by default in " + BrokerCommand.defaultDataDir() + "):");
    Help.printGroup(out, "Broker", BrokerCommand.BrokerOptions.class);
  }

  private static void replayUsage(PrintStream out) {
    out.println(
        "Usage: zeekbeam replay --input=PATH[,PATH...] --bootstrapServers=HOST:PORT [options]");
    out.println();
    replayOptions(out);
  }

  private static void replayOptions(PrintStream out) {
    out.println("Options of replay:");
    Help.printGroup(out, "Inputs", InputOptions.class);
    Help.printGroup(out, "Publishing", ReplayCommand.ReplayOptions.class);
    Help.printGroup(out, "Kafka", KafkaOptions.class);
  }

  private static void tailUsage(PrintStream out) {
    out.println("Usage: zeekbeam tail --bootstrapServers=HOST:PORT --topic=NAME [options]");
    out.println();
    tailOptions(out);
  }

  private static void tailOptions(PrintStream out) {
    out.println("Options of tail:");
    Help.printGroup(out, "Topic", TailCommand.TailOptions.class);
    Help.printGroup(out, "Kafka", KafkaOptions.class);
  }
}
