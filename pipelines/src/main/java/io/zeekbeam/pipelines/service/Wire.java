package io.zeekbeam.pipelines.service;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What client and service say to each other over the socket.
 *
 * <p>The client sends one request: {@link #MAGIC}, the build it is, its working folder, whether its
 * stderr is a terminal, and the command's arguments. The service answers with frames, each a kind
 * byte, a length and that many bytes: {@link #OUT} and {@link #ERR} carry the run's stdout and
 * stderr as they are written, {@link #STARTED} says the run has begun (before it, a failed
 * connection means nothing was run), {@link #EXIT} ends the run with its exit code, {@link #OTHER_BUILD}
 * says the service runs another build (the client then runs the command itself). The client sends
 * nothing after its request: the service takes the socket's end as the client going away (Ctrl-C)
 * and cancels the run.
 */
final class Wire {
  static final int MAGIC = 0x5A4B4231; // "ZKB1"
  static final byte OUT = 'O';
  static final byte ERR = 'E';
  static final byte EXIT = 'X';
  static final byte STARTED = 'A';
  static final byte OTHER_BUILD = 'B';
  static final int MAX_STRING = 1 << 20;
  static final int MAX_ARGS = 10_000;
  static final int MAX_FRAME = 1 << 16;

  private Wire() {}

  static final class Request {
    final String build;
    final String cwd;
    final boolean terminal;
    final List<String> args;

    Request(String build, String cwd, boolean terminal, List<String> args) {
      this.build = build;
      this.cwd = cwd;
      this.terminal = terminal;
      this.args = args;
    }

    void write(DataOutputStream out) throws IOException {
      out.writeInt(MAGIC);
      writeString(out, build);
      writeString(out, cwd);
      out.writeBoolean(terminal);
      out.writeInt(args.size());
      for (String a : args) {
        writeString(out, a);
      }
      out.flush();
    }

    static Request read(DataInputStream in) throws IOException {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a zeekbeam client");
      }
      String build = readString(in);
      String cwd = readString(in);
      boolean terminal = in.readBoolean();
      int n = in.readInt();
      if (n < 0 || n > MAX_ARGS) {
        throw new IOException("a request with " + n + " arguments");
      }
      String[] args = new String[n];
      for (int i = 0; i < n; i++) {
        args[i] = readString(in);
      }
      return new Request(build, cwd, terminal, List.of(args));
    }
  }

  /**
   * The socket's bytes as a stream. Not {@code Channels.newInputStream}: on Java 17 its reads and
   * the writes of {@code Channels.newOutputStream} take the same lock, so a read waiting for the
   * client's end would hold up every frame of the run's output.
   */
  static InputStream input(SocketChannel ch) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        int n;
        do {
          n = ch.read(ByteBuffer.wrap(b, off, len));
        } while (n == 0);
        return n;
      }
    };
  }

  /** Writes to the socket; see {@link #input}. */
  static OutputStream output(SocketChannel ch) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b, off, len);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
      }
    };
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  /** A length and that many bytes, as {@link #writeString} and {@link Frames#send} write them. */
  static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_STRING) {
      throw new IOException("a string or frame of " + n + " bytes");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** Writes frames of one connection; shared by the run's two streams, so one frame at a time. */
  static final class Frames {
    private final DataOutputStream out;
    private boolean broken;

    Frames(OutputStream out) {
      this.out = new DataOutputStream(out);
    }

    /** Sends a frame; once the client is gone, frames are dropped (the run is being cancelled). */
    synchronized void send(byte kind, byte[] b, int off, int len) {
      if (broken) {
        return;
      }
      try {
        out.writeByte(kind);
        out.writeInt(len);
        out.write(b, off, len);
        out.flush();
      } catch (IOException e) {
        broken = true;
      }
    }

    void exit(int code) {
      send(EXIT, ByteBuffer.allocate(Integer.BYTES).putInt(code).array(), 0, Integer.BYTES);
    }

    /** An output stream whose every write is one frame of {@code kind}, sent at once. */
    OutputStream stream(byte kind) {
      return new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          // In frames of at most 64 KiB: the client refuses frames over MAX_STRING.
          for (int at = off; at < off + len; at += MAX_FRAME) {
            send(kind, b, at, Math.min(MAX_FRAME, off + len - at));
          }
        }
      };
    }
  }

  /** One frame as read by the client. */
  static final class Frame {
    final byte kind;
    final byte[] data;

    Frame(byte kind, byte[] data) {
      this.kind = kind;
      this.data = data;
    }

    int exitCode() {
      return ByteBuffer.wrap(data).getInt();
    }

    /** The next frame, or null at the end of the stream. */
    static Frame read(DataInputStream in) throws IOException {
      int kind = in.read();
      if (kind < 0) {
        return null;
      }
      try {
        return new Frame((byte) kind, readBytes(in));
      } catch (EOFException e) {
        return null; // cut off within the frame: the end as well
      }
    }
  }
}
