package io.zeekbeam.pipelines.streaming;

import io.zeekbeam.pipelines.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The folder where a streaming run keeps its state across runs ({@code --stateDir}): Flink's
 * checkpoints, kept when the job stops however it stops (Ctrl-C, kill, a crash, a cancel), and the
 * settings of the job they belong to. A run started on the folder again resumes from the latest
 * complete checkpoint: windows and joins as they were then, and every Kafka partition read from the
 * offset saved with them.
 *
 * <pre>
 *   DIR/job.properties             the settings the saved state belongs to
 *   DIR/checkpoints/JOB/chk-N/     Flink's checkpoints, one folder JOB per run (Flink's job id)
 *   DIR/flink-conf/flink-conf.yaml written to resume on Flink's embedded cluster
 * </pre>
 *
 * <p>A checkpoint is complete when its {@code _metadata} file exists (Flink writes it last); a
 * run stopped while taking one leaves a folder without it, which is ignored. The checkpoints hold
 * the Kafka client settings, so the folder is made readable by its owner only.
 */
public final class SavedState {
  static final String SETTINGS = "job.properties";
  static final String CHECKPOINTS = "checkpoints";
  static final String FLINK_CONF = "flink-conf";
  private static final String METADATA = "_metadata";
  private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");

  /** A checkpoint to resume from. */
  public static final class Checkpoint {
    /** Where it is, as Flink takes it ({@code file:///...}, or a path as the user gave it). */
    public final String location;
    /** When it completed; null for a savepoint given with {@code --savepointPath}. */
    public final @Nullable Instant completed;
    /** Its folder when it is one of this state folder's checkpoints. */
    final @Nullable Path folder;

    Checkpoint(String location, @Nullable Instant completed, @Nullable Path folder) {
      this.location = location;
      this.completed = completed;
      this.folder = folder;
    }

    @Override
    public String toString() {
      return folder != null ? folder.toString() : location;
    }
  }

  public final Path dir;
  /** The checkpoint the run resumes from; null when it starts with empty state. */
  public final @Nullable Checkpoint resumeFrom;
  /** Whether {@code --fromScratch} is discarding state saved in {@link #dir}. */
  public final boolean discarding;

  private final Map<String, String> settings;

  private SavedState(
      Path dir, Map<String, String> settings, @Nullable Checkpoint resumeFrom, boolean discarding) {
    this.dir = dir;
    this.settings = settings;
    this.resumeFrom = resumeFrom;
    this.discarding = discarding;
  }

