package io.zeekbeam.pipelines.kafka;

import io.zeekbeam.pipelines.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.tools.StorageTool;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * {@code zeekbeam broker}: a real single-node Kafka broker (KRaft, broker and controller in one
 * process) for local use, with nothing to install: the storage is formatted here, then {@code
 * kafka.Kafka} runs in a child JVM on zeekbeam's own class path, which holds Kafka's jars. It
 * listens on 127.0.0.1 only, logs to {@code DATADIR/broker.log}, keeps its data in {@code
 * DATADIR/data} (a second start with the same folder finds its topics again) and is stopped
 * cleanly on Ctrl-C.
 */
public final class BrokerCommand {
  private BrokerCommand() {}

  /** The options of {@code broker}. */
  public interface BrokerOptions extends org.apache.beam.sdk.options.PipelineOptions {
    @Description("Port of the broker's client listener on 127.0.0.1")
    @Default.Integer(9092)
    int getPort();

    void setPort(int value);

    @Description(
        "Folder of the broker's data, configuration and log; a second start with the same folder"
            + " reuses its data (default: zeekbeam-kafka in the system's temporary folder)")
    String getDataDir();

    void setDataDir(String value);
  }

  /** The default data folder: {@code zeekbeam-kafka} in {@code java.io.tmpdir}. */
  public static Path defaultDataDir() {
    return Paths.get(System.getProperty("java.io.tmpdir"), "zeekbeam-kafka");
  }

  private static final int START_SECONDS = 60;
  private static final int STOP_SECONDS = 60;

  public static int run(String[] args, PrintStream out, PrintStream err) {
    PipelineOptionsFactory.register(BrokerOptions.class);
    BrokerOptions o = PipelineOptionsFactory.fromArgs(args).as(BrokerOptions.class);
    if (o.getPort() < 1 || o.getPort() > 65535) {
      throw new UsageException("--port=" + o.getPort() + " is not a port (1..65535)");
    }
    Path dir =
        (o.getDataDir() == null || o.getDataDir().isBlank()
                ? defaultDataDir()
                : Paths.get(o.getDataDir()))
            .toAbsolutePath()
            .normalize();
    try {
      return new Broker(o.getPort(), dir, out, err).run();
    } catch (KafkaCommandException e) {
      err.println("zeekbeam broker: " + e.getMessage());
      return 1;
    }
  }

  private static final class Broker {
    private final int port;
    private final Path dir;
    private final Path data;
    private final Path log;
    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean stopping;

    Broker(int port, Path dir, PrintStream out, PrintStream err) {
      this.port = port;
      this.dir = dir;
      this.data = dir.resolve("data");
      this.log = dir.resolve("broker.log");
      this.out = out;
      this.err = err;
    }

    int run() throws KafkaCommandException {
      try {
        Files.createDirectories(data);
      } catch (IOException e) {
        throw new UsageException("--dataDir: cannot create " + data + ": " + e.getMessage());
      }
      checkNotInUse();
      checkPortFree(port);
      int controllerPort = freePort();
      Path config = dir.resolve("server.properties");
      writeConfig(config, controllerPort);
      boolean reused = Files.exists(data.resolve("meta.properties"));
      if (!reused) {
        format(config);
      }
      Process child = start(config);
      Thread hook = new Thread(() -> stop(child), "zeekbeam-broker-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      String bootstrap = "127.0.0.1:" + port;
      awaitReady(child, bootstrap);
      out.println("zeekbeam: Kafka broker up; bootstrap servers: " + bootstrap);
      out.println(
          "zeekbeam: data in " + data + (reused ? " (reused)" : " (new)") + ", log in " + log
              + "; Ctrl-C stops the broker");
      out.flush();
      int code = waitFor(child);
      if (stopping) {
        return 0;
      }
      Runtime.getRuntime().removeShutdownHook(hook);
      throw new KafkaCommandException(
          "the broker stopped by itself (exit code " + code + "); the end of " + log + ":\n"
              + tail(log, 15));
    }

    /** Kafka locks its data folder; a second broker on it fails late and obscurely. */
    private void checkNotInUse() {
      File lockFile = data.resolve(".lock").toFile();
      if (!lockFile.exists()) {
        return;
      }
      try (RandomAccessFile raf = new RandomAccessFile(lockFile, "rw");
          FileChannel ch = raf.getChannel()) {
        FileLock lock = ch.tryLock();
        if (lock == null) {
          throw new UsageException(
              "--dataDir: " + dir + " is in use by a running broker: stop it or choose another"
                  + " --dataDir");
        }
        lock.release();
      } catch (IOException e) {
        throw new UsageException("--dataDir: cannot check " + lockFile + ": " + e.getMessage());
      }
    }

    private static void checkPortFree(int port) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        throw new UsageException(
            "--port=" + port + ": 127.0.0.1:" + port + " is in use (another broker?): choose"
                + " another --port");
      }
    }

