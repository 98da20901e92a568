package io.zeekbeam.schemas;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaUserTypeCreator;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Beam's {@link AutoValueSchema}, with each type's schema inferred once per JVM and given an id
 * that depends only on the type and its fields.
 *
 * <p>Beam's schema coders generate a class per schema id, and cache it for the life of the JVM.
 * A schema inferred anew gets a random id, so every pipeline that uses a type gets a fresh one,
 * and a fresh coder class: in a JVM that runs pipeline after pipeline ({@code zeekbeam serve}),
 * dozens of classes and their schemas a run that are never freed. With one schema per type and a
 * stable id, every pipeline in the JVM reuses the first one's coders. The id is a name-based UUID of the type's name and the schema's text, so
 * two schemas with the same id have the same fields. The creators that make a type's values
 * from rows are generated classes too, and are kept once per JVM as well.
 */
public class SharedAutoValueSchema extends AutoValueSchema {
  private static final Map<TypeDescriptor<?>, Schema> SCHEMAS = new ConcurrentHashMap<>();
  private static final Map<List<Object>, SchemaUserTypeCreator> CREATORS =
      new ConcurrentHashMap<>();

  @Override
  public <T> Schema schemaFor(TypeDescriptor<T> type) {
    Schema known = SCHEMAS.get(type);
    if (known != null) {
      return known;
    }
    // Inferred outside the map: two threads may both infer a type, and the first stored wins.
    Schema inferred = super.schemaFor(type);
    setIds(inferred, type.toString());
    Schema raced = SCHEMAS.putIfAbsent(type, inferred);
    return raced != null ? raced : inferred;
  }

  /**
   * The type's creator from rows of {@code schema}, made once per JVM for each type and schema
   * (schemas that are equal share it). Beam's generates a class for it on every call, and every
   * coder of the type that decodes calls it once: a class a coder, never freed.
   */
  @Override
  public SchemaUserTypeCreator schemaTypeCreator(TypeDescriptor<?> type, Schema schema) {
    List<Object> key = List.of(type, schema);
    SchemaUserTypeCreator known = CREATORS.get(key);
    if (known != null) {
      return known;
    }
    SchemaUserTypeCreator made = super.schemaTypeCreator(type, schema);
    SchemaUserTypeCreator raced = CREATORS.putIfAbsent(key, made);
    return raced != null ? raced : made;
  }

  /**
   * Gives {@code schema} and every row schema nested in it an id made from its name and its
   * fields, replacing the random ones Beam's inference gives. Nested schemas first, since a
   * schema's text shows the ids of the rows nested in it; its own is cleared for its text.
   */
  private static void setIds(Schema schema, String name) {
    for (Schema.Field field : schema.getFields()) {
      setIds(field.getType(), name + '.' + field.getName());
    }
    schema.setUUID(null);
    String text = name + '\n' + schema;
    schema.setUUID(UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void setIds(Schema.FieldType type, String name) {
    switch (type.getTypeName()) {
      case ROW:
        setIds(type.getRowSchema(), name);
        break;
      case ARRAY:
      case ITERABLE:
        setIds(type.getCollectionElementType(), name + "[]");
        break;
      case MAP:
        setIds(type.getMapKeyType(), name + "{key}");
        setIds(type.getMapValueType(), name + "{value}");
        break;
      default:
        break;
    }
  }
}
