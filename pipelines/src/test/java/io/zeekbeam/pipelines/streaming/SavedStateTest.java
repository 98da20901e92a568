package io.zeekbeam.pipelines.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.pipelines.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state folder without Flink: which checkpoint a run resumes from, when it refuses to, and
 * what it leaves in the folder. (StreamingRestartTest resumes a real job from one.)
 */
class SavedStateTest {
  @TempDir Path tmp;

  private static Map<String, String> settings(String analytics) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("analytics", analytics);
    s.put("connTopic", "conn");
    s.put("bootstrapServers", "localhost:9092");
    return s;
  }

  /** A checkpoint folder, complete (with _metadata written at {@code completed}) or not. */
  private Path checkpoint(Path state, String job, int n, Long completed) throws Exception {
    Path chk = Files.createDirectories(state.resolve("checkpoints").resolve(job).resolve("chk-" + n));
    if (completed != null) {
      Path metadata = Files.writeString(chk.resolve("_metadata"), "metadata");
      Files.setLastModifiedTime(metadata, FileTime.fromMillis(completed));
    }
    return chk;
  }

  @Test
  void anEmptyFolderResumesNothingAndIsMadePrivateWithTheSettings() throws Exception {
    Path state = tmp.resolve("state");
    SavedState s = SavedState.open(state, settings("inbound"), false, null);
    assertNull(s.resumeFrom);
    assertFalse(s.discarding);
    s.prepare();
    assertTrue(Files.isDirectory(state.resolve("checkpoints")));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    String written = Files.readString(state.resolve("job.properties"));
    assertTrue(written.contains("analytics=inbound"), written);
    assertTrue(written.contains("bootstrapServers=localhost\\:9092"), written);
    assertEquals("file://" + state.resolve("checkpoints") + "/", s.checkpointStorage());
  }

  @Test
  void theLatestCompleteCheckpointOfAnyRunIsResumedAndOlderRunsGo() throws Exception {
    Path state = tmp.resolve("state");
    SavedState.open(state, settings("inbound"), false, null).prepare();
    long t = 1_780_000_000_000L;
    checkpoint(state, "run1", 7, t);
    Path latest = checkpoint(state, "run2", 3, t + 5_000);
    checkpoint(state, "run2", 4, null); // taken when the run stopped: no _metadata
    checkpoint(state, "run3", 1, null); // a run stopped before its first checkpoint completed

    SavedState s = SavedState.open(state, settings("inbound"), false, null);
    assertNotNull(s.resumeFrom);
    assertEquals(latest.toUri().toString(), s.resumeFrom.location);
    assertEquals(Instant.ofEpochMilli(t + 5_000), s.resumeFrom.completed);
    assertEquals(latest.toString(), s.resumeFrom.toString());

    s.prepare();
    assertFalse(Files.exists(state.resolve("checkpoints/run1")), "older runs go");
    assertFalse(Files.exists(state.resolve("checkpoints/run3")));
    assertTrue(Files.isDirectory(latest), "the one resumed from stays");

    String conf = Files.readString(Path.of(s.flinkConfDir(null)).resolve("flink-conf.yaml"));
    assertTrue(conf.contains("execution.savepoint.path: " + latest.toUri()), conf);
  }

  @Test
  void aStateOfOtherSettingsIsRefusedInOneSentence() throws Exception {
    Path state = tmp.resolve("state");
    SavedState.open(state, settings("inbound,bytes-by-service"), false, null).prepare();
    checkpoint(state, "run1", 2, 1_780_000_000_000L);
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> SavedState.open(state, settings("inbound"), false, null));
    assertEquals(
        "the state saved in " + state + " belongs to a job with other settings (--analytics was"
            + " 'inbound,bytes-by-service', now 'inbound'): start with --fromScratch to discard"
            + " it, or give another --stateDir",
        e.getMessage());
    // A folder without checkpoints holds no state to refuse.
    Path empty = tmp.resolve("empty");
    SavedState.open(empty, settings("inbound,bytes-by-service"), false, null).prepare();
    assertNull(SavedState.open(empty, settings("inbound"), false, null).resumeFrom);
  }

  @Test
  void fromScratchDiscardsTheSavedState() throws Exception {
    Path state = tmp.resolve("state");
    SavedState.open(state, settings("inbound"), false, null).prepare();
    checkpoint(state, "run1", 2, 1_780_000_000_000L);
    SavedState s = SavedState.open(state, settings("dns-lookups"), true, null);
    assertNull(s.resumeFrom);
    assertTrue(s.discarding);
    s.prepare();
    assertNull(SavedState.latestIn(state));
    assertTrue(Files.readString(state.resolve("job.properties")).contains("analytics=dns-lookups"));
    assertNull(SavedState.open(state, settings("dns-lookups"), false, null).resumeFrom);
  }

  @Test
  void aSavepointGivenIsResumedWhateverTheFolderHolds() throws Exception {
    Path state = tmp.resolve("state");
    SavedState.open(state, settings("inbound"), false, null).prepare();
    checkpoint(state, "run1", 2, 1_780_000_000_000L);
    SavedState s = SavedState.open(state, settings("other"), false, "/savepoints/sp-1");
    assertEquals("/savepoints/sp-1", s.resumeFrom.location);
    assertNull(s.resumeFrom.completed);
  }

  @Test
  void aFileIsNoStateFolder() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    UsageException e =
        assertThrows(UsageException.class, () -> SavedState.open(file, settings("a"), false, null));
    assertEquals("--stateDir=" + file + " is a file, not a folder", e.getMessage());
  }

  @Test
  void theFlinkConfigurationKeepsTheUsersSettings() throws Exception {
    Path state = tmp.resolve("state");
    SavedState.open(state, settings("inbound"), false, null).prepare();
    Path chk = checkpoint(state, "run1", 2, 1_780_000_000_000L);
    Path userConf = Files.createDirectories(tmp.resolve("conf"));
    Files.writeString(userConf.resolve("flink-conf.yaml"), "taskmanager.numberOfTaskSlots: 4\n");
    SavedState s = SavedState.open(state, settings("inbound"), false, null);
    String conf = Files.readString(Path.of(s.flinkConfDir(userConf.toString())).resolve("flink-conf.yaml"));
    assertTrue(conf.contains("taskmanager.numberOfTaskSlots: 4"), conf);
    assertTrue(conf.contains("execution.savepoint.path: " + chk.toUri()), conf);
  }
}
