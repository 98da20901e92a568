package io.zeekbeam.transforms.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses one line of Zeek's JSON writer into a typed record, streaming over the tokens (no tree):
 * fields we do not keep are skipped, unset fields (omitted or {@code null}) stay null, {@code ts}
 * may be epoch seconds or ISO-8601 ({@code json_timestamps}).
 */
public final class ZeekJson {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build();

  private ZeekJson() {}

  /** Thrown when a line's {@code _path} names another log type than the one being parsed. */
  public static final class OtherPathException extends BadRecordException {
    private static final long serialVersionUID = 1L;
    private final String path;

    OtherPathException(String path) {
      super("the line's _path is '" + path + "'");
      this.path = path;
    }

    public String path() {
      return path;
    }
  }

  /**
   * Parses {@code line} as a record of {@code type}.
   *
   * @throws OtherPathException if the line carries a {@code _path} of another log type
   * @throws BadRecordException if the line is not such a record, with the reason
   */
  public static <T> T parse(ZeekRecordType<T> type, String line) throws BadRecordException {
    Object[] values = type.newValues();
    // Jackson's byte parser is quicker than its char parser, and a line of ASCII (as Zeek writes
    // them) becomes its UTF-8 bytes by a plain copy.
    byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
    try (JsonParser p = FACTORY.createParser(utf8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadRecordException("not a JSON object");
      }
      JsonToken t;
      ZeekRecordType.NameSlot field = type.lineStart();
      while (true) {
        // The name that followed this one on the last line is matched against the line's bytes;
        // only another name is read, hashed and looked up.
        ZeekRecordType.NameSlot guess = field.next;
        if (guess != null && p.nextFieldName(guess.quoted)) {
          field = guess;
        } else {
          t = guess == null ? p.nextToken() : p.currentToken();
          if (t != JsonToken.FIELD_NAME) {
            break;
          }
          field = type.slotAfter(field, p.currentName());
        }
        JsonToken v = p.nextToken();
        int i = field.index;
        if (i == ZeekRecordType.PATH && v == JsonToken.VALUE_STRING) {
          String path = p.getText();
          if (!path.equals(type.logType().id())) {
            throw new OtherPathException(path);
          }
          continue;
        }
        if (i < 0) {
          p.skipChildren();
          continue;
        }
        values[i] = type.isList(i) ? readList(type, i, p, v) : readScalar(type, i, p, v);
      }
      if (t != JsonToken.END_OBJECT) {
        throw new BadRecordException("malformed JSON object");
      }
      if (p.nextToken() != null) {
        throw new BadRecordException("unexpected data after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new BadRecordException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRecordException("unreadable JSON: " + e.getMessage());
    }
    return type.build(values);
  }

  /** The {@code _path} of a JSON line, if it is an object that has one before any nesting. */
  public static Optional<String> pathOf(String line) {
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if ("_path".equals(name) && v == JsonToken.VALUE_STRING) {
          return Optional.of(p.getText());
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Whether a JSON line parses as a Zeek record of this log type (used to sniff file types). */
  public static boolean looksLike(LogType type, String line) {
    try {
      parse(ZeekRecordType.of(type), line);
      return true;
    } catch (BadRecordException e) {
      return false;
    }
  }

  private static @Nullable Object readScalar(
      ZeekRecordType<?> type, int i, JsonParser p, JsonToken v) throws IOException, BadRecordException {
    switch (v) {
      case VALUE_NULL:
        return null;
      case VALUE_STRING:
        return type.fromText(i, p.getText());
      case VALUE_NUMBER_INT:
        switch (type.kind(i)) {
          case LONG:
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? type.fromBigInteger(i, p.getBigIntegerValue())
                : Long.valueOf(p.getLongValue());
          case PORT:
            return p.getNumberType() == JsonParser.NumberType.INT
                ? type.parsePort(i, p.getIntValue())
                : type.parsePort(i, -1);
          case DOUBLE:
            return p.getDoubleValue();
          case STRING:
            return p.getText();
          default:
            throw wrongType(type, i, "a number");
        }
      case VALUE_NUMBER_FLOAT:
        switch (type.kind(i)) {
          case DOUBLE:
            return p.getDoubleValue();
          case STRING:
            return p.getText();
          default:
            throw wrongType(type, i, "a decimal number");
        }
      case VALUE_TRUE:
      case VALUE_FALSE:
        if (type.kind(i) == ZeekRecordType.Kind.BOOLEAN) {
          return v == JsonToken.VALUE_TRUE;
        }
        throw wrongType(type, i, "a boolean");
      case START_ARRAY:
        throw wrongType(type, i, "an array");
      case START_OBJECT:
        throw wrongType(type, i, "an object");
      default:
        throw new BadRecordException("malformed JSON value for field " + type.fieldName(i));
    }
  }

  private static @Nullable List<Object> readList(ZeekRecordType<?> type, int i, JsonParser p, JsonToken v)
      throws IOException, BadRecordException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.START_ARRAY) {
      throw wrongType(type, i, "a single value");
    }
    List<Object> out = new ArrayList<>();
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      if (e == null) {
        throw new BadRecordException("malformed JSON array in field " + type.fieldName(i));
      }
      Object value = readScalar(type, i, p, e);
      if (value == null) {
        throw new BadRecordException("field " + type.fieldName(i) + " has a null element");
      }
      out.add(value);
    }
    return out;
  }

  private static BadRecordException wrongType(ZeekRecordType<?> type, int i, String got) {
    String expected;
    switch (type.kind(i)) {
      case DOUBLE:
        expected = "a number or time";
        break;
      case LONG:
        expected = "an integer";
        break;
      case PORT:
        expected = "a port number";
        break;
      case BOOLEAN:
        expected = "a boolean";
        break;
      default:
        expected = "a string";
    }
    if (type.isList(i)) {
      expected = "a list of " + expected.replaceFirst("^an? ", "") + "s";
    }
    return new BadRecordException(
        "field " + type.fieldName(i) + ": expected " + expected + ", got " + got);
  }
}
