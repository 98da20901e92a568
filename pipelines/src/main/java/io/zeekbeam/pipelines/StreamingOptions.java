package io.zeekbeam.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import io.zeekbeam.pipelines.kafka.KafkaOptions;

/**
 * Where a streaming run reads and writes: Kafka topics, one per input and one per output, and how
 * its event-time watermark moves. Used when {@code --source=kafka}.
 */
public interface StreamingOptions extends KafkaOptions {
  @Description(
      "files (read --input, in batch) or kafka (read one Kafka topic per input, as a stream)")
  @Default.String("files")
  String getSource();

  void setSource(String value);

  @Description(
      "Where a streaming run writes: kafka (one topic per output) or files (the folders of a batch"
          + " run, under --output)")
  @Default.String("kafka")
  String getSink();

  void setSink(String value);


  @Description("Kafka topic of Zeek conn records (Zeek JSON); empty to read none")
  @Default.String("conn")
  String getConnTopic();

  void setConnTopic(String value);

  @Description("Kafka topic of Zeek dns records (Zeek JSON); empty to read none")
  @Default.String("dns")
  String getDnsTopic();

  void setDnsTopic(String value);

  @Description("Kafka topic of Zeek http records (Zeek JSON); empty to read none")
  @Default.String("http")
  String getHttpTopic();

  void setHttpTopic(String value);

  @Description("Kafka topic of Zeek ssl records (Zeek JSON); empty to read none")
  @Default.String("ssl")
  String getSslTopic();

  void setSslTopic(String value);

  @Description("Kafka topic of Zeek x509 records (Zeek JSON); empty to read none")
  @Default.String("x509")
  String getX509Topic();

  void setX509Topic(String value);

  @Description(
      "Kafka topic of syslog: RFC 3164 or 5424 lines, or Kafka Connect's syslog JSON; empty to"
          + " read none. Year-less lines take --syslogYear, else the year of the Kafka record's"
          + " timestamp (the year before when the line's month is later than that timestamp's)")
  @Default.String("syslog")
  String getSyslogTopic();

  void setSyslogTopic(String value);

  @Description(
      "Where a run without saved state (see --stateDir) starts reading: earliest or latest"
          + " (where the consumer group has no committed offset), or an ISO-8601 time (e.g."
          + " 2026-03-02T00:00:00Z): the first records whose Kafka timestamp is at or after it")
  @Default.String("earliest")
  String getStartFrom();

  void setStartFrom(String value);

  @Description(
      "Kafka consumer group: offsets are committed under it when a checkpoint completes; a run"
          + " without saved state (see --stateDir) starts from them")
  @Default.String("zeekbeam")
  String getGroupId();

  void setGroupId(String value);

  @Description(
      "Folder for the state of a streaming run on Flink: its checkpoints are kept there however"
          + " the run stops, and a run started again on the folder resumes from the latest one"
          + " (windows, joins and Kafka offsets as they were); none keeps no state across runs."
          + " Default: ~/.zeekbeam/state/GROUPID on Flink's embedded cluster, none with"
          + " --flinkMaster (give a folder every machine of the cluster shares)")
  String getStateDir();

  void setStateDir(String value);

  @Description(
      "Discard the state saved in --stateDir and start with empty state, reading from the"
          + " offsets committed to --groupId (or --startFrom where it has none)")
  @Default.Boolean(false)
  boolean getFromScratch();

  void setFromScratch(boolean value);

  @Description(
      "How far the event-time watermark trails the largest event time read from a partition. Zeek"
          + " writes a connection when it ends (after up to 5 minutes of inactivity), so conn"
          + " records come minutes behind dns records; records further behind than this plus"
          + " --allowedLateness are dead-lettered")
  @Default.String("10m")
  String getWatermarkDelay();

  void setWatermarkDelay(String value);

  @Description(
      "A partition that has been read to its end and has had no record for this long (wall"
          + " clock) stops holding the watermark back: it follows the largest event time read"
          + " anywhere, less --watermarkDelay")
  @Default.String("5s")
  String getIdleAfter();

  void setIdleAfter(String value);

  @Description(
      "While catching up a backlog, a partition that has read this much event time past the"
          + " slowest partition with records left waits for it, so that what the joins and windows"
          + " hold stays bounded instead of growing with the backlog; none reads every topic as"
          + " fast as it goes")
  @Default.String("5m")
  String getMaxReadAhead();

  void setMaxReadAhead(String value);

  @Description(
      "When every partition has been quiet this long, the watermark moves past the largest event"
          + " time read by the longest window, so the last windows are emitted; records that"
          + " then come with older event times are late")
  @Default.String("1m")
  String getFlushAfter();

  void setFlushAfter(String value);

  @Description(
      "Also emit results of windows still open, at most once per this interval per key, as"
          + " ksqlDB's EMIT CHANGES (e.g. 2s); by default each window's result is emitted once,"
          + " when the watermark passes its end, and dns-lookups every 2s")
  String getEmitChanges();

  void setEmitChanges(String value);

  @Description(
      "How often a streaming run reads --watchlist again: an edited watchlist takes effect"
          + " within this long, without a restart")
  @Default.String("1m")
  String getWatchlistRefresh();

  void setWatchlistRefresh(String value);

  @Description(
      "Prefix of every output topic name: an analytic writes to PREFIX + its id, dead letters to"
          + " PREFIX + dead-letter, --writeParsed inputs to PREFIX + conn, ...")
  @Default.String("")
  String getTopicPrefix();

  void setTopicPrefix(String value);
}
