package io.zeekbeam.pipelines.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.zeekbeam.pipelines.generate.GeneratorConfig.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same configuration must give byte-identical output, or answers cannot be compared. */
class SampleGeneratorDeterminismTest {
  @TempDir Path tmp;

  private static List<Path> tree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void sameConfigGivesIdenticalBytes(Format format) throws IOException {
    Path a = Samples.generate(tmp.resolve("a"), 2000, 7, format, format == Format.TSV);
    Path b = Samples.generate(tmp.resolve("b"), 2000, 7, format, format == Format.TSV);
    List<Path> files = tree(a);
    assertEquals(files, tree(b));
    for (Path f : files) {
      assertArrayEquals(
          Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
    }
  }

  @Test
  void rerunIntoTheSameDirectoryReplacesTheOutput() throws IOException {
    Path dir = tmp.resolve("same");
    Samples.generate(dir, 1000, 3, Format.MIXED, false);
    byte[] first = Files.readAllBytes(dir.resolve("expected/rich-dns.jsonl"));
    List<Path> firstTree = tree(dir);
    Samples.generate(dir, 1000, 3, Format.JSON, false);
    Samples.generate(dir, 1000, 3, Format.MIXED, false);
    assertEquals(firstTree, tree(dir));
    assertArrayEquals(first, Files.readAllBytes(dir.resolve("expected/rich-dns.jsonl")));
  }

  @Test
  void rerunKeepsFilesItDidNotWrite() throws IOException {
    Path dir = tmp.resolve("keep");
    Files.createDirectories(dir.resolve("logs"));
    Files.writeString(dir.resolve("logs/notes.txt"), "mine");
    Samples.generate(dir, 500, 3, Format.TSV, false);
    Samples.generate(dir, 500, 3, Format.TSV, false);
    assertEquals("mine", Files.readString(dir.resolve("logs/notes.txt")));
  }

  @Test
  void anotherSeedGivesOtherData() throws IOException {
    Path a = Samples.generate(tmp.resolve("s1"), 1500, 1, Format.TSV, false);
    Path b = Samples.generate(tmp.resolve("s2"), 1500, 2, Format.TSV, false);
    assertFalse(
        Arrays.equals(
            Files.readAllBytes(a.resolve("logs/dns.log")),
            Files.readAllBytes(b.resolve("logs/dns.log"))));
  }
}
