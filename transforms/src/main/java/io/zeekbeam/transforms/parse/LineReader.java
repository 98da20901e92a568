package io.zeekbeam.transforms.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a log file line by line as bytes, so that a line that is not valid UTF-8 is reported as
 * such (with its line number) instead of being silently replaced, and so that no line, however
 * long, is lost. Lines end at LF; a CR before it is dropped; a UTF-8 byte order mark at the start
 * of the file is dropped. Gzip is recognised by its magic bytes, whatever the file is called, and
 * concatenated gzip members (as {@code cat a.gz b.gz} makes) are read in turn.
 */
public final class LineReader implements AutoCloseable {
  /** Lines longer than this are reported and skipped rather than held in memory. */
  public static final int MAX_LINE_BYTES = 64 << 20;

  /** One line of input. */
  public static final class Line {
    public final long number;
    /** The text; when {@link #error} is set, the text with bad bytes shown as U+FFFD. */
    public final String text;
    /** Why the line cannot be read, or null. */
    public final @Nullable String error;
    /** Bytes in the line, without the line end. */
    public final long bytes;

    Line(long number, String text, @Nullable String error, long bytes) {
      this.number = number;
      this.text = text;
      this.error = error;
      this.bytes = bytes;
    }
  }

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] buf = new byte[8192];
  private long lineNumber;
  private long bytesRead;
  private boolean first = true;


  private final boolean gzip;

  /**
   * Reads {@code raw} from its start, gzip or not. Nothing buffers between {@code raw} and {@link
   * #next}, which reads in 64 KiB chunks itself: a {@code BufferedInputStream} fills the caller's
   * array in a loop and drops what it has copied when a later read in the loop fails, so a file
   * that fails part way (an I/O error, a truncated gzip archive) would lose up to 64 KiB of whole
   * lines before its error. {@code GZIPInputStream} hands out every inflated byte before it throws.
   */
  public LineReader(InputStream raw) throws IOException {
    this.in = maybeGunzip(raw);
    this.gzip = !(in instanceof PushbackInputStream);
  }

  private LineReader(InputStream raw, boolean atFileStart) {
    this.in = raw;
    this.gzip = false;
    this.first = atFileStart;
  }

  /**
   * Reads {@code raw} as plain text from wherever it is positioned in a file: no gzip sniffing and,
   * unless {@code atFileStart}, no byte order mark to drop. Line numbers count from 1 here.
   */
  static LineReader plain(InputStream raw, boolean atFileStart) {
    return new LineReader(raw, atFileStart);
  }

  /** Whether the input was gzip, and so cannot be read from the middle. */
  public boolean isGzip() {
    return gzip;
  }

  private static InputStream maybeGunzip(InputStream in) throws IOException {
    PushbackInputStream p = new PushbackInputStream(in, 2);
    int b1 = p.read();
    int b2 = b1 < 0 ? -1 : p.read();
    if (b2 >= 0) {
      p.unread(b2);
    }
    if (b1 >= 0) {
      p.unread(b1);
    }
    if (b1 == 0x1f && b2 == 0x8b) {
      return new GZIPInputStream(p, 1 << 16);
    }
    return p;
  }

  /** Bytes consumed so far (after decompression). */
  public long bytesRead() {
    return bytesRead;
  }

  /** Bytes read from the stream and not yet consumed: {@code chunk[pos, limit)}. */
  private final byte[] chunk = new byte[1 << 16];

  private int pos;
  private int limit;

  /** Refills {@link #chunk}; false at the end of the input. */
  private boolean fill() throws IOException {
    int n = in.read(chunk, 0, chunk.length);
    while (n == 0) {
      n = in.read(chunk, 0, chunk.length);
    }
    pos = 0;
    limit = Math.max(n, 0);
    return n > 0;
  }

  /** The next line, or null at the end of the input. */
  public @Nullable Line next() throws IOException {
    int len = 0;
    long total = 0;
    boolean tooLong = false;
    boolean newline = false;
    while (!newline) {
      if (pos == limit && !fill()) {
        break;
      }
      // Scan the buffered bytes for the end of the line and copy the run in one go.
      int start = pos;
      int end = start;
      while (end < limit && chunk[end] != '\n') {
        end++;
      }
      newline = end < limit;
      int run = end - start;
      total += run + (newline ? 1 : 0);
      pos = newline ? end + 1 : end;
      if (tooLong) {
        continue;
      }
      if (len + run > buf.length) {
        if (len + run > MAX_LINE_BYTES) {
          int room = MAX_LINE_BYTES - len;
          ensure(MAX_LINE_BYTES);
          System.arraycopy(chunk, start, buf, len, room);
          len += room;
          tooLong = true;
          continue;
        }
        ensure(len + run);
      }
      System.arraycopy(chunk, start, buf, len, run);
      len += run;
    }
    if (!newline && total == 0) {
      return null;
    }
    bytesRead += total;
    lineNumber++;
    int start = 0;
    if (first) {
      first = false;
      if (len >= 3 && (buf[0] & 0xff) == 0xef && (buf[1] & 0xff) == 0xbb && (buf[2] & 0xff) == 0xbf) {
        start = 3;
      }
    }
    int end = len;
    if (end > start && buf[end - 1] == '\r' && !tooLong) {
      end--;
    }
    long lineBytes = newline ? total - 1 : total;
    if (tooLong) {
      return new Line(
          lineNumber,
          new String(buf, start, Math.min(end - start, 4096), StandardCharsets.UTF_8),
          "line is longer than " + (MAX_LINE_BYTES >> 20) + " MiB (" + lineBytes + " bytes)",
          lineBytes);
    }
    // Zeek escapes what is not printable ASCII, so nearly every line is ASCII. The JDK decodes
    // UTF-8 that is ASCII by a vectorised check and one copy into a compact Latin-1 string; a
    // result with one char per byte and no replacement char was ASCII (a multi-byte character
    // makes fewer chars than bytes, an invalid byte a replacement char), else the line is decoded
    // again strictly, to report invalid UTF-8.
    String text = new String(buf, start, end - start, StandardCharsets.UTF_8);
    if (text.length() == end - start && text.indexOf('\uFFFD') < 0) {
      return new Line(lineNumber, text, null, lineBytes);
    }
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(buf, start, end - start));
      return new Line(lineNumber, chars.toString(), null, lineBytes);
    } catch (CharacterCodingException e) {
      return new Line(
          lineNumber,
          new String(buf, start, end - start, StandardCharsets.UTF_8),
          "line is not valid UTF-8 (near byte " + firstBadByte(start, end) + ")",
          lineBytes);
    }
  }

  private int firstBadByte(int start, int end) {
    ByteBuffer in = ByteBuffer.wrap(buf, start, end - start);
    CharBuffer out = CharBuffer.allocate(end - start);
    decoder.reset();
    decoder.decode(in, out, true);
    return in.position() - start + 1;
  }

  private void ensure(int size) {
    if (size > buf.length) {
      int n = buf.length;
      while (n < size) {
        n = (int) Math.min((long) n * 2, MAX_LINE_BYTES);
      }
      byte[] bigger = new byte[n];
      System.arraycopy(buf, 0, bigger, 0, buf.length);
      buf = bigger;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
