package io.zeekbeam.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a run's output folders back: per folder, every JSON line of every part file, sorted. */
public final class OutputFolders {
  private OutputFolders() {}

  public static Map<String, List<String>> read(Path outputDir) {
    Map<String, List<String>> out = new TreeMap<>();
    try (Stream<Path> folders = Files.list(outputDir)) {
      for (Path folder : (Iterable<Path>) folders.filter(Files::isDirectory)::iterator) {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(folder)) {
          for (Path part : (Iterable<Path>) parts.filter(f -> f.toString().endsWith(".jsonl"))::iterator) {
            for (String line : Files.readAllLines(part)) {
              if (!line.isEmpty()) {
                lines.add(line);
              }
            }
          }
        }
        Collections.sort(lines);
        out.put(folder.getFileName().toString(), lines);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
