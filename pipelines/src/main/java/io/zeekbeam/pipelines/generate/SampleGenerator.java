package io.zeekbeam.pipelines.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.zeekbeam.pipelines.generate.GeneratorConfig.Format;
import io.zeekbeam.pipelines.generate.LogFileWriter.FileStats;
import io.zeekbeam.pipelines.generate.LogFileWriter.Spec;
import io.zeekbeam.pipelines.generate.ZeekFormat.Encoding;
import io.zeekbeam.schemas.LogType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Generates a realistic, deterministic sample of Zeek logs (conn, dns, http, ssl, x509), an sshd
 * syslog file and an ad-server watchlist, together with the answer every analytic must give on it.
 * The answers let the pipelines be tested end to end, in batch and streaming, at any size.
 *
 * <p>Output under the configured directory:
 *
 * <ul>
 *   <li>{@code logs/}: the inputs, named as Zeek names them ({@code conn.log}, {@code dns.log},
 *       rotated archives such as {@code conn.00:00:00-01:00:00.log.gz} in mixed format, {@code
 *       ssl.json.gz}) and {@code auth.log};
 *   <li>{@code watchlist.csv}: {@code id,dateadded,domain,source};
 *   <li>{@code expected/<analytic>.jsonl}: each analytic's rows, one JSON object a line, lines
 *       sorted; GeoIP values are not known here, so geo rows carry only their keys;
 *   <li>{@code expected/summary.json}: lines, records and unparseable lines per input, rows per
 *       answer.
 * </ul>
 *
 * <p>Everything is streamed: records are written as they are generated and the answers are kept as
 * bounded aggregates and externally sorted row files, so tens of millions of records need no more
 * memory than a few thousand. Equal configurations give byte-identical output; no wall clock is
 * read.
 */
public final class SampleGenerator {
  /** What a run wrote. */
  public record Result(
      Path outputDir,
      long records,
      long deadLetters,
      Map<String, Long> recordsPerInput,
      Map<String, Long> rowsPerAnalytic) {}

  /** Background records per background scenario, on average; sizes the arrival rate. */
  private static final double RECORDS_PER_SCENARIO = 3.9;

  /** How long a data set of {@code n} records spans at least, beyond the planted two hours. */
  private static final long MICROS_PER_RECORD = 10 * Times.MILLI;

  private static final List<LogType> INPUTS =
      List.of(LogType.CONN, LogType.DNS, LogType.HTTP, LogType.SSL, LogType.X509, LogType.SYSLOG);

  private SampleGenerator() {}

