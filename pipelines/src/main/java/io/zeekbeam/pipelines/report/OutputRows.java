package io.zeekbeam.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekbeam.schemas.AvroNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Streams the rows of one output folder ({@code part-*.jsonl} or {@code part-*.avro}) as JSON trees
 * with the wire names of the JSON output ({@code id.orig_h}, even when Avro wrote {@code
 * id_orig_h}), one row at a time, so reading a large output costs the memory of one row. A line
 * that is not JSON is counted, not fatal: the report is about the run, not a validator.
 */
final class OutputRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OutputRows() {}

  /**
   * Calls {@code each} for every row of {@code folder}; returns the rows that could not be read.
   */
  static long forEach(Path folder, Consumer<JsonNode> each) {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    long unreadable = 0;
    for (Path part : parts(folder)) {
      String name = part.getFileName().toString();
      try {
        if (name.endsWith(".jsonl")) {
          unreadable += jsonLines(part, each);
        } else if (name.endsWith(".avro")) {
          avro(part, each);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + part + ": " + e.getMessage(), e);
      }
    }
    return unreadable;
  }

  private static List<Path> parts(Path folder) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "part-*")) {
      ds.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  private static long jsonLines(Path part, Consumer<JsonNode> each) throws IOException {
    long unreadable = 0;
    try (BufferedReader r = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode row;
        try {
          row = JSON.readTree(line);
        } catch (IOException e) {
          unreadable++;
          continue;
        }
        if (row != null && row.isObject()) {
          each.accept(row);
        } else {
          unreadable++;
        }
      }
    }
    return unreadable;
  }

  private static void avro(Path part, Consumer<JsonNode> each) throws IOException {
    try (InputStream in = Files.newInputStream(part);
        DataFileStream<GenericRecord> records =
            new DataFileStream<>(in, new GenericDatumReader<>())) {
      for (GenericRecord r : records) {
        each.accept(toJson(r));
      }
    }
  }

  static ObjectNode toJson(GenericRecord r) {
    ObjectNode o = NODES.objectNode();
    for (Schema.Field f : r.getSchema().getFields()) {
      o.set(wireName(f), toJson(r.get(f.pos())));
    }
    return o;
  }

  /** The JSON name of an Avro field: its doc holds the original when dots were replaced. */
  private static String wireName(Schema.Field f) {
    String doc = f.doc();
    return doc != null && !doc.isEmpty() && AvroNames.avroName(doc).equals(f.name())
        ? doc
        : f.name();
  }

  private static JsonNode toJson(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof GenericRecord) {
      return toJson((GenericRecord) v);
    }
    if (v instanceof Iterable) {
      ArrayNode a = NODES.arrayNode();
      for (Object o : (Iterable<?>) v) {
        a.add(toJson(o));
      }
      return a;
    }
    if (v instanceof Map) {
      ObjectNode o = NODES.objectNode();
      ((Map<?, ?>) v).forEach((k, x) -> o.set(String.valueOf(k), toJson(x)));
      return o;
    }
    if (v instanceof Long || v instanceof Integer) {
      return NODES.numberNode(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      return NODES.numberNode(((Number) v).doubleValue());
    }
    if (v instanceof Boolean) {
      return NODES.booleanNode((Boolean) v);
    }
    return NODES.textNode(v.toString());
  }
}
