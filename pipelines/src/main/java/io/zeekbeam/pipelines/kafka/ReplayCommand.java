package io.zeekbeam.pipelines.kafka;

import io.zeekbeam.pipelines.Durations;
import io.zeekbeam.pipelines.InputOptions;
import io.zeekbeam.pipelines.UsageException;
import io.zeekbeam.pipelines.io.InputFiles;
import io.zeekbeam.pipelines.io.RowJson;
import io.zeekbeam.schemas.WatchlistEntry;
import io.zeekbeam.transforms.parse.LogFiles;
import io.zeekbeam.transforms.parse.Watchlists;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code zeekbeam replay}: publishes archived logs to the per-type topics ({@code conn}, {@code
 * dns}, {@code http}, {@code ssl}, {@code x509}, {@code syslog}) in event-time order, each record
 * stamped with its event time, so that the streaming pipeline can be run over last year's
 * archive as if it were live. The watchlist goes to the compacted topic {@code adhosts}, keyed by
 * domain, before the logs.
 *
 * <p>Values: Zeek JSON lines as written; Zeek TSV rows as the Zeek JSON object of their record;
 * syslog lines as they are. Lines the batch run would dead-letter are counted and not published.
 */
public final class ReplayCommand {
  private ReplayCommand() {}

  /** The options of {@code replay}. */
  public interface ReplayOptions extends InputOptions, KafkaOptions {
    @Description(
        "Pace: max (as fast as the cluster takes them) or N, N times real time by event time"
            + " (1 = as the logs were written, 60 = an hour a minute)")
    @Default.String("max")
    String getSpeed();

    void setSpeed(String value);

    @Description("Prefix of every topic name, e.g. lab1. for lab1.conn (default: none)")
    @Default.String("")
    String getTopicPrefix();

    void setTopicPrefix(String value);

    @Description("Partitions of the topics this command creates (existing topics are kept as they are)")
    @Default.Integer(1)
    int getPartitions();

    void setPartitions(int value);

    @Description(
        "retention.ms of the log topics this command creates; -1 keeps records forever, since"
            + " replayed records carry their old event times and time-based retention would"
            + " delete them at once")
    @Default.Long(-1)
    long getRetentionMs();

    void setRetentionMs(long value);

    @Description(
        "Watchlist to publish to the compacted topic adhosts (key: the normalised domain; value:"
            + " the JSON row ID, DATEADDED, DOMAIN, SOURCE): CSV id,dateadded,domain,source, or"
            + " one domain a line")
    String getWatchlist();

    void setWatchlist(String value);

    @Description(
        "How far back in event time a record may lie behind the newest one of its file and still"
            + " go out in order (Zeek writes conn at a connection's end); records further behind"
            + " go out late and are counted")
    @Default.String("15m")
    String getReorderWindow();

    void setReorderWindow(String value);

    @Description("Most records held per file to reorder them (bounds the memory per file)")
    @Default.Integer(100000)
    int getReorderRecords();

    void setReorderRecords(int value);
  }

  /** The watchlist's topic name, before the prefix. */
  public static final String WATCHLIST_TOPIC = "adhosts";

  public static int run(String[] args, PrintStream out, PrintStream err) {
    PipelineOptionsFactory.register(ReplayOptions.class);
    ReplayOptions o = PipelineOptionsFactory.fromArgs(args).as(ReplayOptions.class);
    KafkaProperties properties = KafkaProperties.read(o.getKafkaProperties());
    try {
      return new Replay(o, properties, out, err).run();
    } catch (KafkaCommandException e) {
      err.println("zeekbeam replay: " + properties.scrub(e.getMessage()));
      return 1;
    } catch (RuntimeException e) {
      if (e instanceof UsageException) {
        throw e;
      }
      // A client's message may quote its configuration: never print it unscrubbed.
      err.println("zeekbeam replay: failed: " + properties.scrub(KafkaCommandException.describe(e)));
      return 1;
    }
  }

