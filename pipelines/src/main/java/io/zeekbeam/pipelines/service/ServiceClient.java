package io.zeekbeam.pipelines.service;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The {@code zeekbeam run} side of the {@link Service}: hands a batch run to this build's service
 * when one is running, and otherwise leaves the run to the caller.
 */
public final class ServiceClient {
  /** Set to {@code off} (or {@code 0}) to run in the calling JVM even when a service is up. */
  public static final String ENV = "ZEEKBEAM_SERVICE";

  private ServiceClient() {}

  /**
   * Whether the service takes {@code args}: {@code run} without a help flag and not reading Kafka
   * (a streaming job lasts as long as its process, and would hold the service for good).
   */
  public static boolean takes(String[] args) {
    if (args.length == 0 || !args[0].equals("run")) {
      return false;
    }
    for (String a : Arrays.asList(args).subList(1, args.length)) {
      if (a.equals("--help") || a.equals("-h") || a.equals("-help")) {
        return false;
      }
      if (a.startsWith("--source=")
          && a.substring("--source=".length()).trim().toLowerCase(Locale.ROOT).equals("kafka")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the environment keeps this call from the service: {@value #ENV} turns it off, and a
   * run that sets {@code FLINK_CONF_DIR} or {@code ZEEKBEAM_DEBUG} depends on an environment the
   * service does not share (it has its own).
   */
  public static boolean turnedOff() {
    String v = System.getenv(ENV);
    return (v != null && (v.equalsIgnoreCase("off") || v.equals("0") || v.equalsIgnoreCase("false")))
        || System.getenv("FLINK_CONF_DIR") != null
        || System.getenv("ZEEKBEAM_DEBUG") != null;
  }

  /**
   * Runs {@code args} on the service at {@code address} and returns its exit code; empty if there
   * is no service there for this build (none started, one that is gone, another build), in which
   * case nothing was run and the caller runs the command itself.
   */
  public static OptionalInt submit(
      ServiceAddress address, String[] args, PrintStream out, PrintStream err, boolean terminal) {
    return submit(address, args, out, err, terminal, Paths.get("").toAbsolutePath());
  }

  /** {@link #submit} as if called from the folder {@code cwd}. */
  static OptionalInt submit(
      ServiceAddress address,
      String[] args,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      java.nio.file.Path cwd) {
    if (!Files.exists(address.socket)) {
      return OptionalInt.empty();
    }
    try {
      ServiceAddress.checkFolder(address.socket.getParent());
    } catch (IOException e) {
      err.println("zeekbeam: not using the service: " + e.getMessage());
      return OptionalInt.empty();
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(address.socket));
    } catch (IOException | UnsupportedOperationException e) {
      // A socket left by a service that was killed: nobody listens.
      return OptionalInt.empty();
    }
    boolean started = false;
    try (channel) {
      DataOutputStream request = new DataOutputStream(new BufferedOutputStream(Wire.output(channel)));
      new Wire.Request(
              address.build,
              cwd.toString(),
              terminal,
              Arrays.asList(args))
          .write(request);
      DataInputStream in = new DataInputStream(new BufferedInputStream(Wire.input(channel)));
      Wire.Frame f;
      while ((f = Wire.Frame.read(in)) != null) {
        switch (f.kind) {
          case Wire.STARTED:
            started = true;
            break;
          case Wire.OUT:
            out.write(f.data, 0, f.data.length);
            out.flush();
            break;
          case Wire.ERR:
            err.write(f.data, 0, f.data.length);
            err.flush();
            break;
          case Wire.EXIT:
            return OptionalInt.of(f.exitCode());
          case Wire.OTHER_BUILD:
            err.println(
                "zeekbeam: the service at "
                    + address.socket
                    + " runs another build ("
                    + new String(f.data, StandardCharsets.UTF_8)
                    + "); running here instead (stop it and start zeekbeam serve again to serve"
                    + " this build)");
            return OptionalInt.empty();
          default:
            throw new IOException("an unknown frame '" + (char) f.kind + "'");
        }
      }
      throw new IOException("the connection ended before the run did");
    } catch (IOException e) {
      if (!started) {
        // Nothing of the run came back: a service on its way out. Run here instead.
        err.println("zeekbeam: the service did not take the run (" + e.getMessage() + "); running here");
        return OptionalInt.empty();
      }
      err.println("zeekbeam: the service stopped during the run (" + e.getMessage() + ")");
      return OptionalInt.of(1);
    }
  }
}
