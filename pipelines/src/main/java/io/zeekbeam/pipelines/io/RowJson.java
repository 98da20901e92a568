package io.zeekbeam.pipelines.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;

/**
 * Writes a schema'd {@link Row} as one line of JSON with Jackson's generator. Field names are the
 * schema's (Zeek's own for parsed records, the walkthrough's columns for analytics). Doubles are
 * written as plain decimals ({@code 1589364400.639986}, as Zeek writes {@code ts}), never in
 * exponent form. Unset values are written as {@code null} so that every line has every column.
 */
public final class RowJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private RowJson() {}

  public static String toJson(Row row) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writeRow(g, row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeRow(JsonGenerator g, Row row) throws IOException {
    Schema schema = row.getSchema();
    g.writeStartObject();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Schema.Field f = schema.getField(i);
      g.writeFieldName(f.getName());
      writeValue(g, f.getType(), row.getValue(i));
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, FieldType type, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
      return;
    }
    switch (type.getTypeName()) {
      case ROW:
        writeRow(g, (Row) value);
        break;
      case ARRAY:
      case ITERABLE:
        g.writeStartArray();
        for (Object e : (Iterable<?>) value) {
          writeValue(g, type.getCollectionElementType(), e);
        }
        g.writeEndArray();
        break;
      case DOUBLE:
      case FLOAT:
        double d = ((Number) value).doubleValue();
        if (Double.isFinite(d)) {
          g.writeNumber(plain(d));
        } else {
          g.writeNull();
        }
        break;
      case INT16:
      case INT32:
      case BYTE:
        g.writeNumber(((Number) value).intValue());
        break;
      case INT64:
        g.writeNumber(((Number) value).longValue());
        break;
      case DECIMAL:
        g.writeNumber((BigDecimal) value);
        break;
      case BOOLEAN:
        g.writeBoolean((Boolean) value);
        break;
      default:
        if (value instanceof Collection) {
          throw new IllegalStateException("unexpected collection for " + type);
        }
        g.writeString(value.toString());
    }
  }

  /** The shortest decimal that reads back as {@code d}, without an exponent. */
  static String plain(double d) {
    String s = BigDecimal.valueOf(d).toPlainString();
    if (s.indexOf('.') > 0) {
      int end = s.length();
      while (s.charAt(end - 1) == '0') {
        end--;
      }
      if (s.charAt(end - 1) == '.') {
        end++;
      }
      s = s.substring(0, end);
    }
    return s;
  }
}
