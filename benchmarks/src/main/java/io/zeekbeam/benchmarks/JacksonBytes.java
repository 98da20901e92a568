package io.zeekbeam.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Contender (d): what a developer would write by hand instead of a pipeline. One thread reads the
 * conn log line by line, pulls the five needed fields with Jackson's streaming parser and sums in a
 * {@link HashMap}; then writes {@code host,service,window,bytes} rows like the other contenders.
 *
 * <p>Usage: {@code JacksonBytes CONN_LOG OUT_CSV}. Prints {@code elapsed_ms=...} (in-process time).
 */
public final class JacksonBytes {
  private JacksonBytes() {}

  /** A group: origin host, service (null when Zeek named none) and 5-minute window number. */
  record Key(String host, String service, long window) {}

  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    Map<Key, long[]> sums = sum(Path.of(args[0]));
    try (Writer w = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8);
        PrintWriter out = new PrintWriter(w)) {
      for (Map.Entry<Key, long[]> e : sums.entrySet()) {
        Key k = e.getKey();
        out.print(Csv.field(k.host()));
        out.print(',');
        out.print(Csv.field(k.service()));
        out.print(',');
        out.print(k.window());
        out.print(',');
        out.println(e.getValue()[0]);
      }
    }
    System.out.println("elapsed_ms=" + (System.nanoTime() - start) / 1_000_000);
  }

  static Map<Key, long[]> sum(Path connLog) throws IOException {
    JsonFactory factory = new JsonFactory();
    Map<Key, long[]> sums = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(connLog, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        double ts = Double.NaN;
        String host = null;
        String service = null;
        long bytes = 0;
        try (JsonParser p = factory.createParser(line)) {
          if (p.nextToken() != JsonToken.START_OBJECT) {
            continue;
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
              case "ts":
                ts = p.getDoubleValue();
                break;
              case "id.orig_h":
                host = p.getText();
                break;
              case "service":
                service = v == JsonToken.VALUE_NULL ? null : p.getText();
                break;
              case "orig_ip_bytes":
              case "resp_ip_bytes":
                bytes += v == JsonToken.VALUE_NULL ? 0 : p.getLongValue();
                break;
              default:
                p.skipChildren();
            }
          }
        } catch (IOException malformed) {
          // The generator plants broken lines; every contender leaves them out of the sums.
          continue;
        }
        if (Double.isNaN(ts)) {
          continue;
        }
        Key key = new Key(host, service, (long) Math.floor(ts / 300));
        sums.computeIfAbsent(key, k -> new long[1])[0] += bytes;
      }
    }
    return sums;
  }
}