  /**
   * Looks into {@code dir} (nothing is written): with {@code fromScratch} the run starts with empty
   * state; otherwise it resumes from {@code savepoint} when given, else from the latest complete
   * checkpoint in {@code dir}, whose job must have had the same {@code settings}.
   *
   * @param settings the settings a saved state must have been made with to be resumed: option name
   *     (as {@code --name} is written) to value, compared as text
   * @throws UsageException when the saved state belongs to a job with other settings
   */
  public static SavedState open(
      Path dir, Map<String, String> settings, boolean fromScratch, @Nullable String savepoint) {
    Path folder = dir.toAbsolutePath().normalize();
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new UsageException("--stateDir=" + dir + " is a file, not a folder");
    }
    Checkpoint latest = latest(folder.resolve(CHECKPOINTS));
    if (fromScratch) {
      return new SavedState(folder, settings, null, latest != null);
    }
    if (savepoint != null && !savepoint.isBlank()) {
      return new SavedState(folder, settings, new Checkpoint(savepoint.trim(), null, null), false);
    }
    if (latest != null) {
      Map<String, String> saved = readSettings(folder.resolve(SETTINGS));
      if (saved != null) {
        List<String> differences = differences(saved, settings);
        if (!differences.isEmpty()) {
          throw new UsageException(
              "the state saved in "
                  + folder
                  + " belongs to a job with other settings ("
                  + String.join("; ", differences)
                  + "): start with --fromScratch to discard it, or give another --stateDir");
        }
      }
    }
    return new SavedState(folder, settings, latest, false);
  }

  /** The latest complete checkpoint in the state folder {@code dir}, or null when there is none. */
  public static @Nullable Checkpoint latestIn(Path dir) {
    return latest(dir.toAbsolutePath().normalize().resolve(CHECKPOINTS));
  }

  /** The latest complete checkpoint under {@code checkpoints}, or null when there is none. */
  static @Nullable Checkpoint latest(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return null;
    }
    Path best = null;
    FileTime bestTime = null;
    long bestNumber = -1;
    try (Stream<Path> jobs = Files.list(checkpoints)) {
      for (Path job : (Iterable<Path>) jobs.filter(Files::isDirectory)::iterator) {
        try (Stream<Path> chks = Files.list(job)) {
          for (Path chk : (Iterable<Path>) chks::iterator) {
            Matcher m = CHECKPOINT_DIR.matcher(chk.getFileName().toString());
            Path metadata = chk.resolve(METADATA);
            if (!m.matches() || !Files.isRegularFile(metadata)) {
              continue;
            }
            FileTime time = Files.getLastModifiedTime(metadata);
            long number = Long.parseLong(m.group(1));
            int c = bestTime == null ? 1 : time.compareTo(bestTime);
            if (c > 0 || (c == 0 && number > bestNumber)) {
              best = chk;
              bestTime = time;
              bestNumber = number;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UsageException("cannot read the saved state in " + checkpoints + ": " + e);
    }
    return best == null
        ? null
        : new Checkpoint(best.toUri().toString(), bestTime.toInstant(), best);
  }

  private static List<String> differences(Map<String, String> saved, Map<String, String> now) {
    List<String> out = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(saved.keySet());
    names.addAll(now.keySet());
    for (String name : names) {
      String before = saved.get(name);
      String after = now.get(name);
      if (!Objects.equals(before, after)) {
        out.add(
            "--" + name + " was " + (before == null ? "not set" : "'" + before + "'")
                + ", now " + (after == null ? "not set" : "'" + after + "'"));
      }
    }
    return out;
  }

  private static @Nullable Map<String, String> readSettings(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  /** Where Flink writes the checkpoints: {@code file:///DIR/checkpoints}. */
  public String checkpointStorage() {
    return dir.resolve(CHECKPOINTS).toUri().toString();
  }

  /**
   * Makes the folder ready for the run: with {@code --fromScratch} the saved state goes; older
   * runs' checkpoints than the one resumed from go (Flink keeps each run's latest, and a run
   * resumed from one does not need those before it); the settings are written.
   */
  public void prepare() {
    try {
      createPrivate(dir);
      Path checkpoints = dir.resolve(CHECKPOINTS);
      if (discarding) {
        deleteTree(checkpoints);
      } else if (Files.isDirectory(checkpoints)) {
        Path keep = resumeFrom == null || resumeFrom.folder == null
            ? null
            : resumeFrom.folder.getParent();
        if (keep != null) {
          try (Stream<Path> jobs = Files.list(checkpoints)) {
            for (Path job : (Iterable<Path>) jobs::iterator) {
              if (!job.equals(keep)) {
                deleteTree(job);
              }
            }
          }
        }
      }
      Files.createDirectories(checkpoints);
      Properties p = new Properties();
      p.putAll(settings);
      java.io.StringWriter text = new java.io.StringWriter();
      p.store(
          text,
          " The settings of the streaming job whose state this folder holds. zeekbeam compares"
              + " them with a new run's before it resumes; --fromScratch discards the state.");
      // Sorted, so that the file reads the same from one run to the next (bar the date).
      List<String> comments = new ArrayList<>();
      List<String> entries = new ArrayList<>();
      text.toString().lines().forEach(l -> (l.startsWith("#") ? comments : entries).add(l));
      entries.sort(null);
      comments.addAll(entries);
      Path tmp = dir.resolve(SETTINGS + ".tmp");
      Files.write(tmp, comments, StandardCharsets.ISO_8859_1);
      move(tmp, dir.resolve(SETTINGS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the state folder " + dir, e);
    }
  }

  /**
   * Writes a Flink configuration folder that resumes from {@link #resumeFrom}: Beam passes {@code
   * --savepointPath} to a remote cluster only, while the embedded cluster reads {@code
   * execution.savepoint.path} from the configuration Beam loads from {@code --flinkConfDir}. The
   * settings of {@code base} (the user's {@code --flinkConfDir} or {@code FLINK_CONF_DIR}, if any)
   * are kept.
   *
   * @return the folder, for {@code --flinkConfDir}
   */
  public String flinkConfDir(@Nullable String base) {
    if (resumeFrom == null) {
      throw new IllegalStateException("nothing to resume from");
    }
    Map<String, String> conf = new TreeMap<>();
    String from = base != null && !base.isBlank() ? base : System.getenv("FLINK_CONF_DIR");
    if (from != null && !from.isBlank()) {
      Configuration c = GlobalConfiguration.loadConfiguration(from);
      conf.putAll(c.toMap());
    }
    conf.put("execution.savepoint.path", resumeFrom.location);
    Path folder = dir.resolve(FLINK_CONF);
    try {
      createPrivate(folder);
      Path tmp = folder.resolve("flink-conf.yaml.tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write("# Written by zeekbeam to resume a streaming run; rewritten at every such start.\n");
        for (Map.Entry<String, String> e : conf.entrySet()) {
          w.write(e.getKey() + ": " + e.getValue().replace('\n', ' ') + "\n");
        }
      }
      move(tmp, folder.resolve("flink-conf.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder, e);
    }
    return folder.toString();
  }

  /** The settings as they will be written, for tests and messages. */
  Map<String, String> settings() {
    return new LinkedHashMap<>(settings);
  }

  private static void createPrivate(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> paths = new ArrayList<>();
      all.forEach(paths::add);
      paths.sort(Comparator.reverseOrder());
      for (Path p : paths) {
        Files.deleteIfExists(p);
      }
    }
  }
}
