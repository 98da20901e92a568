package io.zeekbeam.pipelines.generate;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Collects lines and writes them sorted to a file, spilling sorted runs to temporary files and
 * merging them at the end. An expected answer can have as many rows as there are records (one
 * {@code inbound} row per inbound connection), and the answers are written sorted so that they
 * compare as text; this keeps memory bounded however many rows there are.
 */
final class ExternalSortedLines implements AutoCloseable {
  private static final int MAX_FAN_IN = 64;

  private final Path target;
  private final Path tmpDir;
  private final long maxBufferedChars;
  private final List<String> buffer = new ArrayList<>();
  private final List<Path> runs = new ArrayList<>();
  private long bufferedChars;
  private long count;

  ExternalSortedLines(Path target, Path tmpDir, long maxBufferedChars) {
    this.target = target;
    this.tmpDir = tmpDir;
    this.maxBufferedChars = maxBufferedChars;
  }

  void add(String line) {
    buffer.add(line);
    bufferedChars += line.length() + 16;
    count++;
    if (bufferedChars >= maxBufferedChars) {
      spill();
    }
  }

  long count() {
    return count;
  }

  /** Roughly how many characters are held in memory, object overhead included. */
  long bufferedChars() {
    return bufferedChars;
  }

  /** Writes the buffered lines to a sorted run on disk, freeing their memory. */
  void spill() {
    if (buffer.isEmpty()) {
      return;
    }
    try {
      Files.createDirectories(tmpDir);
      Path run = Files.createTempFile(tmpDir, target.getFileName().toString(), ".run");
      Collections.sort(buffer);
      writeAll(run, buffer);
      runs.add(run);
      buffer.clear();
      bufferedChars = 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (runs.isEmpty()) {
        Collections.sort(buffer);
        writeAll(target, buffer);
        buffer.clear();
        return;
      }
      if (!buffer.isEmpty()) {
        spill();
      }
      List<Path> pending = new ArrayList<>(runs);
      while (pending.size() > MAX_FAN_IN) {
        List<Path> next = new ArrayList<>();
        for (int i = 0; i < pending.size(); i += MAX_FAN_IN) {
          List<Path> group = pending.subList(i, Math.min(pending.size(), i + MAX_FAN_IN));
          Path merged = Files.createTempFile(tmpDir, target.getFileName().toString(), ".run");
          merge(group, merged);
          next.add(merged);
        }
        pending = next;
      }
      merge(pending, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeAll(Path file, List<String> lines) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String l : lines) {
        w.write(l);
        w.write('\n');
      }
    }
  }

  private record Head(String line, int source) {}

  private static void merge(List<Path> inputs, Path output) throws IOException {
    List<BufferedReader> readers = new ArrayList<>();
    PriorityQueue<Head> heads =
        new PriorityQueue<>(Comparator.comparing(Head::line).thenComparingInt(Head::source));
    try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      for (int i = 0; i < inputs.size(); i++) {
        BufferedReader r = Files.newBufferedReader(inputs.get(i), StandardCharsets.UTF_8);
        readers.add(r);
        String first = r.readLine();
        if (first != null) {
          heads.add(new Head(first, i));
        }
      }
      while (!heads.isEmpty()) {
        Head h = heads.poll();
        w.write(h.line());
        w.write('\n');
        String next = readers.get(h.source()).readLine();
        if (next != null) {
          heads.add(new Head(next, h.source()));
        }
      }
    } finally {
      for (BufferedReader r : readers) {
        r.close();
      }
      for (Path p : inputs) {
        Files.deleteIfExists(p);
      }
    }
  }
}
