package io.zeekbeam.pipelines.generate;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds one JSON object as a line of text, columns in the order they are added; nulls are written
 * as {@code null} so that every row of an answer has every column. Times are written as Zeek writes
 * them, epoch seconds with six decimals, unless a column says otherwise.
 */
final class JsonRow {
  private final StringWriter buffer = new StringWriter(512);
  private final JsonGenerator g;

  JsonRow() {
    try {
      g = new JsonFactoryBuilder().rootValueSeparator("").build().createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonRow start() {
    try {
      g.writeStartObject();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String end() {
    try {
      g.writeEndObject();
      g.flush();
      String s = buffer.toString();
      buffer.getBuffer().setLength(0);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonRow str(String name, String v) {
    try {
      g.writeFieldName(name);
      if (v == null) {
        g.writeNull();
      } else {
        g.writeString(v);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonRow num(String name, Long v) {
    try {
      g.writeFieldName(name);
      if (v == null) {
        g.writeNull();
      } else {
        g.writeNumber(v);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A time or interval in epoch microseconds, written as seconds with six decimals. */
  JsonRow secs(String name, Long micros) {
    try {
      g.writeFieldName(name);
      if (micros == null) {
        g.writeNull();
      } else {
        g.writeNumber(Times.epochSeconds(micros));
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonRow bool(String name, Boolean v) {
    try {
      g.writeFieldName(name);
      if (v == null) {
        g.writeNull();
      } else {
        g.writeBoolean(v);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonRow strs(String name, List<String> v) {
    try {
      g.writeFieldName(name);
      if (v == null) {
        g.writeNull();
      } else {
        g.writeStartArray();
        for (String s : v) {
          g.writeString(s);
        }
        g.writeEndArray();
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A list of intervals in microseconds, written as seconds with six decimals. */
  JsonRow secsList(String name, List<Long> v) {
    try {
      g.writeFieldName(name);
      if (v == null) {
        g.writeNull();
      } else {
        g.writeStartArray();
        for (Long s : v) {
          g.writeNumber(Times.epochSeconds(s));
        }
        g.writeEndArray();
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
