package io.zeekbeam.pipelines.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The zeekbeam command line in a JVM of its own, on the test class path, with its stdout and
 * stderr (and so every log line) collected: what a user would see, whole. The output goes to a
 * file, not a pipe: when a process ends, the JDK takes over its pipe to drain it, and a reader
 * blocked on the pipe then fails and loses the last lines (those of shutdown hooks).
 */
final class ChildJvm implements AutoCloseable {
  final Process process;
  private final Path output;

  private ChildJvm(Process process, Path output) {
    this.process = process;
    this.output = output;
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
    Path out = Files.createTempFile("zeekbeam-child", ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    return new ChildJvm(p, out);
  }

  /** Waits for the process to end and returns its exit code. */
  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not end within " + seconds + " s:\n" + output());
    }
    return process.exitValue();
  }

  /** Waits until the output has a line that {@code test} accepts, and returns that line. */
  String awaitLine(Predicate<String> test, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      boolean ended = !process.isAlive();
      for (String line : output().split("\n")) {
        if (test.test(line)) {
          return line;
        }
      }
      if (ended || System.nanoTime() > deadline) {
        throw new AssertionError("no such line within " + seconds + " s:\n" + output());
      }
      Thread.sleep(100);
    }
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(output);
  }
}
