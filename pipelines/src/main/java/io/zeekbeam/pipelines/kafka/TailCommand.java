package io.zeekbeam.pipelines.kafka;

import io.zeekbeam.pipelines.UsageException;
import io.zeekbeam.pipelines.io.AvroMessages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code zeekbeam tail}: prints the records of a topic as lines, {@code key TAB value} (an empty
 * key when there is none), to watch what the streaming pipeline writes. A value in Avro's
 * single-object encoding ({@code --format=avro}) whose schema is one of the checked-in ones is
 * printed as the JSON the same row has on a JSON-valued topic; any other value as its text. It
 * joins no consumer group and commits nothing, so watching never moves anyone's offsets.
 */
public final class TailCommand {
  private TailCommand() {}

  /** The options of {@code tail}. */
  public interface TailOptions extends KafkaOptions {
    @Description(
        "Topic to print, e.g. ssh-brute-force; Avro values (--format=avro) are printed as JSON")
    String getTopic();

    void setTopic(String value);

    @Description("Where to start: earliest (everything kept) or latest (only what comes next)")
    @Default.String("latest")
    String getFrom();

    void setFrom(String value);

    @Description("Stop after N records (0: no limit)")
    @Default.Long(0)
    long getMax();

    void setMax(long value);

    @Description(
        "Stop once no record has come for S seconds (0: run until Ctrl-C or --max)")
    @Default.Integer(0)
    int getTimeoutSeconds();

    void setTimeoutSeconds(int value);
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    PipelineOptionsFactory.register(TailOptions.class);
    TailOptions o = PipelineOptionsFactory.fromArgs(args).as(TailOptions.class);
    if (o.getTopic() == null || o.getTopic().isBlank()) {
      throw new UsageException("--topic is required: the topic to print");
    }
    String from = o.getFrom() == null ? "" : o.getFrom().trim().toLowerCase(Locale.ROOT);
    if (!from.equals("earliest") && !from.equals("latest")) {
      throw new UsageException("--from=" + o.getFrom() + " is not earliest or latest");
    }
    if (o.getMax() < 0 || o.getTimeoutSeconds() < 0) {
      throw new UsageException("--max and --timeoutSeconds cannot be negative");
    }
    KafkaProperties properties = KafkaProperties.read(o.getKafkaProperties());
    KafkaClients clients = new KafkaClients(properties, o.getBootstrapServers());
    try {
      return tail(clients, o, from.equals("earliest"), out, err);
    } catch (KafkaCommandException e) {
      err.println("zeekbeam tail: " + properties.scrub(e.getMessage()));
      return 1;
    } catch (RuntimeException e) {
      if (e instanceof UsageException) {
        throw e;
      }
      // A client's message may quote its configuration: never print it unscrubbed.
      err.println("zeekbeam tail: failed: " + properties.scrub(KafkaCommandException.describe(e)));
      return 1;
    }
  }

  private static int tail(
      KafkaClients clients, TailOptions o, boolean earliest, PrintStream out, PrintStream err)
      throws KafkaCommandException {
    String topic = o.getTopic().trim();
    long idleLimitNanos = TimeUnit.SECONDS.toNanos(o.getTimeoutSeconds());
    try (var admin = clients.admin()) {
      KafkaClients.checkReachable(admin, clients.bootstrapServers(), 30);
    }
    CountDownLatch done = new CountDownLatch(1);
    AvroMessages.Decoder avro = new AvroMessages.Decoder();
    try (KafkaConsumer<String, byte[]> consumer = clients.consumer()) {
      // Ctrl-C: wake the poll so the consumer closes cleanly and the last lines are flushed.
      Thread hook =
          new Thread(
              () -> {
                consumer.wakeup();
                try {
                  done.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "zeekbeam-tail-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      long lastActivity = System.nanoTime();
      long printed = 0;
      try {
        List<TopicPartition> partitions = List.of();
        boolean told = false;
        while (partitions.isEmpty()) {
          partitions = partitionsOf(consumer, topic);
          if (partitions.isEmpty()) {
            if (!told) {
              err.println("zeekbeam: waiting for topic " + topic + " to be created");
              told = true;
            }
            if (idleLimitNanos > 0 && System.nanoTime() - lastActivity > idleLimitNanos) {
              err.println("zeekbeam: topic " + topic + " does not exist");
              return 1;
            }
            sleep(500);
          }
        }
        consumer.assign(partitions);
        if (earliest) {
          consumer.seekToBeginning(partitions);
        } else {
          consumer.seekToEnd(partitions);
        }
        // Resolve the positions now, so that "latest" means the end at start-up.
        partitions.forEach(consumer::position);
        lastActivity = System.nanoTime();
        while (o.getMax() == 0 || printed < o.getMax()) {
          ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
          for (ConsumerRecord<String, byte[]> r : records) {
            String value = value(avro, r, err);
            if (value == null) {
              continue;
            }
            out.println((r.key() == null ? "" : r.key()) + "\t" + value);
            printed++;
            if (o.getMax() > 0 && printed >= o.getMax()) {
              break;
            }
          }
          out.flush();
          if (!records.isEmpty()) {
            lastActivity = System.nanoTime();
          } else if (idleLimitNanos > 0 && System.nanoTime() - lastActivity > idleLimitNanos) {
            break;
          }
        }
      } catch (WakeupException e) {
        // Ctrl-C: stop quietly with what was printed.
      } finally {
        out.flush();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // The JVM is already shutting down (Ctrl-C): the hook is running.
        }
      }
    } finally {
      done.countDown();
    }
    return 0;
  }

  /** The value as text: JSON for an Avro record; null (and a line on stderr) if undecodable. */
  private static @Nullable String value(
      AvroMessages.Decoder avro, ConsumerRecord<String, byte[]> r, PrintStream err) {
    byte[] v = r.value();
    if (v == null) {
      return "null";
    }
    if (!AvroMessages.isAvro(v)) {
      return new String(v, StandardCharsets.UTF_8);
    }
    try {
      return avro.toJson(v);
    } catch (IOException | RuntimeException e) {
      err.println(
          "zeekbeam tail: " + r.topic() + "/" + r.partition() + "@" + r.offset()
              + ": an Avro value that cannot be decoded with the checked-in schemas ("
              + e.getMessage() + ")");
      return null;
    }
  }

  private static List<TopicPartition> partitionsOf(
      KafkaConsumer<String, byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(30)).get(topic);
    List<TopicPartition> out = new ArrayList<>();
    if (infos != null) {
      for (PartitionInfo p : infos) {
        out.add(new TopicPartition(topic, p.partition()));
      }
    }
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
