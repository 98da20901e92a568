package io.zeekbeam.pipelines.generate;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link SampleGenerator#run} generates. A plain value so that the CLI, the tests and whoever
 * regenerates the bundled samples describe a data set the same way: equal configs give
 * byte-identical output.
 *
 * @param outputDir where {@code logs/}, {@code watchlist.csv} and {@code expected/} are written
 * @param records how many log records to write in total across all logs, approximately (the planted
 *     cases are always written, even when they alone exceed this number)
 * @param seed the seed of every random choice
 * @param format how the Zeek logs are written
 * @param gzip whether to gzip-compress the logs (in {@link Format#MIXED} some are compressed
 *     anyway)
 * @param start the event time of the first record; never the wall clock, so that the answers do not
 *     depend on when the data is generated. Kept to microseconds, Zeek's resolution.
 */
public record GeneratorConfig(
    Path outputDir, long records, long seed, Format format, boolean gzip, Instant start) {

  public static final Instant DEFAULT_START = Instant.parse("2026-03-02T00:00:00Z");
  public static final long DEFAULT_SEED = 1L;
  public static final long DEFAULT_RECORDS = 3000L;

  /** How the Zeek logs are written. */
  public enum Format {
    /** Every Zeek log as JSON lines, {@code ts} in epoch seconds. */
    JSON,
    /** Every Zeek log as Zeek's tab-separated ASCII format with its {@code #} header. */
    TSV,
    /**
     * A bit of everything, as a real archive gathered from several sensors looks: conn as TSV in
     * gzip-compressed hourly archives, dns as JSON, http as TSV, ssl as gzip-compressed JSON with
     * ISO-8601 timestamps, x509 as TSV.
     */
    MIXED;

    /** Parses {@code json}, {@code tsv} or {@code mixed}, in any case. */
    public static Format parse(String name) {
      String n = Objects.requireNonNull(name, "format").trim().toUpperCase(Locale.ROOT);
      try {
        return valueOf(n);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown format '" + name + "': expected json, tsv or mixed", e);
      }
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public GeneratorConfig {
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(start, "start");
    if (records < 0) {
      throw new IllegalArgumentException("records must not be negative: " + records);
    }
    start = start.truncatedTo(ChronoUnit.MICROS);
  }

  /** The defaults: seed 1, TSV, not compressed, starting 2026-03-02T00:00:00Z. */
  public static GeneratorConfig of(Path outputDir, long records) {
    return new GeneratorConfig(outputDir, records, DEFAULT_SEED, Format.TSV, false, DEFAULT_START);
  }

  public GeneratorConfig withRecords(long n) {
    return new GeneratorConfig(outputDir, n, seed, format, gzip, start);
  }

  public GeneratorConfig withSeed(long s) {
    return new GeneratorConfig(outputDir, records, s, format, gzip, start);
  }

  public GeneratorConfig withFormat(Format f) {
    return new GeneratorConfig(outputDir, records, seed, f, gzip, start);
  }

  public GeneratorConfig withGzip(boolean g) {
    return new GeneratorConfig(outputDir, records, seed, format, g, start);
  }

  public GeneratorConfig withStart(Instant s) {
    return new GeneratorConfig(outputDir, records, seed, format, gzip, s);
  }

  public GeneratorConfig withOutputDir(Path dir) {
    return new GeneratorConfig(dir, records, seed, format, gzip, start);
  }
}
