package io.zeekbeam.transforms.join;

import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The streams a bounded join encodes its elements into and decodes them from ({@link
 * TwoSidedInput}): a growable byte buffer and a reader over one byte array, both reused from one
 * element to the next by a single thread. {@link java.io.ByteArrayOutputStream} and {@link
 * java.io.ByteArrayInputStream} would do, but lock on every call, and a coder makes several calls
 * per element.
 */
final class ElementBytes {
  private ElementBytes() {}

  /** A growable buffer; {@link #reset} empties it for the next element. */
  static final class Writer extends OutputStream {
    private byte[] buf = new byte[256];
    private int count;

    void reset() {
      count = 0;
    }

    private void ensure(int more) {
      if (count + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    void writeLong(long v) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buf[count++] = (byte) (v >>> shift);
      }
    }

    /** The hash of what has been written since {@link #reset}, as {@link Arrays#hashCode(byte[])}. */
    int hashOfWritten() {
      int h = 1;
      for (int i = 0; i < count; i++) {
        h = 31 * h + buf[i];
      }
      return h;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, count);
    }
  }

  /** Reads one byte array; {@link #reset} moves it to the next. */
  static final class Reader extends InputStream {
    private byte[] buf = new byte[0];
    private int pos;

    void reset(byte[] bytes) {
      buf = bytes;
      pos = 0;
    }

    @Override
    public int read() {
      return pos < buf.length ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int n = Math.min(len, buf.length - pos);
      if (n <= 0) {
        return -1;
      }
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return buf.length - pos;
    }

    long readLong() throws EOFException {
      if (buf.length - pos < 8) {
        throw new EOFException("a joined element ends inside its timestamp");
      }
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos++] & 0xff);
      }
      return v;
    }
  }
}