  /** Parses {@code --speed}: null for max, else the factor. */
  static @Nullable Double speed(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("max")) {
      return null;
    }
    try {
      double d = Double.parseDouble(t.endsWith("x") ? t.substring(0, t.length() - 1) : t);
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // the message below says what is accepted
    }
    throw new UsageException("--speed=" + text + " is not max or a positive number such as 1 or 60");
  }

  private static final class Replay {
    private final ReplayOptions o;
    private final KafkaProperties properties;
    private final PrintStream out;
    private final PrintStream err;
    private final ReplayCounts counts = new ReplayCounts();
    private final Map<String, Long> publishedPerTopic = new TreeMap<>();
    private final Map<String, Long> newestPerTopic = new HashMap<>();
    private final Set<String> topicsReady = new HashSet<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private Admin admin;
    private KafkaProducer<String, String> producer;

    Replay(ReplayOptions o, KafkaProperties properties, PrintStream out, PrintStream err) {
      this.o = o;
      this.properties = properties;
      this.out = out;
      this.err = err;
    }

    int run() throws KafkaCommandException {
      boolean hasInput = o.getInput() != null && !o.getInput().isBlank();
      boolean hasWatchlist = o.getWatchlist() != null && !o.getWatchlist().isBlank();
      if (!hasInput && !hasWatchlist) {
        throw new UsageException(
            "--input is required (or --watchlist): give log files, folders or globs to publish");
      }
      Double speed = speed(o.getSpeed());
      if (o.getPartitions() < 1) {
        throw new UsageException("--partitions=" + o.getPartitions() + " must be at least 1");
      }
      if (o.getReorderRecords() < 1) {
        throw new UsageException(
            "--reorderRecords=" + o.getReorderRecords() + " must be at least 1");
      }
      long reorderMillis = Durations.parse("--reorderWindow", o.getReorderWindow()).getMillis();
      ZoneId zone;
      try {
        zone = ZoneId.of(o.getSyslogTimeZone());
      } catch (DateTimeException e) {
        throw new UsageException(
            "--syslogTimeZone=" + o.getSyslogTimeZone()
                + " is not a time zone: use e.g. UTC, +02:00 or Europe/Berlin");
      }
      List<InputFiles.InputFile> files = hasInput ? InputFiles.resolve(o.getInput()) : List.of();
      Path watchlist = hasWatchlist ? Paths.get(o.getWatchlist()) : null;
      if (watchlist != null && !Files.isReadable(watchlist)) {
        throw new UsageException("--watchlist: '" + o.getWatchlist() + "' cannot be read");
      }
      KafkaClients clients = new KafkaClients(properties, o.getBootstrapServers());
      String bootstrap = clients.bootstrapServers();
      long start = System.nanoTime();
      try (Admin a = clients.admin()) {
        admin = a;
        KafkaClients.checkReachable(admin, bootstrap, 30);
        try (KafkaProducer<String, String> p = clients.producer();
            EventTimeMerge merge = new EventTimeMerge(reorderMillis, o.getReorderRecords())) {
          producer = p;
          for (InputFiles.InputFile f : files) {
            if (f.detection.format == LogFiles.Format.SKIPPED_ZEEK) {
              err.println("zeekbeam: skipping " + f.path + ": " + f.detection.describe());
              continue;
            }
            try {
              merge.add(LogFileEvents.open(f.path, counts, o.getSyslogYear(), zone));
            } catch (IOException e) {
              counts.bad("unknown", f.path, "the file cannot be read: " + e.getMessage());
            }
          }
          LogEvent first = merge.next();
          long watchlistEntries =
              watchlist == null ? -1 : publishWatchlist(watchlist, first);
          long records = 0;
          long firstTs = first == null ? 0 : first.timestampMillis;
          long lastTs = firstTs;
          long wallStart = System.nanoTime();
          long lastProgress = System.nanoTime();
          for (LogEvent e = first; e != null; e = merge.next()) {
            if (speed != null) {
              pace(wallStart, firstTs, e.timestampMillis, speed);
            }
            send(e);
            records++;
            lastTs = Math.max(lastTs, e.timestampMillis);
            if (System.nanoTime() - lastProgress > 10_000_000_000L) {
              lastProgress = System.nanoTime();
              err.println(
                  "zeekbeam: " + records + " records published, event time "
                      + Instant.ofEpochMilli(lastTs));
            }
          }
          producer.flush();
          failIfSendFailed();
          printSummary(bootstrap, files.size(), records, firstTs, lastTs, watchlistEntries, start);
        } catch (IOException e) {
          throw new KafkaCommandException("reading the logs failed: " + e.getMessage());
        }
      }
      return 0;
    }

    private String prefix() {
      return o.getTopicPrefix() == null ? "" : o.getTopicPrefix().strip();
    }

    private void pace(long wallStart, long firstTs, long ts, double speed) {
      long dueNanos = wallStart + (long) ((ts - firstTs) * 1_000_000.0 / speed);
      long wait = dueNanos - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void send(LogEvent e) throws KafkaCommandException {
      String topic = prefix() + e.type.id();
      ensureTopic(topic, false);
      Long newest = newestPerTopic.get(topic);
      if (newest != null && e.timestampMillis < newest) {
        counts.of(e.type.id()).late++;
      } else {
        newestPerTopic.put(topic, e.timestampMillis);
      }
      publish(topic, e.timestampMillis, e.key, e.value);
    }

    private void publish(String topic, @Nullable Long ts, @Nullable String key, String value)
        throws KafkaCommandException {
      failIfSendFailed();
      producer.send(
          new ProducerRecord<>(topic, null, ts, key, value),
          (meta, ex) -> {
            if (ex != null) {
              sendFailure.compareAndSet(null, ex);
            }
          });
      publishedPerTopic.merge(topic, 1L, Long::sum);
    }

    private void failIfSendFailed() throws KafkaCommandException {
      Exception ex = sendFailure.get();
      if (ex != null) {
        throw new KafkaCommandException("publishing failed: " + KafkaCommandException.describe(ex));
      }
    }

    /**
     * Publishes the watchlist, stamped with the event time of the first log record (the list is
     * in force for everything replayed), or the current time when only the list is replayed.
     */
    private long publishWatchlist(Path file, @Nullable LogEvent first)
        throws KafkaCommandException {
      Watchlists.Result result;
      try {
        result = Watchlists.parse(file);
      } catch (IOException e) {
        throw new UsageException("--watchlist: '" + file + "' cannot be read: " + e.getMessage());
      }
      String topic = prefix() + WATCHLIST_TOPIC;
      ensureTopic(topic, true);
      SerializableFunction<WatchlistEntry, Row> toRow = watchlistToRow();
      Long ts = first == null ? null : first.timestampMillis;
      for (WatchlistEntry entry : result.entries()) {
        publish(topic, ts, entry.getDomain(), RowJson.toJson(toRow.apply(entry)));
      }
      if (!result.badRows().isEmpty()) {
        Watchlists.BadRow bad = result.badRows().get(0);
        err.println(
            "zeekbeam: watchlist: " + result.badRows().size() + " bad rows skipped, the first at "
                + file + ":" + bad.lineNumber() + ": " + bad.reason());
      }
      return result.entries().size();
    }

    private static SerializableFunction<WatchlistEntry, Row> watchlistToRow() {
      try {
        return SchemaRegistry.createDefault().getToRowFunction(WatchlistEntry.class);
      } catch (NoSuchSchemaException e) {
        throw new IllegalStateException("no schema for WatchlistEntry", e);
      }
    }

    /**
     * Creates the topic when it is missing: log topics with {@code --partitions} and {@code
     * --retentionMs}, the watchlist compacted (a table: the latest row per domain).
     */
    private void ensureTopic(String topic, boolean compacted) throws KafkaCommandException {
      if (!topicsReady.add(topic)) {
        return;
      }
      Map<String, String> config = new HashMap<>();
      if (compacted) {
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      } else {
        config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(o.getRetentionMs()));
      }
      NewTopic t =
          new NewTopic(topic, Optional.of(compacted ? 1 : o.getPartitions()), Optional.empty())
              .configs(config);
      try {
        admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
        err.println(
            "zeekbeam: created topic " + topic + " (" + (compacted ? "1 partition, compacted"
                : o.getPartitions() + " partition" + (o.getPartitions() == 1 ? "" : "s")) + ")");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new KafkaCommandException(
              "cannot create topic " + topic + ": " + KafkaCommandException.describe(e));
        }
      } catch (TimeoutException e) {
        throw new KafkaCommandException("creating topic " + topic + " took over 30 s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaCommandException("interrupted");
      }
    }

    private void printSummary(
        String bootstrap,
        int files,
        long records,
        long firstTs,
        long lastTs,
        long watchlistEntries,
        long startNanos) {
      out.printf(
          "zeekbeam: replayed %d records from %d files to %s in %.1f s%s%n",
          records,
          files,
          bootstrap,
          (System.nanoTime() - startNanos) / 1e9,
          records == 0
              ? ""
              : " (event time " + Instant.ofEpochMilli(firstTs) + " to "
                  + Instant.ofEpochMilli(lastTs) + ")");
      for (Map.Entry<String, ReplayCounts.Input> e : counts.all().entrySet()) {
        ReplayCounts.Input c = e.getValue();
        String topic = prefix() + e.getKey();
        StringBuilder line = new StringBuilder(String.format("  %-10s", e.getKey()));
        if (c.read == 0 && c.bad == 0) {
          line.append(
              String.format(" %8d lines skipped: no analytic reads this log", c.skipped));
        } else if (publishedPerTopic.containsKey(topic)) {
          line.append(
              String.format(" %8d published to %s", publishedPerTopic.get(topic), topic));
        } else {
          line.append(String.format(" %8d published", 0));
        }
        if (c.bad > 0) {
          line.append(
              String.format(
                  "; %d bad %s skipped (first: %s: %s)",
                  c.bad, c.bad == 1 ? "line" : "lines", c.firstBadWhere, c.firstBadReason));
        }
        if (c.late > 0) {
          line.append(
              String.format(
                  "; %d went out late (further behind than --reorderWindow=%s)",
                  c.late, o.getReorderWindow()));
        }
        out.println(line);
      }
      if (watchlistEntries >= 0) {
        String topic = prefix() + WATCHLIST_TOPIC;
        out.printf("  %-10s %8d published to %s%n", "watchlist", watchlistEntries, topic);
      }
    }
  }
}
