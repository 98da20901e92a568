package io.zeekbeam.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The mapping between wire names (JSON, Zeek's own: {@code id.orig_h}) and Avro names, which may
 * not contain dots: every {@code .} becomes {@code _} ({@code id_orig_h},
 * {@code certificate_not_valid_before}). No Zeek log has both {@code a.b} and {@code a_b}, so the
 * mapping is one-to-one within a record; {@link #avroSafe} checks that it is.
 */
public final class AvroNames {
  private AvroNames() {}

  public static String avroName(String wireName) {
    return wireName.replace('.', '_');
  }

  /** The same schema with every field (also in nested rows) renamed to its Avro name. */
  public static Schema avroSafe(Schema schema) {
    List<Field> fields = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Field f : schema.getFields()) {
      String name = avroName(f.getName());
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            "two fields map to the Avro name '" + name + "' in " + schema.getFieldNames());
      }
      fields.add(Field.of(name, avroSafe(f.getType())).withDescription(f.getName()));
    }
    return Schema.builder().addFields(fields).build();
  }

  /**
   * The inverse of {@link #avroSafe}: a schema read from Avro (whose fields carry their wire name
   * as {@code doc}, which Beam keeps as the description) with every field renamed to its wire name.
   */
  public static Schema wireNamed(Schema avroNamed) {
    List<Field> fields = new ArrayList<>();
    for (Field f : avroNamed.getFields()) {
      String name =
          f.getDescription() == null || f.getDescription().isEmpty()
              ? f.getName()
              : f.getDescription();
      fields.add(Field.of(name, wireNamed(f.getType())));
    }
    return Schema.builder().addFields(fields).build();
  }

  private static FieldType wireNamed(FieldType type) {
    if (type.getTypeName() == TypeName.ROW) {
      return FieldType.row(wireNamed(type.getRowSchema())).withNullable(type.getNullable());
    }
    if (type.getTypeName() == TypeName.ARRAY) {
      return FieldType.array(wireNamed(type.getCollectionElementType()))
          .withNullable(type.getNullable());
    }
    return type;
  }

  /** {@code row}'s values (nested rows too) under {@code wire}, a renaming of its schema. */
  public static Row toWireRow(Row row, Schema wire) {
    List<Object> values = new ArrayList<>(wire.getFieldCount());
    for (int i = 0; i < wire.getFieldCount(); i++) {
      values.add(toWire(row.getValue(i), wire.getField(i).getType()));
    }
    return Row.withSchema(wire).attachValues(values);
  }

  private static @Nullable Object toWire(@Nullable Object value, FieldType type) {
    if (value == null) {
      return null;
    }
    if (type.getTypeName() == TypeName.ROW) {
      return toWireRow((Row) value, type.getRowSchema());
    }
    if (type.getTypeName() == TypeName.ARRAY
        && type.getCollectionElementType().getTypeName() == TypeName.ROW) {
      List<Object> out = new ArrayList<>();
      for (Object e : (Iterable<?>) value) {
        out.add(toWire(e, type.getCollectionElementType()));
      }
      return out;
    }
    return value;
  }

  private static FieldType avroSafe(FieldType type) {
    if (type.getTypeName() == TypeName.ROW) {
      return FieldType.row(avroSafe(type.getRowSchema())).withNullable(type.getNullable());
    }
    if (type.getTypeName() == TypeName.ARRAY) {
      return FieldType.array(avroSafe(type.getCollectionElementType()))
          .withNullable(type.getNullable());
    }
    return type;
  }
}
