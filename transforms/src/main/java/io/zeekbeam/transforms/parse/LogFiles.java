package io.zeekbeam.transforms.parse;

import io.zeekbeam.schemas.LogType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Decides what a log file holds, from its name and first line, as ANALYTICS.md lays down: a Zeek
 * header ({@code #path}) or JSON {@code _path} wins, then the file name ({@code conn.log},
 * {@code dns.09:00:00-10:00:00.log.gz}, {@code ssl.json.gz}); anything else is syslog. Zeek logs
 * of types no analytic reads ({@code files}, {@code weird}, ...) are recognised so that they are
 * skipped, not misread as syslog.
 */
public final class LogFiles {
  private LogFiles() {}

  /** How a file is read. */
  public enum Format {
    ZEEK_TSV,
    ZEEK_JSON,
    SYSLOG,
    /** A Zeek log of a type zeekbeam does not analyse. */
    SKIPPED_ZEEK
  }

  /** What a file was found to be. */
  public static final class Detection {
    public final Format format;
    /** The log type when known up front (a TSV file names it in its header, read later). */
    public final @Nullable LogType logType;
    /** The Zeek path when the file is a Zeek log ({@code conn}, {@code files}, ...). */
    public final @Nullable String zeekPath;

    Detection(Format format, @Nullable LogType logType, @Nullable String zeekPath) {
      this.format = format;
      this.logType = logType;
      this.zeekPath = zeekPath;
    }

    /** One line for the run's messages, e.g. why the file is skipped. */
    public String describe() {
      switch (format) {
        case ZEEK_TSV:
          return "Zeek TSV" + (zeekPath == null ? "" : " '" + zeekPath + "' log");
        case ZEEK_JSON:
          return "Zeek JSON '" + zeekPath + "' log";
        case SKIPPED_ZEEK:
          return "a Zeek '" + zeekPath + "' log, which no analytic reads: skipped";
        default:
          return "syslog";
      }
    }
  }

  /** Zeek's standard log names that zeekbeam recognises but does not analyse. */
  private static final Set<String> OTHER_ZEEK_LOGS =
      Set.of(
          "files", "weird", "notice", "notice_alarm", "dhcp", "dpd", "ftp", "smtp", "ssh", "software",
          "stats", "capture_loss", "loaded_scripts", "packet_filter", "reporter", "tunnel",
          "known_hosts", "known_services", "known_certs", "pe", "ntp", "snmp", "sip", "rdp",
          "radius", "kerberos", "ntlm", "smb_files", "smb_mapping", "dce_rpc", "mysql", "socks",
          "irc", "modbus", "dnp3", "ocsp", "quic", "analyzer", "telemetry", "broker", "cluster",
          "config", "intel", "signatures", "conn-summary", "weird_stats", "mqtt_connect",
          "mqtt_publish", "mqtt_subscribe", "websocket", "ldap", "ldap_search", "traceroute",
          "x509_ocsp", "netcontrol", "openflow", "unified2", "print");

  /** The Zeek log a file name stands for, e.g. {@code conn} for {@code conn.10:00:00-11:00:00.log.gz}. */
  public static Optional<String> zeekNameOf(String fileName) {
    String name = fileName;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1).toLowerCase(Locale.ROOT);
    int dot = name.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String stem = name.substring(0, dot);
    String rest = name.substring(dot);
    boolean logLike =
        rest.contains(".log") || rest.contains(".json") || rest.contains(".ndjson")
            || rest.contains(".tsv");
    if (!logLike) {
      return Optional.empty();
    }
    if (LogType.ofZeekPath(stem).isPresent() || OTHER_ZEEK_LOGS.contains(stem)) {
      return Optional.of(stem);
    }
    return Optional.empty();
  }

  /** Lines of a file's head that {@link #detect} looks at: enough to reach a TSV {@code #path}. */
  public static final int HEAD_LINES = 8;

  /**
   * Detects a file's format from its name and the first non-blank lines of it (at most {@link
   * #HEAD_LINES}; none for an empty file).
   */
  public static Detection detect(String fileName, List<String> head) {
    Optional<String> byName = zeekNameOf(fileName);
    String first = head.isEmpty() ? "" : head.get(0).stripLeading();
    if (first.startsWith("#separator") || first.startsWith("#fields") || first.startsWith("#path")) {
      String path = byName.orElse(null);
      for (String line : head) {
        if (line.startsWith("#path")) {
          path = line.substring(5).trim();
        }
      }
      Optional<LogType> type = LogType.ofZeekPath(path);
      if (type.isEmpty() && path != null) {
        return new Detection(Format.SKIPPED_ZEEK, null, path);
      }
      return new Detection(Format.ZEEK_TSV, type.orElse(null), path);
    }
    if (first.startsWith("{")) {
      Optional<String> path = ZeekJson.pathOf(first);
      String zeek = path.or(() -> byName).orElse(null);
      if (zeek != null) {
        Optional<LogType> type = LogType.ofZeekPath(zeek);
        if (type.isPresent()) {
          return new Detection(Format.ZEEK_JSON, type.get(), zeek);
        }
        if (path.isPresent() || OTHER_ZEEK_LOGS.contains(zeek)) {
          return new Detection(Format.SKIPPED_ZEEK, null, zeek);
        }
      }
      return new Detection(Format.SYSLOG, LogType.SYSLOG, null);
    }
    if (byName.isPresent()) {
      Optional<LogType> type = LogType.ofZeekPath(byName.get());
      if (type.isPresent()) {
        // Named like a Zeek log but neither TSV nor JSON: read it as Zeek JSON so that every
        // line becomes a dead letter saying so, rather than guessing it is syslog.
        return new Detection(Format.ZEEK_JSON, type.get(), byName.get());
      }
    }
    return new Detection(Format.SYSLOG, LogType.SYSLOG, null);
  }
}
