package io.zeekbeam.pipelines;

/**
 * The options of {@code zeekbeam run}. Each group is its own interface so that the help can show
 * them grouped, and so that later sources (Kafka) add an interface rather than grow this one.
 */
public interface RunOptions
    extends InputOptions, AnalyticsOptions, OutputOptions, StreamingOptions {}
