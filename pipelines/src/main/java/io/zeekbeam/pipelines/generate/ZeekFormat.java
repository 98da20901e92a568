package io.zeekbeam.pipelines.generate;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints Zeek records the way Zeek's writers do: the ASCII (TSV) writer with its header, escapes,
 * {@code -} for unset and {@code (empty)} for empty containers; and the JSON writer, which omits
 * unset fields and prints times as epoch seconds or, with {@code json_timestamps}, ISO-8601.
 */
final class ZeekFormat {
  /** The encodings a Zeek log file can have. */
  enum Encoding {
    TSV,
    /** JSON lines, times as epoch seconds (Zeek's default JSON). */
    JSON,
    /**
     * JSON lines with {@code json_timestamps=JSON::TS_ISO8601} and the {@code _path} and {@code
     * _write_ts} fields that Zeek's {@code policy/tuning/json-logs} adds.
     */
    JSON_ISO
  }

  static final String UNSET = "-";
  static final String EMPTY = "(empty)";

  private final StringWriter buffer = new StringWriter(512);
  private final JsonGenerator json;

  ZeekFormat() {
    try {
      json = new JsonFactoryBuilder().rootValueSeparator("").build().createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The header lines of a TSV log, up to and including {@code #types}. */
  static List<String> tsvHeader(ZeekSchema schema, long openMicros) {
    List<String> lines = new ArrayList<>();
    lines.add("#separator \\x09");
    lines.add("#set_separator\t,");
    lines.add("#empty_field\t" + EMPTY);
    lines.add("#unset_field\t" + UNSET);
    lines.add("#path\t" + schema.type().id());
    lines.add("#open\t" + Times.zeekHeader(openMicros));
    lines.add("#fields\t" + String.join("\t", schema.names()));
    lines.add("#types\t" + String.join("\t", schema.types()));
    return lines;
  }

  static String tsvClose(long closeMicros) {
    return "#close\t" + Times.zeekHeader(closeMicros);
  }

  /** One TSV row. */
  static String tsv(ZeekEvent e) {
    return String.join("\t", tsvFields(e));
  }

  /** A row that lost its last columns: too few fields for its header. */
  static String tsvTruncated(ZeekEvent e) {
    List<String> f = tsvFields(e);
    return String.join("\t", f.subList(0, Math.min(6, f.size() - 1)));
  }

  private static List<String> tsvFields(ZeekEvent e) {
    ZeekSchema s = e.schema();
    Object[] row = e.row();
    List<String> out = new ArrayList<>(row.length);
    for (int i = 0; i < row.length; i++) {
      out.add(tsvValue(row[i], s.types().get(i)));
    }
    return out;
  }

  private static String tsvValue(Object v, String type) {
    if (v == null) {
      return UNSET;
    }
    String element = ZeekSchema.elementType(type);
    if (element != null) {
      List<?> list = (List<?>) v;
      if (list.isEmpty()) {
        return EMPTY;
      }
      StringBuilder b = new StringBuilder();
      for (Object o : list) {
        if (b.length() > 0) {
          b.append(',');
        }
        b.append(scalar(o, element, true));
      }
      return b.toString();
    }
    return scalar(v, type, false);
  }

  private static String scalar(Object v, String type, boolean inContainer) {
    switch (type) {
      case "time":
      case "interval":
        return Times.epochSeconds((Long) v);
      case "bool":
        return ((Boolean) v) ? "T" : "F";
      case "count":
      case "port":
      case "int":
        return v.toString();
      default:
        return escape(v.toString(), inContainer);
    }
  }

  /**
   * Zeek's ASCII escaping: a backslash is doubled, the separator, non-printable and non-ASCII bytes
   * become {@code \xHH}, and so does the set separator inside a container. A value that would read
   * as the unset or empty marker has its first character escaped.
   */
  static String escape(String s, boolean inContainer) {
    if (s.isEmpty()) {
      return EMPTY;
    }
    if (s.equals(UNSET)) {
      return "\\x2d";
    }
    if (s.equals(EMPTY)) {
      return "\\x28empty)";
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(bytes.length + 8);
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c == '\\') {
        b.append("\\\\");
      } else if (c < 0x20 || c >= 0x7f || (inContainer && c == ',')) {
        b.append("\\x")
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 15, 16));
      } else {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  /** One JSON line; {@code writeMicros} is only used for {@link Encoding#JSON_ISO}. */
  String json(ZeekEvent e, Encoding encoding, long writeMicros) {
    boolean iso = encoding == Encoding.JSON_ISO;
    try {
      json.writeStartObject();
      if (iso) {
        json.writeStringField("_path", e.type().id());
        json.writeStringField("_write_ts", Times.iso(writeMicros));
      }
      ZeekSchema s = e.schema();
      Object[] row = e.row();
      for (int i = 0; i < row.length; i++) {
        if (row[i] == null) {
          continue;
        }
        json.writeFieldName(s.names().get(i));
        String type = s.types().get(i);
        String element = ZeekSchema.elementType(type);
        if (element != null) {
          json.writeStartArray();
          for (Object o : (List<?>) row[i]) {
            jsonScalar(o, element, iso);
          }
          json.writeEndArray();
        } else {
          jsonScalar(row[i], type, iso);
        }
      }
      json.writeEndObject();
      json.flush();
      String line = buffer.toString();
      buffer.getBuffer().setLength(0);
      return line;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private void jsonScalar(Object v, String type, boolean iso) throws IOException {
    switch (type) {
      case "time":
        if (iso) {
          json.writeString(Times.iso((Long) v));
        } else {
          json.writeNumber(Times.epochSeconds((Long) v));
        }
        break;
      case "interval":
        json.writeNumber(Times.epochSeconds((Long) v));
        break;
      case "bool":
        json.writeBoolean((Boolean) v);
        break;
      case "count":
      case "port":
      case "int":
        json.writeNumber(((Number) v).longValue());
        break;
      default:
        json.writeString(v.toString());
    }
  }

  /** A JSON line cut off in the middle, as a crash while writing leaves it. */
  String jsonTruncated(ZeekEvent e, Encoding encoding, long writeMicros) {
    String line = json(e, encoding, writeMicros);
    return line.substring(0, line.length() * 3 / 5);
  }
}
