package io.zeekbeam.pipelines.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The zeekbeam command line in a JVM of its own, on the test class path, with its stdout and
 * stderr (and so every log line) collected: what a user would see, whole.
 */
final class ChildJvm implements AutoCloseable {
  final Process process;
  private final StringBuffer output = new StringBuffer();
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                  }
                }
              } catch (IOException e) {
                // The process ended: what it wrote is in output.
              }
            },
            "child-jvm-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code zeekbeam ARGS} with extra JVM options such as {@code -Dname=value}. */
  static ChildJvm start(List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.zeekbeam.pipelines.cli.Main");
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /** Waits for the process to end and returns its exit code. */
  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not end within " + seconds + " s:\n" + output());
    }
    reader.join(5000);
    return process.exitValue();
  }

  /** Waits until the output has a line that {@code test} accepts, and returns that line. */
  String awaitLine(Predicate<String> test, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (output) {
      while (true) {
        for (String line : output.toString().split("\n")) {
          if (test.test(line)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
          throw new AssertionError("no such line within " + seconds + " s:\n" + output);
        }
        output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  String output() {
    return output.toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
