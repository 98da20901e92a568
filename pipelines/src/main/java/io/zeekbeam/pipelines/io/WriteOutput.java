package io.zeekbeam.pipelines.io;

import io.zeekbeam.schemas.AvroNames;
import io.zeekbeam.schemas.AvroSchemas;
import io.zeekbeam.transforms.window.GlobalWindowing;
import java.util.Locale;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.io.AvroIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Writes one output (an analytic's results, a parsed input, or the dead letters) into its own
 * folder under the run's output folder: JSON lines ({@code part-*.jsonl}) or Avro
 * ({@code part-*.avro}, field names mapped as {@link AvroNames} says). Counts what it writes in the
 * metric {@code zeekbeam.output/<name>.written}.
 */
public final class WriteOutput<T> extends PTransform<PCollection<T>, PDone> {
  private static final long serialVersionUID = 1L;
  public static final String NAMESPACE = "zeekbeam.output";

  /** File formats of the batch outputs. */
  public enum Format {
    JSON,
    AVRO;

    public static Format parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--format=" + s + " is not a format zeekbeam writes: use json or avro");
      }
    }
  }

  private final String outputDir;
  private final String name;
  private final Format format;
  private final @Nullable Duration flushEvery;
  private final @Nullable String recordName;

  private WriteOutput(
      String outputDir,
      String name,
      Format format,
      @Nullable Duration flushEvery,
      @Nullable String recordName) {
    this.outputDir = outputDir;
    this.name = name;
    this.format = format;
    this.flushEvery = flushEvery;
    this.recordName = recordName;
  }

  public static <T> WriteOutput<T> to(String outputDir, String name, Format format) {
    return new WriteOutput<>(outputDir, name, format, null, null);
  }

  /**
   * Names the Avro record after this class (the name of its checked-in schema), for inputs whose
   * Java type Beam no longer knows (a filtered or flattened collection).
   */
  public WriteOutput<T> ofRecords(Class<?> recordClass) {
    return new WriteOutput<>(outputDir, name, format, flushEvery, recordClass.getSimpleName());
  }

  /**
   * For an unbounded input, which never ends: writes what arrived, at most {@code every} after the
   * first row of a batch, as new part files (named by pane) in the same folder.
   */
  public WriteOutput<T> flushingEvery(Duration every) {
    return new WriteOutput<>(outputDir, name, format, every, recordName);
  }

  /** The folder an output is written to. */
  public static ResourceId folder(String outputDir, String name) {
    return FileSystems.matchNewResource(outputDir, true)
        .resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  @Override
  public PDone expand(PCollection<T> input) {
    PCollection<Row> rows =
        input
            .apply("ToRows", Convert.toRows())
            .apply("Count", ParDo.of(new CountFn(name)))
            .setRowSchema(input.getSchema());
    // Files are written once, at the end: windowed results are already final rows. A stream has
    // no end, so there they are written in batches of processing time.
    if (flushEvery == null) {
      rows = GlobalWindowing.of(rows, "Rewindow");
    } else {
      rows =
          rows.apply(
              "Rewindow",
              Window.<Row>into(new GlobalWindows())
                  .triggering(
                      Repeatedly.forever(
                          AfterProcessingTime.pastFirstElementInPane().plusDelayOf(flushEvery)))
                  .withAllowedLateness(Duration.ZERO)
                  .discardingFiredPanes());
    }
    String prefix = folder(outputDir, name).resolve("part", StandardResolveOptions.RESOLVE_FILE).toString();
    if (format == Format.AVRO) {
      Schema avroSafe = AvroNames.avroSafe(input.getSchema());
      // Named after the record class, so the files carry the schemas checked in under schemas/avro.
      org.apache.avro.Schema avro =
          AvroSchemas.derive(
              input.getSchema(),
              recordName != null
                  ? recordName
                  : input.getTypeDescriptor().getRawType().getSimpleName());
      rows.apply(
              "ToAvro",
              MapElements.into(TypeDescriptor.of(GenericRecord.class))
                  .via(r -> AvroSchemas.toGenericRecord(r, avroSafe, avro)))
          .setCoder(AvroCoder.of(avro))
          .apply("WriteAvro", windowed(AvroIO.writeGenericRecords(avro).to(prefix).withSuffix(".avro")));
    } else {
      rows.apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(RowJson::toJson))
          .apply(
              "WriteJson",
              flushEvery == null
                  ? TextIO.write().to(prefix).withSuffix(".jsonl")
                  : TextIO.write()
                      .to(prefix)
                      .withSuffix(".jsonl")
                      .withWindowedWrites()
                      .withNumShards(1));
    }
    return PDone.in(input.getPipeline());
  }

  private <R> AvroIO.Write<R> windowed(AvroIO.Write<R> write) {
    return flushEvery == null ? write : write.withWindowedWrites().withNumShards(1);
  }

  /** Counts the rows, adding a bundle's count to the metric once, as the bundle ends. */
  private static final class CountFn extends DoFn<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Counter written;
    private transient long rows;

    CountFn(String name) {
      this.written = Metrics.counter(NAMESPACE, name + ".written");
    }

    @StartBundle
    public void startBundle() {
      rows = 0;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<Row> out) {
      rows++;
      out.output(row);
    }

    @FinishBundle
    public void finishBundle() {
      written.inc(rows);
      rows = 0;
    }
  }
}
