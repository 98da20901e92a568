package io.zeekbeam.pipelines.io;

import io.zeekbeam.pipelines.UsageException;
import io.zeekbeam.transforms.parse.LineReader;
import io.zeekbeam.transforms.parse.LogFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;

/**
 * Turns {@code --input} (files, directories and globs, comma-separated) into the sorted list of
 * files to read, failing with one clear sentence when a part matches nothing. Directories are
 * read recursively.
 */
public final class InputFiles {
  private InputFiles() {}

  /** A file to read and what its head says it is. */
  public static final class InputFile {
    public final String path;
    public final long sizeBytes;
    public final LogFiles.Detection detection;

    InputFile(String path, long sizeBytes, LogFiles.Detection detection) {
      this.path = path;
      this.sizeBytes = sizeBytes;
      this.detection = detection;
    }
  }

  public static List<InputFile> resolve(String input) {
    if (input == null || input.isBlank()) {
      throw new UsageException("--input is required: give log files, folders or globs to read");
    }
    TreeSet<String> paths = new TreeSet<>();
    List<InputFile> out = new ArrayList<>();
    for (String part : input.split(",")) {
      String spec = part.trim();
      if (spec.isEmpty()) {
        continue;
      }
      Path local = Paths.get(spec);
      if (Files.isDirectory(local)) {
        spec = local.toAbsolutePath().normalize().toString() + "/**";
      } else if (!spec.contains("*") && !spec.contains("?") && !spec.contains("[")) {
        if (!spec.contains("://") && !Files.exists(local)) {
          throw new UsageException("--input: '" + part.trim() + "' does not exist");
        }
        if (!spec.contains("://") && !Files.isReadable(local)) {
          throw new UsageException("--input: '" + part.trim() + "' cannot be read (permissions?)");
        }
      }
      MatchResult match;
      try {
        match = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
      } catch (IOException e) {
        throw new UsageException("--input: '" + part.trim() + "' cannot be listed: " + e.getMessage());
      }
      List<Metadata> found;
      try {
        found = match.metadata();
      } catch (IOException e) {
        found = List.of();
      }
      if (found.isEmpty()) {
        throw new UsageException("--input: nothing matches '" + part.trim() + "'");
      }
      for (Metadata m : found) {
        String p = m.resourceId().toString();
        if (!m.resourceId().isDirectory() && paths.add(p)) {
          out.add(new InputFile(p, m.sizeBytes(), detect(m)));
        }
      }
    }
    out.sort((a, b) -> a.path.compareTo(b.path));
    return out;
  }

  private static LogFiles.Detection detect(Metadata m) {
    List<String> head = new ArrayList<>();
    try (InputStream in = Channels.newInputStream(FileSystems.open(m.resourceId()));
        LineReader reader = new LineReader(in)) {
      LineReader.Line line;
      while (head.size() < LogFiles.HEAD_LINES && (line = reader.next()) != null) {
        if (!line.text.isBlank()) {
          head.add(line.text);
        }
      }
    } catch (IOException e) {
      // Unreadable heads are reported by the pipeline, line by line, with the reason.
    }
    return LogFiles.detect(m.resourceId().toString(), head);
  }
}
