package io.zeekbeam.transforms.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One JSON object on one line, written with Jackson's generator: the dead-letter text of the
 * records the joins keep of their inputs ({@link ConnForDns}, {@link DnsForRichDns}). Unset
 * fields are left out, as Zeek leaves them out.
 */
final class JsonLine {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonLine() {}

  /** Writes the fields of one object. */
  interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  static String of(Fields fields) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static void field(JsonGenerator g, String name, @Nullable String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  static void field(JsonGenerator g, String name, @Nullable Long value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }

  static void field(JsonGenerator g, String name, @Nullable Integer value) throws IOException {
    if (value != null) {
      g.writeNumberField(name, value);
    }
  }
}