    private static int freePort() {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free port for the controller", e);
      }
    }

    private void writeConfig(Path config, int controllerPort) {
      String text =
          String.join(
              "\n",
              "# Written by zeekbeam broker at every start (the controller port is picked anew).",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
              "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
              "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
              "inter.broker.listener.name=PLAINTEXT",
              "controller.listener.names=CONTROLLER",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "log.dirs=" + data,
              "num.partitions=1",
              "offsets.topic.replication.factor=1",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "group.initial.rebalance.delay.ms=0",
              "# Replayed logs and the alerts on them carry old event times as record timestamps:",
              "# time-based retention would delete them at once.",
              "log.retention.ms=-1",
              "");
      try {
        Files.writeString(config, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UsageException("--dataDir: cannot write " + config + ": " + e.getMessage());
      }
    }

    /** Formats the storage in this JVM, as {@code kafka-storage.sh format} does. */
    private void format(Path config) throws KafkaCommandException {
      ByteArrayOutputStream said = new ByteArrayOutputStream();
      int code;
      try (PrintStream p = new PrintStream(said, true, StandardCharsets.UTF_8)) {
        code =
            StorageTool.execute(
                new String[] {
                  "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()
                },
                p);
      } catch (Exception e) {
        throw new KafkaCommandException(
            "formatting " + data + " failed: " + KafkaCommandException.describe(e));
      }
      if (code != 0) {
        throw new KafkaCommandException(
            "formatting " + data + " failed: " + said.toString(StandardCharsets.UTF_8).strip());
      }
    }

    private Process start(Path config) throws KafkaCommandException {
      String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command =
          List.of(
              java,
              "-Xmx1g",
              // The broker's own log: informative, with times, into broker.log (see below).
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
              "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
              "-Dorg.slf4j.simpleLogger.log.kafka=info",
              "-Dorg.slf4j.simpleLogger.showDateTime=true",
              "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ",
              "-cp",
              System.getProperty("java.class.path"),
              "kafka.Kafka",
              config.toString());
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      try {
        return pb.start();
      } catch (IOException e) {
        throw new KafkaCommandException("cannot start " + java + ": " + e.getMessage());
      }
    }

    private void awaitReady(Process child, String bootstrap) throws KafkaCommandException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                  AdminClientConfig.CLIENT_ID_CONFIG, "zeekbeam-broker-check",
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
        while (System.nanoTime() < deadline) {
          if (!child.isAlive()) {
            throw new KafkaCommandException(
                "the broker did not start (exit code " + child.exitValue() + "); the end of "
                    + log + ":\n" + tail(log, 15));
          }
          try {
            admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
            return;
          } catch (Exception e) {
            if (e instanceof InterruptedException) {
              Thread.currentThread().interrupt();
              throw new KafkaCommandException("interrupted");
            }
          }
        }
      }
      throw new KafkaCommandException(
          "the broker did not answer within " + START_SECONDS + " s; see " + log);
    }

    private static int waitFor(Process child) {
      while (true) {
        try {
          return child.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Ctrl-C: asks the broker to shut down (it flushes and closes its logs), then waits. */
    private void stop(Process child) {
      stopping = true;
      if (!child.isAlive()) {
        return;
      }
      err.println("zeekbeam: stopping the broker...");
      child.destroy();
      try {
        if (!child.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
          err.println("zeekbeam: the broker did not stop within " + STOP_SECONDS + " s: killed");
          child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } else {
          err.println("zeekbeam: broker stopped");
        }
      } catch (InterruptedException e) {
        child.destroyForcibly();
      }
      err.flush();
    }

    private static String tail(Path file, int lines) {
      try {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException e) {
        return "(unreadable: " + e.getMessage() + ")";
      }
    }
  }
}
