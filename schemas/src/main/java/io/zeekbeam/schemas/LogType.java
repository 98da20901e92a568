package io.zeekbeam.schemas;

import java.util.Locale;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The inputs zeekbeam reads. The name is the Zeek {@code #path} / {@code _path}, the default Kafka
 * topic, and the output folder of the parsed records ({@code --writeParsed}).
 */
public enum LogType {
  CONN("conn", ZeekConn.class),
  DNS("dns", ZeekDns.class),
  HTTP("http", ZeekHttp.class),
  SSL("ssl", ZeekSsl.class),
  X509("x509", ZeekX509.class),
  SYSLOG("syslog", SyslogEvent.class);

  private final String id;
  private final Class<?> recordClass;

  LogType(String id, Class<?> recordClass) {
    this.id = id;
    this.recordClass = recordClass;
  }

  public String id() {
    return id;
  }

  public Class<?> recordClass() {
    return recordClass;
  }

  public boolean isZeek() {
    return this != SYSLOG;
  }

  /** The Zeek log type named by a {@code #path} or {@code _path} value, if we analyse it. */
  public static Optional<LogType> ofZeekPath(@Nullable String path) {
    if (path == null) {
      return Optional.empty();
    }
    String p = path.trim().toLowerCase(Locale.ROOT);
    for (LogType t : values()) {
      if (t.isZeek() && t.id.equals(p)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id;
  }
}
