package io.zeekbeam.transforms.parse;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.errors.BadRecordException;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.schemas.GetterBasedSchemaProviderV2;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.schemas.SchemaUserTypeCreator;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a parser needs to know about one Zeek record class: its fields by Zeek name, the kind of
 * value each holds, and how to make the typed record from the values. Both the JSON and the TSV
 * parser are driven by this, so the record classes in {@code schemas/} are the single definition
 * of which Zeek fields we keep and how they are typed.
 *
 * <p>Zeek {@code count} is unsigned 64-bit; a value above {@link Long#MAX_VALUE} cannot be
 * represented and makes the line a dead letter (it does not wrap around and is not clamped).
 */
public final class ZeekRecordType<T> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  /** How a field's text or JSON value is converted. */
  enum Kind {
    DOUBLE,
    LONG,
    PORT,
    STRING,
    BOOLEAN
  }

  private final LogType logType;
  private final Schema schema;
  private final Map<String, Integer> indexByName;
  private final Kind[] kinds;
  private final boolean[] isList;
  private final int tsIndex;
  /** Makes the record from its values in schema order, without a {@code Row} in between. */
  private final transient SchemaUserTypeCreator creator;
  /**
   * The field names of lines as Jackson hands them out, each with its field's index and the name
   * that followed it on the last line read: Zeek writes the fields of a log in one order and leaves
   * out the unset ones, so the name after a given one is nearly always the one that followed it
   * last time. The JSON parser matches that guess against the line's bytes; a name it had to read
   * instead is looked up by name ({@link #slotAfter}), which keeps the links, only ever to slots it
   * keeps; a link is a hint, written without locks: threads racing on one see a whole slot either
   * way, since a slot's fields other than the link are final.
   */
  static final class NameSlot {
    final @Nullable String name;
    /**
     * The name as Jackson matches it against the next bytes of a line ({@code
     * JsonParser.nextFieldName(SerializableString)}): when the guess is right, the parser compares
     * bytes instead of hashing the name and looking it up in its symbol table.
     */
    final @Nullable SerializableString quoted;
    /** The field's index, {@link #PATH} for {@code _path}, or -1 when we do not keep that field. */
    final int index;

    @Nullable NameSlot next;

    NameSlot(@Nullable String name, int index) {
      this.name = name;
      this.quoted = name == null ? null : new SerializedString(name);
      this.index = index;
    }
  }

  /** The {@link NameSlot#index} of {@code _path}, the log type of a line of mixed logs. */
  static final int PATH = -2;

  /** At most this many names get a slot kept (a log may have any number of fields we skip). */
  private static final int MAX_KEPT_NAMES = 256;

  private final transient NameSlot lineStart = new NameSlot(null, -1);
  private final transient Map<String, NameSlot> slotsByName = new ConcurrentHashMap<>();

  private ZeekRecordType(LogType logType, Schema schema, SchemaUserTypeCreator creator) {
    this.logType = logType;
    this.schema = schema;
    this.creator = creator;
    this.indexByName = new HashMap<>();
    this.kinds = new Kind[schema.getFieldCount()];
    this.isList = new boolean[schema.getFieldCount()];
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Schema.Field f = schema.getField(i);
      indexByName.put(f.getName(), i);
      FieldType type = f.getType();
      if (type.getTypeName() == TypeName.ARRAY) {
        isList[i] = true;
        type = type.getCollectionElementType();
      }
      kinds[i] = kindOf(type, f.getName());
    }
    this.tsIndex = schema.indexOf("ts");
  }

  private static Kind kindOf(FieldType type, String name) {
    switch (type.getTypeName()) {
      case DOUBLE:
        return Kind.DOUBLE;
      case INT64:
        return Kind.LONG;
      case INT32:
        return Kind.PORT;
      case STRING:
        return Kind.STRING;
      case BOOLEAN:
        return Kind.BOOLEAN;
      default:
        throw new IllegalStateException("unsupported Zeek field type " + type + " for " + name);
    }
  }

  private static final Map<LogType, ZeekRecordType<?>> CACHE = new EnumMap<>(LogType.class);

  /** The parser description of a Zeek log type (not syslog). */
  @SuppressWarnings("unchecked")
  public static synchronized <T> ZeekRecordType<T> of(LogType type) {
    if (!type.isZeek()) {
      throw new IllegalArgumentException(type + " is not a Zeek log");
    }
    return (ZeekRecordType<T>)
        CACHE.computeIfAbsent(
            type,
            t -> {
              SchemaRegistry registry = SchemaRegistry.createDefault();
              try {
                Class<Object> c = (Class<Object>) t.recordClass();
                Schema schema = registry.getSchema(c);
                return new ZeekRecordType<>(t, schema, creatorOf(c, schema));
              } catch (NoSuchSchemaException e) {
                throw new IllegalStateException("no schema for " + t.recordClass(), e);
              }
            });
  }

  /**
   * The record class's own creator, from its schema provider (AutoValue's, for every Zeek record
   * class): the values of a Zeek record are plain strings, numbers, booleans and lists of those,
   * which the creator takes as they are, so going through a {@code Row} and its conversion would
   * only copy them.
   */
  private static SchemaUserTypeCreator creatorOf(Class<?> c, Schema schema) {
    DefaultSchema annotation = c.getAnnotation(DefaultSchema.class);
    Object provider;
    try {
      provider =
          annotation == null ? null : annotation.value().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make the schema provider of " + c, e);
    }
    if (!(provider instanceof GetterBasedSchemaProviderV2)) {
      throw new IllegalStateException(
          c
              + " is not a record class with a getter-based schema"
              + " (@DefaultSchema(SharedAutoValueSchema.class))");
    }
    return ((GetterBasedSchemaProviderV2) provider).schemaTypeCreator(TypeDescriptor.of(c), schema);
  }

  /** The same instance as the one of this JVM, with its caches, after deserialization. */
  private Object readResolve() {
    return of(logType);
  }

  public LogType logType() {
    return logType;
  }

  Schema schema() {
    return schema;
  }

  /** The index of the field with this Zeek name, or -1 when we do not keep that field. */
  int indexOf(String zeekName) {
    Integer i = indexByName.get(zeekName);
    return i == null ? -1 : i;
  }

  /** Where a line's chain of field names starts: give it to the line's first {@link #slotAfter}. */
  NameSlot lineStart() {
    return lineStart;
  }

  /**
   * The slot of the field name Jackson gave as {@code zeekName}, which came after {@code previous}'s
   * on its line and is not the one {@code previous} links to (the parser tried that one against
   * the line's bytes first): looked up by name, and linked from {@code previous}.
   */
  NameSlot slotAfter(NameSlot previous, String zeekName) {
    NameSlot slot = slotsByName.get(zeekName);
    if (slot == null || slot.name != zeekName) {
      // A name not seen before, or seen as another String: a slot for this one, which the lines
      // after it will give; kept, and linked to, only while there are few (a line of a million
      // names must not leave a chain of a million slots behind).
      slot = new NameSlot(zeekName, "_path".equals(zeekName) ? PATH : indexOf(zeekName));
      if (slotsByName.size() >= MAX_KEPT_NAMES) {
        return slot;
      }
      slotsByName.put(zeekName, slot);
    }
    previous.next = slot;
    return slot;
  }

  Kind kind(int index) {
    return kinds[index];
  }

  boolean isList(int index) {
    return isList[index];
  }

  String fieldName(int index) {
    return schema.getField(index).getName();
  }

  Object[] newValues() {
    return new Object[kinds.length];
  }

  /** Makes the record; {@code ts} must be set. */
  T build(Object[] values) throws BadRecordException {
    if (values[tsIndex] == null) {
      throw new BadRecordException("the record has no ts (event time)");
    }
    double ts = (Double) values[tsIndex];
    if (Double.isNaN(ts) || Double.isInfinite(ts)) {
      throw new BadRecordException("ts is not a finite number");
    }
    @SuppressWarnings("unchecked")
    T record = (T) creator.create(values);
    return record;
  }

  // ---- conversions shared by the JSON and TSV parsers ----

  /** Converts a field's text (TSV cell, or a JSON string where a number was expected). */
  Object fromText(int index, String text) throws BadRecordException {
    switch (kinds[index]) {
      case STRING:
        return text;
      case DOUBLE:
        return parseDouble(index, text);
      case LONG:
        return parseLong(index, text);
      case PORT:
        return parsePort(index, parseLong(index, text));
      case BOOLEAN:
        return parseBoolean(index, text);
      default:
        throw new IllegalStateException();
    }
  }

  private Double parseDouble(int index, String text) throws BadRecordException {
    String t = text.trim();
    if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-' || t.charAt(0) == '.')
        && t.indexOf('T') < 0) {
      try {
        return Double.parseDouble(t);
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    } else if (t.length() > 10 && t.indexOf('T') > 0) {
      // Zeek writes times as ISO-8601 with the json_timestamps option.
      try {
        Instant i = Instant.parse(t);
        return i.getEpochSecond() + i.getNano() / 1e9;
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    throw new BadRecordException(
        "field " + fieldName(index) + ": '" + clip(text) + "' is not a number or ISO-8601 time");
  }

  Long parseLong(int index, String text) throws BadRecordException {
    String t = text.trim();
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      if (t.matches("\\d{19,}")) {
        throw uint64TooBig(index, t);
      }
      throw new BadRecordException(
          "field " + fieldName(index) + ": '" + clip(text) + "' is not an integer");
    }
  }

  Long fromBigInteger(int index, BigInteger value) throws BadRecordException {
    if (value.compareTo(LONG_MAX) > 0 || value.bitLength() > 63) {
      throw uint64TooBig(index, value.toString());
    }
    return value.longValue();
  }

  private BadRecordException uint64TooBig(int index, String text) {
    return new BadRecordException(
        "field "
            + fieldName(index)
            + ": "
            + clip(text)
            + " is above 9223372036854775807, the largest count zeekbeam keeps");
  }

  Integer parsePort(int index, long value) throws BadRecordException {
    if (value < 0 || value > 65535) {
      throw new BadRecordException(
          "field " + fieldName(index) + ": " + value + " is not a port (0..65535)");
    }
    return (int) value;
  }

  Boolean parseBoolean(int index, String text) throws BadRecordException {
    switch (text.trim()) {
      case "T":
      case "true":
        return Boolean.TRUE;
      case "F":
      case "false":
        return Boolean.FALSE;
      default:
        throw new BadRecordException(
            "field " + fieldName(index) + ": '" + clip(text) + "' is not a boolean (T or F)");
    }
  }

  static String clip(@Nullable String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
