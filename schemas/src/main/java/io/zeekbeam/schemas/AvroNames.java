package io.zeekbeam.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;

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
