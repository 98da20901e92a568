package io.zeekbeam.pipelines.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a generated sample the way a consumer would, without the generator's help, so that the
 * tests check the files rather than the generator's own bookkeeping.
 */
final class Samples {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The default start, 2026-03-02T00:00:00Z, in epoch seconds; planted times are offsets. */
  static final long BASE = 1772409600L;

  static final Pattern RFC3339_LINE =
      Pattern.compile(
          "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}[+-]\\d{2}:\\d{2} \\S+"
              + " [\\w-]+\\[\\d+\\]: .+$");
  static final Pattern RFC5424_LINE =
      Pattern.compile(
          "^<\\d{1,3}>1 \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z \\S+ \\S+ \\d+ - -"
              + " .+$");

  private Samples() {}

  static Path generate(Path dir, long records, long seed, GeneratorConfig.Format format, boolean gz)
      throws IOException {
    SampleGenerator.run(
        GeneratorConfig.of(dir, records).withSeed(seed).withFormat(format).withGzip(gz));
    return dir;
  }

  static List<String> lines(Path file) {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> out = new ArrayList<>();
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        out.add(l);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The input type a log file holds, from its name as a reader would guess it. */
  static String typeOf(Path file) {
    String name = file.getFileName().toString();
    String prefix = name.substring(0, name.indexOf('.'));
    return prefix.equals("auth") ? "syslog" : prefix;
  }

  static List<Path> logFiles(Path sample) throws IOException {
    try (Stream<Path> s = Files.list(sample.resolve("logs"))) {
      return s.sorted().toList();
    }
  }

  static List<Path> logFiles(Path sample, String type) throws IOException {
    return logFiles(sample).stream().filter(f -> typeOf(f).equals(type)).toList();
  }

  static JsonNode summary(Path sample) throws IOException {
    return JSON.readTree(sample.resolve("expected/summary.json").toFile());
  }

  static List<JsonNode> rows(Path sample, String analytic) {
    List<JsonNode> out = new ArrayList<>();
    for (String l : lines(sample.resolve("expected/" + analytic + ".jsonl"))) {
      try {
        out.add(JSON.readTree(l));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** A JSON line, or null when the line is not a JSON object. */
  static JsonNode jsonOrNull(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Classifies one line of a log file independently of the generator. */
  enum Kind {
    HEADER,
    RECORD,
    BROKEN
  }

  /**
   * Whether a line is a header, a record or broken: a TSV row must have as many columns as {@code
   * #fields}; a JSON line must be an object with {@code ts}; a syslog line must have an RFC 3339 or
   * RFC 5424 header.
   */
  static List<Kind> classify(Path file) {
    List<Kind> kinds = new ArrayList<>();
    int columns = -1;
    boolean syslog = typeOf(file).equals("syslog");
    for (String l : lines(file)) {
      if (!syslog && l.startsWith("#")) {
        if (l.startsWith("#fields\t")) {
          columns = l.split("\t", -1).length - 1;
        }
        kinds.add(Kind.HEADER);
      } else if (syslog) {
        boolean ok = RFC3339_LINE.matcher(l).matches() || RFC5424_LINE.matcher(l).matches();
        kinds.add(ok ? Kind.RECORD : Kind.BROKEN);
      } else if (columns >= 0) {
        kinds.add(l.split("\t", -1).length == columns ? Kind.RECORD : Kind.BROKEN);
      } else {
        JsonNode n = jsonOrNull(l);
        kinds.add(n != null && n.has("ts") ? Kind.RECORD : Kind.BROKEN);
      }
    }
    return kinds;
  }

  /** The data lines of a log file (no headers, no broken lines), as JSON-like field maps. */
  static List<JsonNode> records(Path file) {
    List<JsonNode> out = new ArrayList<>();
    List<String> fields = null;
    for (String l : lines(file)) {
      if (l.startsWith("#fields\t")) {
        fields = List.of(l.substring(8).split("\t", -1));
        continue;
      }
      if (l.startsWith("#")) {
        continue;
      }
      if (fields != null) {
        String[] v = l.split("\t", -1);
        if (v.length != fields.size()) {
          continue;
        }
        com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
        for (int i = 0; i < v.length; i++) {
          if (!v[i].equals("-")) {
            o.put(fields.get(i), v[i]);
          }
        }
        out.add(o);
      } else {
        JsonNode n = jsonOrNull(l);
        if (n != null && n.has("ts")) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** A record's {@code ts} in microseconds, whether written as a number or ISO-8601. */
  static long tsMicros(JsonNode record) {
    JsonNode ts = record.get("ts");
    String s = ts.asText();
    if (s.endsWith("Z")) {
      java.time.Instant i = java.time.Instant.parse(s);
      return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
    return new java.math.BigDecimal(s).movePointRight(6).longValueExact();
  }
}
