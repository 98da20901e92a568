package io.zeekbeam.pipelines.kafka;

import io.zeekbeam.pipelines.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Kafka client settings read from a Java properties file ({@code --kafkaProperties=FILE}):
 * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code
 * ssl.truststore.location}, ... They apply to every producer, consumer and admin client zeekbeam
 * makes, so that a secured cluster needs one file, not one option per setting.
 *
 * <p>The file holds credentials, so nothing here ever puts a value of a secret key (one whose
 * name contains {@code password}, {@code jaas}, {@code secret}, {@code token} or {@code key}) into
 * a message: {@link #redacted()} is the view to print, and {@link #scrub(String)} removes the
 * secret values (and the quoted values inside a JAAS line) from any text before it is shown, such
 * as the message of a client's exception.
 */
public final class KafkaProperties {
  static final String MASK = "*****";
  private static final List<String> SECRET_PARTS =
      List.of("password", "jaas", "secret", "token", "key");
  /** Option values inside a JAAS line: {@code password="..."}, {@code username=bob}. */
  private static final Pattern JAAS_VALUE =
      Pattern.compile("=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s;\"]+))");

  private final Map<String, Object> values;
  private final List<String> secrets;

  private KafkaProperties(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(values);
    List<String> s = new ArrayList<>();
    values.forEach(
        (k, v) -> {
          if (isSecret(k)) {
            String text = String.valueOf(v);
            if (!text.isBlank()) {
              s.add(text);
            }
            Matcher m = JAAS_VALUE.matcher(text);
            while (m.find()) {
              String inner = m.group(1) != null ? m.group(1) : m.group(2);
              if (inner != null && !inner.isBlank()) {
                s.add(inner);
              }
            }
          }
        });
    // Longest first, so that a value containing another is masked whole.
    s.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(s);
  }

  /** No settings: a plain-text cluster. */
  public static KafkaProperties none() {
    return new KafkaProperties(new LinkedHashMap<>());
  }

  /**
   * The settings in {@code file} as a client configuration map (keys and values as strings), or
   * an empty map when {@code file} is null or blank. For the streaming pipeline, which hands them
   * to {@code KafkaIO.withConsumerConfigUpdates} and {@code withProducerConfigUpdates}.
   *
   * @throws UsageException when the file is missing or unreadable; the message names the file
   *     only, never its content
   */
  public static Map<String, Object> load(@Nullable String file) {
    return read(file).asMap();
  }

  /** {@link #load} with the redaction and scrubbing helpers around the map. */
  public static KafkaProperties read(@Nullable String file) {
    if (file == null || file.isBlank()) {
      return none();
    }
    Path path = Paths.get(file);
    if (!Files.isRegularFile(path)) {
      throw new UsageException("--kafkaProperties: '" + file + "' is not a file");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      p.load(in);
    } catch (IOException e) {
      throw new UsageException(
          "--kafkaProperties: '" + file + "' cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (IllegalArgumentException e) {
      // Properties.load's only complaint is a malformed \\uXXXX escape; its message quotes nothing.
      throw new UsageException(
          "--kafkaProperties: '" + file + "' is not a Java properties file: " + e.getMessage());
    }
    Map<String, Object> values = new LinkedHashMap<>();
    toStrings(p).forEach((k, v) -> values.put(k, v.strip()));
    return new KafkaProperties(values);
  }

  private static Map<String, String> toStrings(Properties p) {
    Map<String, String> m = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      m.put(name, p.getProperty(name));
    }
    return m;
  }

  /** Whether the value of this setting is (or may hold) a credential. */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return SECRET_PARTS.stream().anyMatch(k::contains);
  }

  /** The settings, read-only. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** The value of a setting, or null. */
  public @Nullable String get(String key) {
    Object v = values.get(key);
    return v == null ? null : v.toString();
  }

  /** The settings with every secret value replaced by {@value #MASK}: safe to print. */
  public Map<String, String> redacted() {
    Map<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> out.put(k, isSecret(k) ? MASK : String.valueOf(v)));
    return out;
  }

  /** {@code text} with every secret value (and every value quoted in a JAAS line) masked. */
  public String scrub(@Nullable String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return out;
  }

  /**
   * A client configuration: these settings, then {@code bootstrap.servers} from the command line
   * when given (the file may name the cluster instead), then {@code fixed} (serializers and the
   * like, which a file must not change).
   */
  Map<String, Object> clientConfig(@Nullable String bootstrapServers, Map<String, Object> fixed) {
    return clientConfig(bootstrapServers, Map.of(), fixed);
  }

  /** As {@link #clientConfig(String, Map)}, over {@code defaults} that the file may change. */
  Map<String, Object> clientConfig(
      @Nullable String bootstrapServers, Map<String, Object> defaults, Map<String, Object> fixed) {
    Map<String, Object> config = new LinkedHashMap<>(defaults);
    config.putAll(values);
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      config.put("bootstrap.servers", bootstrapServers.strip());
    }
    if (config.get("bootstrap.servers") == null
        || config.get("bootstrap.servers").toString().isBlank()) {
      throw new UsageException(
          "--bootstrapServers is required: the Kafka cluster to use, e.g. localhost:9092");
    }
    config.putAll(fixed);
    return config;
  }

  @Override
  public String toString() {
    return redacted().toString();
  }
}
