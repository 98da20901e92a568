package io.zeekbeam.pipelines;

import io.zeekbeam.pipelines.io.InputFiles;
import io.zeekbeam.pipelines.io.WriteOutput;
import io.zeekbeam.schemas.LogType;
import io.zeekbeam.transforms.parse.ParseLogFiles;
import io.zeekbeam.transforms.parse.ParsedLogs;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;

/**
 * The batch pipeline over archived files: read and parse every input file, run the analytics, and
 * write each output and the dead letters into its own folder. {@link #build} is separate from
 * {@link #run} so that tests build the very same graph.
 */
public final class BatchPipeline {
  private BatchPipeline() {}

  /** The files and settings of one run, checked before any pipeline is built. */
  public static final class Plan {
    public final List<InputFiles.InputFile> files;
    public final WriteOutput.Format format;
    public final ZoneId syslogZone;

    Plan(List<InputFiles.InputFile> files, WriteOutput.Format format, ZoneId syslogZone) {
      this.files = files;
      this.format = format;
      this.syslogZone = syslogZone;
    }
  }

  /** Checks the options and resolves the inputs; throws {@link UsageException} with the fix. */
  public static Plan plan(RunOptions options) {
    if (options.getOutput() == null || options.getOutput().isBlank()) {
      throw new UsageException("--output is required: the folder to write the results into");
    }
    WriteOutput.Format format;
    try {
      format = WriteOutput.Format.parse(options.getFormat());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(options.getSyslogTimeZone());
    } catch (DateTimeException e) {
      throw new UsageException(
          "--syslogTimeZone=" + options.getSyslogTimeZone()
              + " is not a time zone: use e.g. UTC, +02:00 or Europe/Berlin");
    }
    Integer year = options.getSyslogYear();
    if (year != null && (year < 1970 || year > 9999)) {
      throw new UsageException("--syslogYear=" + year + " is not a plausible year");
    }
    return new Plan(InputFiles.resolve(options.getInput()), format, zone);
  }

  /** Adds the whole batch graph to {@code pipeline}. */
  public static ParsedLogs build(Pipeline pipeline, RunOptions options, Plan plan) {
    List<String> paths = plan.files.stream().map(f -> f.path).collect(Collectors.toList());
    PCollection<FileIO.ReadableFile> files =
        pipeline
            .apply("InputFiles", Create.of(paths).withCoder(StringUtf8Coder.of()))
            .apply("Match", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW))
            .apply("Open", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED));
    ParsedLogs parsed =
        files.apply(
            "Parse",
            ParseLogFiles.create()
                .withSyslogYear(options.getSyslogYear())
                .withSyslogZone(plan.syslogZone));

    String out = options.getOutput();
    if (options.getWriteParsed()) {
      for (LogType type : LogType.values()) {
        writeAny(parsed.of(type), out, type.id(), plan.format);
      }
    }
    parsed
        .deadLetters()
        .apply("WriteDeadLetters", WriteOutput.to(out, Outputs.DEAD_LETTER, plan.format));
    return parsed;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void writeAny(PCollection<?> records, String out, String name, WriteOutput.Format f) {
    ((PCollection) records).apply("Write-" + name, WriteOutput.to(out, name, f));
  }

  /** Builds and runs the batch pipeline to the end. */
  public static PipelineResult run(RunOptions options, Plan plan) {
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, plan);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }
}
