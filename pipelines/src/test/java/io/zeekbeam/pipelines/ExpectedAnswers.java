package io.zeekbeam.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Compares an output folder's rows with the generator's expected answers. The expected rows may
 * name fewer columns than the output (e.g. GeoIP values the generator cannot know): rows are
 * compared on the expected columns only, as a multiset, with numbers compared by value (the
 * generator writes {@code 662.000000}, Jackson {@code 662.0}).
 */
public final class ExpectedAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExpectedAnswers() {}

  public static List<String> expected(Path file) {
    try {
      List<String> rows = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          rows.add(canonical(JSON.readTree(line), null));
        }
      }
      Collections.sort(rows);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The output rows projected on the columns of the first expected row. */
  public static List<String> actual(List<String> outputLines, Path expectedFile) {
    try {
      JsonNode template = null;
      for (String line : Files.readAllLines(expectedFile)) {
        if (!line.isBlank()) {
          template = JSON.readTree(line);
          break;
        }
      }
      List<String> rows = new ArrayList<>();
      for (String line : outputLines) {
        rows.add(canonical(JSON.readTree(line), template));
      }
      Collections.sort(rows);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String canonical(JsonNode row, JsonNode template) {
    ObjectNode out = JSON.createObjectNode();
    Iterator<String> names = (template == null ? row : template).fieldNames();
    List<String> sorted = new ArrayList<>();
    names.forEachRemaining(sorted::add);
    Collections.sort(sorted);
    for (String name : sorted) {
      out.set(name, normalise(row.get(name)));
    }
    return out.toString();
  }

  private static JsonNode normalise(JsonNode v) {
    if (v == null || v.isNull()) {
      return JSON.nullNode();
    }
    if (v.isNumber()) {
      return JSON.getNodeFactory().numberNode(v.decimalValue().stripTrailingZeros());
    }
    if (v.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode a = JSON.createArrayNode();
      v.forEach(e -> a.add(normalise(e)));
      return a;
    }
    if (v.isObject()) {
      return JSON.valueToTree(JSON.convertValue(v, java.util.TreeMap.class));
    }
    return v;
  }
}
