package io.zeekbeam.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private static List<LineReader.Line> read(byte[] bytes) throws IOException {
    List<LineReader.Line> out = new ArrayList<>();
    try (LineReader r = new LineReader(new ByteArrayInputStream(bytes))) {
      LineReader.Line l;
      while ((l = r.next()) != null) {
        out.add(l);
      }
    }
    return out;
  }

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(b)) {
      o.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  @Test
  void linesAcrossBufferBoundariesComeBackWhole() throws IOException {
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      String line = "line " + i + " " + "x".repeat(i % 97);
      expected.add(line);
      text.append(line).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    text.append("last line without a newline");
    expected.add("last line without a newline");
    List<LineReader.Line> lines = read(text.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(expected.size(), lines.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), lines.get(i).text);
      assertEquals(i + 1, lines.get(i).number);
      assertNull(lines.get(i).error);
    }
  }

  @Test
  void concatenatedGzipMembersAreReadInTurn() throws IOException {
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(gzip("a\nb\n"));
    both.write(gzip("c\n"));
    List<LineReader.Line> lines = read(both.toByteArray());
    assertEquals(List.of("a", "b", "c"), lines.stream().map(l -> l.text).toList());
  }

  /** Many lines of varied length, more than one read buffer of inflated bytes. */
  private static String manyLines(int n) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append("{\"ts\":").append(i).append(",\"uid\":\"C").append("z".repeat(i % 211)).append("\"}\n");
    }
    return text.toString();
  }

  @Test
  void aLargeGzipFileGivesBackEveryLineInOrder() throws IOException {
    String text = manyLines(40_000); // ~4.5 MB inflated: many buffers
    List<LineReader.Line> lines = read(gzip(text));
    String[] expected = text.split("\n");
    assertEquals(expected.length, lines.size());
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], lines.get(i).text);
      assertEquals(i + 1, lines.get(i).number);
    }
  }

  @Test
  void aTruncatedGzipFileGivesItsLinesThenFailsAsGzipDoes() throws IOException {
    String text = manyLines(20_000);
    byte[] whole = gzip(text);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length * 2 / 3);
    // What Java's own gzip reader makes of the cut file, read directly: the reference.
    ByteArrayOutputStream direct = new ByteArrayOutputStream();
    IOException directFailure = null;
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new ByteArrayInputStream(cut))) {
      in.transferTo(direct);
    } catch (IOException e) {
      directFailure = e;
    }
    assertTrue(directFailure instanceof java.io.EOFException, String.valueOf(directFailure));

    List<String> read = new ArrayList<>();
    IOException failure = null;
    try (LineReader r = new LineReader(new ByteArrayInputStream(cut))) {
      LineReader.Line l;
      while ((l = r.next()) != null) {
        read.add(l.text);
      }
    } catch (IOException e) {
      failure = e;
    }
    // The same failure, not a quiet end, and after every line the direct read got whole.
    assertTrue(failure instanceof java.io.EOFException, String.valueOf(failure));
    String got = direct.toString(StandardCharsets.UTF_8);
    List<String> wholeLines = List.of(got.substring(0, got.lastIndexOf('\n')).split("\n"));
    assertTrue(read.size() >= wholeLines.size(), read.size() + " < " + wholeLines.size());
    assertEquals(wholeLines, read.subList(0, wholeLines.size()));
  }

  /**
   * A file that fails part way (an I/O error), handing out a few KiB per read and, like a file,
   * saying more is available: every whole line before the failure must still come back.
   */
  @Test
  void aFileThatFailsPartWayGivesItsLinesThenTheFailure() throws IOException {
    byte[] text = manyLines(20_000).getBytes(StandardCharsets.UTF_8);
    int failAt = text.length * 2 / 3;
    java.io.InputStream failing =
        new java.io.InputStream() {
          private int pos;

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= failAt) {
              throw new IOException("disk error");
            }
            int n = Math.min(Math.min(len, 4096), failAt - pos);
            System.arraycopy(text, pos, b, off, n);
            pos += n;
            return n;
          }

          @Override
          public int available() {
            return text.length - pos;
          }
        };
    List<String> read = new ArrayList<>();
    IOException failure = null;
    try (LineReader r = new LineReader(failing)) {
      LineReader.Line l;
      while ((l = r.next()) != null) {
        read.add(l.text);
      }
    } catch (IOException e) {
      failure = e;
    }
    assertEquals("disk error", failure == null ? null : failure.getMessage());
    String before = new String(text, 0, failAt, StandardCharsets.UTF_8);
    List<String> expected = List.of(before.substring(0, before.lastIndexOf('\n')).split("\n"));
    assertEquals(expected.size(), read.size());
    assertEquals(expected, read);
  }

  @Test
  void textIsDecodedAsUtf8AndOnlyInvalidBytesAreReported() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    // Valid: ASCII, accented letters, a character outside the BMP, and a replacement character
    // written as such (EF BF BD).
    b.write("plain ascii\ncafé ü\n\uD83D\uDE00 x\nrep \uFFFD ok\n".getBytes(StandardCharsets.UTF_8));
    // Invalid: a lone continuation byte where a one-byte character would keep the length.
    b.write(new byte[] {'a', (byte) 0x80, 'b', '\n'});
    // Invalid: a truncated sequence at the end of a line.
    b.write(new byte[] {'z', (byte) 0xc3, '\n'});
    List<LineReader.Line> lines = read(b.toByteArray());
    assertEquals("plain ascii", lines.get(0).text);
    assertEquals("café ü", lines.get(1).text);
    assertEquals("\uD83D\uDE00 x", lines.get(2).text);
    assertEquals("rep \uFFFD ok", lines.get(3).text);
    for (int i = 0; i < 4; i++) {
      assertEquals(null, lines.get(i).error, lines.get(i).text);
    }
    assertTrue(lines.get(4).error.contains("not valid UTF-8 (near byte 2)"), lines.get(4).error);
    assertTrue(lines.get(5).error.contains("not valid UTF-8 (near byte 2)"), lines.get(5).error);
  }

  @Test
  void aLongLineIsKeptAndInvalidUtf8IsReported() throws IOException {
    String big = "y".repeat(5 << 20);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write((big + "\n").getBytes(StandardCharsets.UTF_8));
    b.write(new byte[] {'o', 'k', (byte) 0xff, '\n'});
    List<LineReader.Line> lines = read(b.toByteArray());
    assertEquals(big, lines.get(0).text);
    assertTrue(lines.get(1).error.contains("not valid UTF-8 (near byte 3)"), lines.get(1).error);
  }

  @Test
  void emptyInputHasNoLines() throws IOException {
    assertEquals(0, read(new byte[0]).size());
    assertEquals(List.of(""), read("\n".getBytes(StandardCharsets.UTF_8)).stream().map(l -> l.text).toList());
  }
}