  /**
   * Writes the sample. Files the generator writes that are left in {@code logs/} and {@code
   * expected/} by an earlier run are removed first, so that a run never mixes with an earlier one;
   * other files there are left alone.
   */
  public static Result run(GeneratorConfig config) throws IOException {
    try {
      return generate(config);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Result generate(GeneratorConfig config) throws IOException {
    Path dir = config.outputDir();
    Path logs = dir.resolve("logs");
    Path expected = dir.resolve("expected");
    Path tmp = dir.resolve(".generate-tmp");
    clean(logs, SampleGenerator::isGeneratedLog);
    clean(expected, n -> n.endsWith(".jsonl") || n.equals("summary.json"));
    deleteTree(tmp);
    Files.createDirectories(logs);
    Files.createDirectories(expected);

    long start = Times.micros(config.start());
    long seed = config.seed();
    Ids ids = new Ids(seed);
    SplittableRandom root = new SplittableRandom(seed);
    PlantedCases planted = new PlantedCases(new Traffic(ids, root.split()), seed, start);
    long plantedRecords = 0;
    for (Scenario s : planted.scenarios()) {
      plantedRecords += s.records();
    }
    long budget = Math.max(0, config.records() - plantedRecords);
    long span = Math.max(planted.end() - start, config.records() * MICROS_PER_RECORD);
    long meanGap = (long) (span / Math.max(1.0, budget / RECORDS_PER_SCENARIO));
    Background background =
        new Background(
            new Catalog(seed, start), new Traffic(ids, root.split()), start, meanGap, budget);

    Map<LogType, Spec> layout = layout(config.format(), config.gzip());
    Map<LogType, LogFileWriter> writers = new EnumMap<>(LogType.class);
    for (LogType t : INPUTS) {
      ZeekSchema schema = t == LogType.SYSLOG ? null : schema(t);
      writers.put(t, new LogFileWriter(logs, layout.get(t), schema, start));
    }
    writeWatchlist(dir.resolve("watchlist.csv"), planted.watchlistRows());
    Expectations expectations = new Expectations(expected, tmp, planted.watchlistRows());

    Map<LogType, Long> records = new EnumMap<>(LogType.class);
    Map<LogType, Long> bad = new EnumMap<>(LogType.class);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long lastWrite = start;
    Iterator<Scenario> plantedIt = planted.scenarios().iterator();
    Scenario nextPlanted = plantedIt.hasNext() ? plantedIt.next() : null;
    long clock = Long.MIN_VALUE;
    while (true) {
      Scenario s;
      long bgNext = background.peek();
      if (nextPlanted != null && nextPlanted.start <= bgNext) {
        s = nextPlanted;
        nextPlanted = plantedIt.hasNext() ? plantedIt.next() : null;
      } else if (bgNext != Long.MAX_VALUE) {
        s = background.next();
      } else {
        break;
      }
      if (s.start < clock) {
        throw new IllegalStateException("scenarios out of order at " + Times.iso(s.start));
      }
      clock = s.start;
      expectations.advance(clock);
      for (LogFileWriter w : writers.values()) {
        w.advance(clock);
      }
      for (Object item : s.items) {
        LogType type = route(item, expectations);
        long write = Scenario.writeTime(item);
        writers.get(type).add(write, item);
        if (item instanceof LogFileWriter.BadLine) {
          bad.merge(type, 1L, Long::sum);
        } else {
          records.merge(type, 1L, Long::sum);
          long ts = Scenario.time(item);
          first = Math.min(first, ts);
          last = Math.max(last, ts);
        }
        lastWrite = Math.max(lastWrite, write);
      }
    }

    long end = Times.ceil(lastWrite + 1, Times.SECOND);
    Map<LogType, List<FileStats>> files = new EnumMap<>(LogType.class);
    for (Map.Entry<LogType, LogFileWriter> e : writers.entrySet()) {
      files.put(e.getKey(), e.getValue().finish(end));
    }
    Map<String, Long> rows = expectations.finish();
    deleteTree(tmp);

    Map<String, Long> perInput = new LinkedHashMap<>();
    long totalRecords = 0;
    long totalBad = 0;
    for (LogType t : INPUTS) {
      perInput.put(t.id(), records.getOrDefault(t, 0L));
      totalRecords += records.getOrDefault(t, 0L);
      totalBad += bad.getOrDefault(t, 0L);
    }
    writeSummary(
        expected.resolve("summary.json"), config, layout, files, rows, planted, first, last);
    return new Result(dir, totalRecords, totalBad, perInput, rows);
  }

  /** Which file each input goes to, in which encoding. */
  static Map<LogType, Spec> layout(Format format, boolean gzip) {
    Map<LogType, Spec> m = new EnumMap<>(LogType.class);
    for (LogType t : INPUTS) {
      if (t == LogType.SYSLOG) {
        m.put(t, new Spec("auth", ".log", null, gzip, false));
      } else if (format == Format.JSON) {
        m.put(t, new Spec(t.id(), ".log", Encoding.JSON, gzip, false));
      } else {
        m.put(t, new Spec(t.id(), ".log", Encoding.TSV, gzip, false));
      }
    }
    if (format == Format.MIXED) {
      m.put(LogType.CONN, new Spec("conn", ".log", Encoding.TSV, true, true));
      m.put(LogType.DNS, new Spec("dns", ".log", Encoding.JSON, gzip, false));
      m.put(LogType.SSL, new Spec("ssl", ".json", Encoding.JSON_ISO, true, false));
    }
    return m;
  }

  static ZeekSchema schema(LogType t) {
    switch (t) {
      case CONN:
        return ZeekEvent.Conn.SCHEMA;
      case DNS:
        return ZeekEvent.Dns.SCHEMA;
      case HTTP:
        return ZeekEvent.Http.SCHEMA;
      case SSL:
        return ZeekEvent.Ssl.SCHEMA;
      case X509:
        return ZeekEvent.X509.SCHEMA;
      default:
        throw new IllegalArgumentException("not a Zeek log: " + t);
    }
  }

  private static LogType route(Object item, Expectations x) {
    if (item instanceof LogFileWriter.BadLine b) {
      return b.template() instanceof ZeekEvent e ? e.type() : LogType.SYSLOG;
    }
    if (item instanceof SyslogLine l) {
      x.onSyslog(l);
      return LogType.SYSLOG;
    }
    if (item instanceof ZeekEvent.Conn c) {
      x.onConn(c);
    } else if (item instanceof ZeekEvent.Dns d) {
      x.onDns(d);
    } else if (item instanceof ZeekEvent.Http h) {
      x.onHttp(h);
    } else if (item instanceof ZeekEvent.Ssl s) {
      x.onSsl(s);
    } else if (item instanceof ZeekEvent.X509 c) {
      x.onX509(c);
    }
    return ((ZeekEvent) item).type();
  }

  private static void writeWatchlist(Path file, List<WatchlistRow> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("id,dateadded,domain,source\n");
      for (WatchlistRow r : rows) {
        w.write(r.csv());
        w.write('\n');
      }
    }
  }

  private static void writeSummary(
      Path file,
      GeneratorConfig config,
      Map<LogType, Spec> layout,
      Map<LogType, List<FileStats>> files,
      Map<String, Long> rows,
      PlantedCases planted,
      long first,
      long last)
      throws IOException {
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.setPrettyPrinter(pretty);
      g.writeStartObject();
      g.writeStringField("generator", SampleGenerator.class.getName());
      g.writeObjectFieldStart("config");
      g.writeNumberField("records", config.records());
      g.writeNumberField("seed", config.seed());
      g.writeStringField("format", config.format().toString());
      g.writeBooleanField("gzip", config.gzip());
      g.writeStringField("start", config.start().toString());
      g.writeEndObject();
      g.writeObjectFieldStart("eventTime");
      g.writeStringField("first", Times.iso(first));
      g.writeStringField("last", Times.iso(last));
      g.writeEndObject();
      g.writeArrayFieldStart("localNets");
      for (String n : LocalNets.DEFAULT) {
        g.writeString(n);
      }
      g.writeEndArray();

      long totalRecords = 0;
      long totalBad = 0;
      g.writeObjectFieldStart("inputs");
      for (LogType t : INPUTS) {
        Spec spec = layout.get(t);
        long lines = 0;
        long header = 0;
        long rec = 0;
        long bad = 0;
        for (FileStats f : files.get(t)) {
          lines += f.lines();
          header += f.headerLines();
          rec += f.records();
          bad += f.badLines();
        }
        totalRecords += rec;
        totalBad += bad;
        g.writeObjectFieldStart(t.id());
        g.writeStringField(
            "encoding",
            spec.encoding() == null ? "syslog" : spec.encoding().name().toLowerCase(Locale.ROOT));
        g.writeNumberField("lines", lines);
        g.writeNumberField("headerLines", header);
        g.writeNumberField("records", rec);
        g.writeNumberField("deadLetters", bad);
        g.writeArrayFieldStart("files");
        for (FileStats f : files.get(t)) {
          g.writeStartObject();
          g.writeStringField("path", "logs/" + f.name());
          g.writeBooleanField("gzip", spec.gzip());
          g.writeNumberField("lines", f.lines());
          g.writeNumberField("headerLines", f.headerLines());
          g.writeNumberField("records", f.records());
          g.writeNumberField("deadLetters", f.badLines());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeObjectFieldStart("totals");
      g.writeNumberField("records", totalRecords);
      g.writeNumberField("deadLetters", totalBad);
      g.writeNumberField("read", totalRecords + totalBad);
      g.writeEndObject();
      g.writeObjectFieldStart("watchlist");
      g.writeStringField("path", "watchlist.csv");
      g.writeNumberField("rows", planted.watchlistRows().size());
      g.writeEndObject();
      g.writeObjectFieldStart("analytics");
      for (Map.Entry<String, Long> e : rows.entrySet()) {
        g.writeNumberField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("notes");
      for (String note : NOTES) {
        g.writeString(note);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  /** How to read the answers; repeated in summary.json so that the answers explain themselves. */
  static final List<String> NOTES =
      List.of(
          "Times are epoch seconds with six decimals unless a column says otherwise (TIMESTAMP,"
              + " STARTTIME, ENDTIME and hostname-counts' WINDOW_START/WINDOW_END are epoch"
              + " milliseconds; EVENT_TIME, CERT_*_DATE and bytes-by-service's windows are"
              + " yyyy-MM-dd HH:mm:ss UTC).",
          "Answers use the default local networks listed here; inbound-localnets-192.168.1.0-24"
              + " is inbound with --localNets=192.168.1.0/24.",
          "local_orig is Zeek's value when Zeek wrote one, else decided from id.orig_h; rich-dns"
              + " LOCAL_ORIG is that effective value.",
          "hostname-counts windows a rich-dns row by the later of its dns and conn ts.",
          "ssl-certs/new-certs take SUBJECT and ISSUER from the x509 record when ssl.log has none"
              + " (Zeek 4.1+).",
          "geo and new-certs rows omit the GeoIP/ASN columns, whose values come from the MaxMind"
              + " databases.",
          "watchlist-*-subdomains are the answers with subdomain matching on;"
              + " ssh-brute-force-sliding uses 5 s windows sliding every 1 s.",
          "dns-lookups counts the query string as written (no case folding).",
          "Row keys: inbound rows carry the conn record's ts, uid, id.* and proto; geo rows UID,"
              + " DEST_IP and SRC_IP; watchlist rows the event's ts, uid and query or host plus"
              + " the matched watchlist row (ID, DATEADDED, DOMAIN, SOURCE); ssl-certs and"
              + " new-certs rows end with the ssl record's UID.",
          "ssh-failed-logins MESSAGE is the syslog message after the header, a 'message"
              + " repeated N times: [ ... ]' line included as written (its COUNT is N).",
          "The ssl and x509 logs merge two sensors: Zeek < 4.1 (cert_chain_fuids, x509 id) and"
              + " Zeek >= 4.1 (cert_chain_fps, x509 fingerprint logged once a day).",
          "read = records + deadLetters per input: deadLetters are the deliberately broken"
              + " lines.");

  /** Whether a file name is one the generator gives a log (or a rotated log being written). */
  static boolean isGeneratedLog(String name) {
    for (LogType t : INPUTS) {
      String base = t == LogType.SYSLOG ? "auth" : t.id();
      if (name.startsWith(base + ".") || name.equals("." + base + ".writing")) {
        return true;
      }
    }
    return false;
  }

  private static void clean(Path dir, Predicate<String> generated) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (Files.isRegularFile(f) && generated.test(f.getFileName().toString())) {
          Files.delete(f);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * For manual use: {@code --output=DIR --records=N [--seed=S] [--format=json|tsv|mixed] [--gzip]
   * [--start=ISO-8601]}.
   */
  public static void main(String[] args) throws IOException {
    Path out = null;
    GeneratorConfig c = GeneratorConfig.of(Paths.get("."), GeneratorConfig.DEFAULT_RECORDS);
    for (String a : args) {
      String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
      if (a.startsWith("--output=")) {
        out = Paths.get(value);
      } else if (a.startsWith("--records=")) {
        c = c.withRecords(Long.parseLong(value));
      } else if (a.startsWith("--seed=")) {
        c = c.withSeed(Long.parseLong(value));
      } else if (a.startsWith("--format=")) {
        c = c.withFormat(Format.parse(value));
      } else if (a.equals("--gzip")) {
        c = c.withGzip(true);
      } else if (a.startsWith("--start=")) {
        c = c.withStart(Instant.parse(value));
      } else {
        throw new IllegalArgumentException("unknown argument: " + a);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--output=DIR is required");
    }
    Result r = run(c.withOutputDir(out));
    System.out.println(
        "wrote "
            + r.records()
            + " records ("
            + r.deadLetters()
            + " broken lines) to "
            + r.outputDir());
  }
}
