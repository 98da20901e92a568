package io.zeekbeam.pipelines.generate;

import io.zeekbeam.pipelines.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** {@code zeekbeam generate}: writes sample logs with their planted answers. */
public final class GenerateCommand {
  private GenerateCommand() {}

  /** The options of {@code generate}, in the same {@code --name=value} style as {@code run}. */
  public interface GenerateOptions extends PipelineOptions {
    @Description("Folder to write logs/, watchlist.csv and expected/ into")
    String getOutput();

    void setOutput(String value);

    @Description("Approximate number of log records in total, across all logs")
    @Default.Long(3000)
    long getRecords();

    void setRecords(long value);

    @Description("Seed of the generator: the same seed gives byte-identical output")
    @Default.Long(1)
    long getSeed();

    void setSeed(long value);

    @Description("json, tsv, or mixed (some logs JSON, some TSV, some gzip)")
    @Default.String("json")
    String getFormat();

    void setFormat(String value);

    @Description("Compress every log with gzip")
    @Default.Boolean(false)
    boolean getGzip();

    void setGzip(boolean value);
  }

  public static int run(String[] args, PrintStream out) {
    PipelineOptionsFactory.register(GenerateOptions.class);
    GenerateOptions o = PipelineOptionsFactory.fromArgs(args).as(GenerateOptions.class);
    if (o.getOutput() == null || o.getOutput().isBlank()) {
      throw new UsageException("--output is required: the folder to write the samples into");
    }
    if (o.getRecords() < 1) {
      throw new UsageException("--records=" + o.getRecords() + " must be at least 1");
    }
    GeneratorConfig.Format format;
    try {
      format = GeneratorConfig.Format.parse(o.getFormat());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--format=" + o.getFormat() + " is not json, tsv or mixed");
    }
    Path dir = Paths.get(o.getOutput());
    GeneratorConfig config =
        GeneratorConfig.of(dir, o.getRecords())
            .withSeed(o.getSeed())
            .withFormat(format)
            .withGzip(o.getGzip());
    long start = System.nanoTime();
    try {
      SampleGenerator.run(config);
    } catch (IOException e) {
      throw new UsageException("cannot write to " + dir + ": " + e.getMessage());
    }
    out.printf(
        "zeekbeam: wrote samples to %s in %.1f s (logs/, watchlist.csv, expected/)%n",
        dir, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
