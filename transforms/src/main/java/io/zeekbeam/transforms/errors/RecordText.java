package io.zeekbeam.transforms.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.RowJson;
import org.apache.beam.sdk.util.RowJsonUtils;
import org.apache.beam.sdk.values.Row;

/**
 * A record as one line of JSON under its schema's field names (Zeek's own for parsed records), for
 * the {@code raw} of a dead letter made after parsing (a record that came too late for a join), so
 * that what is kept is the record, not Java's {@code toString()} of it.
 */
public final class RecordText<T> implements SerializableFunction<T, String> {
  private static final long serialVersionUID = 1L;
  private final Class<T> type;
  private transient SerializableFunction<T, Row> toRow;
  private transient ObjectMapper mapper;

  private RecordText(Class<T> type) {
    this.type = type;
  }

  public static <T> RecordText<T> of(Class<T> type) {
    return new RecordText<>(type);
  }

  @Override
  public String apply(T record) {
    if (toRow == null) {
      SchemaRegistry registry = SchemaRegistry.createDefault();
      try {
        toRow = registry.getToRowFunction(type);
        mapper =
            RowJsonUtils.newObjectMapperWith(
                RowJson.RowJsonSerializer.forSchema(registry.getSchema(type)));
      } catch (NoSuchSchemaException e) {
        throw new IllegalStateException(type + " has no schema", e);
      }
    }
    return RowJsonUtils.rowToJson(mapper, toRow.apply(record));
  }
}
