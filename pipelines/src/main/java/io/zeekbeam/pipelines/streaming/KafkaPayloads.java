package io.zeekbeam.pipelines.streaming;

import io.zeekbeam.schemas.LogType;
import io.zeekbeam.schemas.SyslogEvent;
import io.zeekbeam.schemas.ZeekRecord;
import io.zeekbeam.transforms.errors.BadRecordException;
import io.zeekbeam.transforms.parse.SyslogParser;
import io.zeekbeam.transforms.parse.ZeekJson;
import io.zeekbeam.transforms.parse.ZeekRecordType;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns the value of one Kafka record into a typed record with its event time. The timestamp
 * policy (for the watermark) and the parse step (for the records) both call this, so that the
 * event time an element is stamped with is the one its record carries.
 *
 * <p>A Zeek topic carries Zeek's JSON, one record per Kafka record; a record whose {@code _path}
 * names another log type zeekbeam reads is read as that type (a topic may interleave logs, as a
 * JSON file may), one whose {@code _path} names a log zeekbeam does not read is skipped. A syslog
 * topic carries RFC 3164 or RFC 5424 lines or Kafka Connect's syslog JSON. RFC 3164 has no year:
 * it is {@code --syslogYear} when given, otherwise the year of the Kafka record's timestamp in the
 * syslog zone, or the year before when the line's month is later in the year than that timestamp's
 * (a line from December produced in January). Each Kafka record is read on its own, so the
 * New-Year step that a file's reader follows line by line does not apply.
 */
public final class KafkaPayloads implements Serializable {
  private static final long serialVersionUID = 1L;

  private final @Nullable Integer syslogYear;
  private final String syslogZone;
  private transient @Nullable ZoneId zone;

  public KafkaPayloads(@Nullable Integer syslogYear, ZoneId syslogZone) {
    this.syslogYear = syslogYear;
    this.syslogZone = syslogZone.getId();
  }

  /** A Kafka record's value as text: UTF-8, undecodable bytes as U+FFFD, no trailing newline. */
  public static String text(byte @Nullable [] value) {
    if (value == null) {
      return "";
    }
    String s = new String(value, StandardCharsets.UTF_8);
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }

  /** What one Kafka record holds. */
  public static final class Parsed {
    /** The log type of the record; null when it was skipped. */
    public final @Nullable LogType type;

    /** The typed record; null when skipped. */
    public final @Nullable Object record;

    public final long eventTime;

    /** The Zeek {@code _path} of a skipped record. */
    public final @Nullable String skippedPath;

    private Parsed(
        @Nullable LogType type, @Nullable Object record, long eventTime, @Nullable String path) {
      this.type = type;
      this.record = record;
      this.eventTime = eventTime;
      this.skippedPath = path;
    }

    public boolean isSkipped() {
      return record == null;
    }
  }

  /**
   * Parses the text of a record read from a topic of {@code topicType}.
   *
   * @param kafkaTimestamp the Kafka record's timestamp, epoch ms, negative when it has none
   * @throws BadRecordException when the text is not a record, with the reason
   */
  public Parsed parse(LogType topicType, String text, long kafkaTimestamp)
      throws BadRecordException {
    if (text.isBlank()) {
      throw new BadRecordException("the Kafka record's value is empty");
    }
    if (topicType == LogType.SYSLOG) {
      SyslogEvent event = syslogParser(text, kafkaTimestamp).parse(text);
      return new Parsed(LogType.SYSLOG, event, event.getTimestamp(), null);
    }
    try {
      return zeek(topicType, text);
    } catch (ZeekJson.OtherPathException other) {
      LogType actual = LogType.ofZeekPath(other.path()).orElse(null);
      if (actual == null || !actual.isZeek()) {
        return new Parsed(null, null, 0, other.path());
      }
      return zeek(actual, text);
    }
  }

  private static Parsed zeek(LogType type, String text) throws BadRecordException {
    Object record = ZeekJson.parse(ZeekRecordType.of(type), text);
    return new Parsed(type, record, ((ZeekRecord) record).getTsMillis(), null);
  }

  private SyslogParser syslogParser(String text, long kafkaTimestamp) throws BadRecordException {
    if (zone == null) {
      zone = ZoneId.of(syslogZone);
    }
    if (syslogYear != null) {
      return SyslogParser.forFile(syslogYear, zone);
    }
    if (kafkaTimestamp < 0) {
      throw new BadRecordException(
          "the Kafka record has no timestamp to take a syslog year from; give --syslogYear");
    }
    return SyslogParser.forFile(
        SyslogParser.inferFirstLineYear(Instant.ofEpochMilli(kafkaTimestamp), text, zone), zone);
  }
}
