package io.zeekbeam.pipelines.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeekbeam.pipelines.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's output folders written by hand, with script-injection payloads in every field that an
 * attacker controls through the logs (user names, DNS queries, HTTP hosts, certificate subjects,
 * services, host names, dead-letter reasons). A payload that ran would change the page's title.
 */
final class HostileOutputs {
  static final String SCRIPT = "<script>document.title='pwned-script'</script>";
  static final String IMG = "\"><img src=x onerror=\"document.title='pwned-img'\">";
  static final String BREAKOUT = "</script><script>document.title='pwned-json'</script><!--";
  static final String SVG = "'><svg onload=document.title='pwned-svg'>";
  static final List<String> PAYLOADS = List.of(SCRIPT, IMG, BREAKOUT, SVG);

  private static final ObjectMapper JSON = new ObjectMapper();

  private HostileOutputs() {}

  /** Writes the folders under {@code dir}. */
  static void write(Path dir) {
    List<ObjectNode> rows = new ArrayList<>();
    for (int i = 0; i < PAYLOADS.size(); i++) {
      String p = PAYLOADS.get(i);
      rows.add(
          row(
              "LOCALIP",
              "10.0.0." + (i + 1),
              "SERVICE",
              p,
              "WINDOW_START",
              "2026-03-02 00:0" + i + ":00",
              "WINDOW_END",
              "2026-03-02 00:1" + i + ":00",
              "SUM_BYTES",
              1000L * (i + 1)));
    }
    part(dir, "bytes-by-service", rows);
    part(dir, "dns-lookups", each(p -> row("query", p, "LOOKUPS", 3L)));
    part(
        dir,
        "hostname-counts",
        each(
            p ->
                row(
                    "SRC_IP",
                    p,
                    "HOSTNAME",
                    p,
                    "WINDOW_START",
                    1772409600000L,
                    "WINDOW_END",
                    1772409900000L,
                    "COUNT",
                    2L)));
    part(
        dir,
        "ssh-brute-force",
        each(
            p ->
                row(
                    "STARTTIME",
                    1772409600000L,
                    "ENDTIME",
                    1772409605000L,
                    "HOST",
                    p,
                    "SRC_IP",
                    p,
                    "COUNT_OF_INVALID_SSH",
                    11L)));
    part(
        dir,
        "ssh-failed-logins",
        each(
            p ->
                row(
                    "USER",
                    p,
                    "SRC_IP",
                    "203.0.113.7",
                    "KIND",
                    "INVALID_USER",
                    "COUNT",
                    1L,
                    "HOST",
                    "web01",
                    "TAG",
                    "sshd",
                    "MESSAGE",
                    "Invalid user " + p)));
    part(
        dir,
        "watchlist-dns",
        each(
            p ->
                row(
                    "ts",
                    1772409600.5,
                    "id.orig_h",
                    "10.0.0.9",
                    "query",
                    p,
                    "ID",
                    "1",
                    "DOMAIN",
                    p,
                    "SOURCE",
                    p)));
    part(
        dir,
        "watchlist-http",
        each(
            p ->
                row(
                    "ts",
                    1772409601.5,
                    "id.orig_h",
                    "10.0.0.9",
                    "host",
                    p,
                    "ID",
                    "2",
                    "DOMAIN",
                    p,
                    "SOURCE",
                    p)));
    List<ObjectNode> certs = new ArrayList<>();
    for (String p : PAYLOADS) {
      ObjectNode c =
          row(
              "SSL_TS",
              1772409600.25,
              "DEST_IP",
              "198.51.100.7",
              "SERVER_NAME",
              p,
              "SUBJECT",
              "CN=" + p,
              "ISSUER",
              "O=" + p,
              "CERT_REGISTRATION_DATE",
              "2026-02-20 00:00:00",
              "CERT_EXPIRATION_DATE",
              "2026-05-20 00:00:00");
      c.set("DEST_GEOIP", row("CITY", p, "COUNTRY", "NL", "SUBDIVISION", null));
      c.set("DEST_ASN", row("ASN", 64500L, "ORG", p));
      certs.add(c);
    }
    part(dir, "new-certs", certs);
    part(
        dir,
        "inbound",
        each(
            p ->
                row(
                    "ts",
                    1772409600.0,
                    "id.orig_h",
                    "198.51.100.9",
                    "id.resp_h",
                    p,
                    "id.resp_p",
                    22L,
                    "service",
                    p)));
    part(
        dir,
        "dead-letter",
        each(
            p ->
                row(
                    "stage",
                    "parse-syslog",
                    "input",
                    "syslog",
                    "source",
                    p,
                    "reason",
                    p,
                    "raw",
                    p,
                    "rawLength",
                    10L,
                    "eventTime",
                    null)));
  }

  /** The counts a run over these outputs would have printed. */
  static RunSummary summary() {
    RunSummary s = RunSummary.empty();
    s.inputs.put("syslog", new long[] {12, 8, 4, 0});
    for (String o :
        new String[] {
          "bytes-by-service",
          "dns-lookups",
          "hostname-counts",
          "ssh-brute-force",
          "ssh-failed-logins",
          "watchlist-dns",
          "watchlist-http",
          "new-certs",
          "inbound",
          "dead-letter"
        }) {
      s.outputs.put(o, (long) PAYLOADS.size());
    }
    return s;
  }

  static Map<String, String> skipped() {
    return Map.of("geo", SCRIPT);
  }

  private interface RowOf {
    ObjectNode of(String payload);
  }

  private static List<ObjectNode> each(RowOf f) {
    List<ObjectNode> rows = new ArrayList<>();
    PAYLOADS.forEach(p -> rows.add(f.of(p)));
    return rows;
  }

  private static ObjectNode row(Object... kv) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
    }
    return o;
  }

  private static void part(Path dir, String output, List<ObjectNode> rows) {
    try {
      Path folder = Files.createDirectories(dir.resolve(output));
      StringBuilder b = new StringBuilder();
      for (ObjectNode r : rows) {
        b.append(JSON.writeValueAsString(r)).append('\n');
      }
      Files.writeString(folder.resolve("part-00000-of-00001.jsonl"), b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
