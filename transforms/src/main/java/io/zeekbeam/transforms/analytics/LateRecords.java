package io.zeekbeam.transforms.analytics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.zeekbeam.schemas.DeadLetter;
import io.zeekbeam.transforms.window.WindowedSum;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Turns what a {@link WindowedSum} handed back as too late into dead letters (stage {@value
 * #STAGE}): which analytic and input, the key and window it was for, by how much it missed, and
 * what it would have added. The record itself is not there any more (the analytic had already
 * reduced it to a key and a number), so {@code raw} is that key and number as a JSON object with
 * the analytic's column names.
 */
final class LateRecords<K>
    extends PTransform<PCollection<WindowedSum.Late<K>>, PCollection<DeadLetter>> {
  private static final long serialVersionUID = 1L;
  static final String STAGE = "late-data";
  private static final JsonFactory JSON = new JsonFactory();

  private final String analytic;
  private final String input;
  private final List<String> keyColumns;
  private final SerializableFunction<K, List<String>> keyValues;
  private final String valueColumn;

  private LateRecords(
      String analytic,
      String input,
      List<String> keyColumns,
      SerializableFunction<K, List<String>> keyValues,
      String valueColumn) {
    this.analytic = analytic;
    this.input = input;
    this.keyColumns = keyColumns;
    this.keyValues = keyValues;
    this.valueColumn = valueColumn;
  }

  /**
   * Dead letters for the late input of {@code analytic} over {@code input}, whose keys are the
   * columns {@code keyColumns} with the values {@code keyValues} gives, in that order, and whose
   * summed value is the column {@code valueColumn}.
   */
  static <K> LateRecords<K> of(
      String analytic,
      String input,
      List<String> keyColumns,
      SerializableFunction<K, List<String>> keyValues,
      String valueColumn) {
    return new LateRecords<>(analytic, input, keyColumns, keyValues, valueColumn);
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<WindowedSum.Late<K>> late) {
    try {
      return late.apply(
              "ToDeadLetters",
              MapElements.into(TypeDescriptor.of(DeadLetter.class)).via(this::deadLetter))
          .setCoder(late.getPipeline().getSchemaRegistry().getSchemaCoder(DeadLetter.class));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("DeadLetter has lost its @DefaultSchema", e);
    }
  }

  DeadLetter deadLetter(WindowedSum.Late<K> late) {
    List<String> values = keyValues.apply(late.getKey());
    StringBuilder key = new StringBuilder("(");
    for (int i = 0; i < keyColumns.size(); i++) {
      key.append(i == 0 ? "" : ", ").append(keyColumns.get(i)).append('=').append(values.get(i));
    }
    key.append(')');
    String window =
        "["
            + Instant.ofEpochMilli(late.getWindowStart())
            + ", "
            + Instant.ofEpochMilli(late.getWindowEnd())
            + ")";
    String what = late.getRecords() == 1 ? "arrived" : late.getRecords() + " records arrived";
    String reason =
        what
            + " after window "
            + window
            + " of key "
            + key
            + " closed: at least "
            + late.getMillisPastClosing()
            + " ms past allowed lateness of "
            + (late.getClosedAt() - late.getWindowEnd())
            + " ms";
    return DeadLetter.of(
        STAGE,
        input,
        analytic + " " + key + " " + window,
        reason,
        raw(late, values),
        late.getEventTime());
  }

  private String raw(WindowedSum.Late<K> late, List<String> values) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      for (int i = 0; i < keyColumns.size(); i++) {
        json.writeStringField(keyColumns.get(i), values.get(i));
      }
      json.writeNumberField("WINDOW_START", late.getWindowStart());
      json.writeNumberField("WINDOW_END", late.getWindowEnd());
      json.writeNumberField(valueColumn, late.getSum());
      json.writeNumberField("RECORDS", late.getRecords());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
