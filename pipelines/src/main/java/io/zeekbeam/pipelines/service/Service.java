package io.zeekbeam.pipelines.service;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A long-lived JVM that does batch runs for {@code zeekbeam run} clients, so that every run after
 * the first finds its code loaded and compiled: a fresh JVM spends about half of a 2-million-record
 * run's CPU compiling (BENCHMARKS.md, "The JIT").
 *
 * <p>A client sends its arguments and working folder; the service runs the command as the client
 * would have ({@link Command}), with the client's relative paths resolved against the client's
 * folder, and sends back stdout, stderr and the exit code as they come. One run at a time, in order
 * of arrival: two runs side by side on the same cores would each take twice as long. When a client
 * goes away (Ctrl-C), its run's Flink job is cancelled. Which Flink cluster a run uses is the
 * command's business ({@code zeekbeam serve} shares one among the runs that can).
 */
public final class Service implements AutoCloseable {
  /** What the service runs: {@code Main.run} with the client's terminal, in production. */
  @FunctionalInterface
  public interface Command {
    int run(String[] args, PrintStream out, PrintStream err, boolean terminal);
  }

  /** Options whose values are paths, resolved against the client's folder. */
  static final Set<String> PATH_OPTIONS =
      Set.of("output", "watchlist", "geoipCity", "geoipAsn", "flinkConfDir", "tempLocation");

  /** Options whose values are comma-separated lists of paths. */
  static final Set<String> PATH_LIST_OPTIONS = Set.of("input", "filesToStage");

  private final ServiceAddress address;
  private final ServerSocketChannel server;
  private final Command command;
  private final PrintStream log;
  private final ReentrantLock runLock = new ReentrantLock(true);
  private final AtomicInteger runs = new AtomicInteger();
  private final ExecutorService clients =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "zeekbeam-service-client");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  private Service(
      ServiceAddress address, ServerSocketChannel server, Command command, PrintStream log) {
    this.address = address;
    this.server = server;
    this.command = command;
    this.log = log;
  }

  /** Thrown by {@link #open} when a service already listens at the address. */
  public static final class AlreadyRunning extends IOException {
    private static final long serialVersionUID = 1L;

    AlreadyRunning(Path socket) {
      super("a zeekbeam service for this build already listens at " + socket);
    }
  }

  /**
   * Listens at {@code address}; a socket left there by a service that is gone is replaced.
   *
   * @throws AlreadyRunning if a service answers there
   */
  public static Service open(ServiceAddress address, Command command, PrintStream log)
      throws IOException {
    ServiceAddress.prepareFolder(address.socket);
    if (answers(address.socket)) {
      throw new AlreadyRunning(address.socket);
    }
    // A socket left by a service that was killed: nobody listens.
    Files.deleteIfExists(address.socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(address.socket));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return new Service(address, server, command, log);
  }

  /** Whether a service listens at {@code socket}. */
  static boolean answers(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return true;
    } catch (IOException gone) {
      return false;
    }
  }

  /** How many runs the service has started. */
  public int runs() {
    return runs.get();
  }

  /** Takes clients until {@link #close}d. */
  public void serve() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closed) {
          return;
        }
        log("cannot take a client: " + e.getMessage());
        continue;
      }
      clients.execute(() -> handle(client));
    }
  }

  /** Stops taking clients, cancels the run in progress and removes the socket. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RunningJob.cancelCurrent();
    // The file first: once the socket is closed, a new service may bind the same path.
    try {
      Files.deleteIfExists(address.socket);
    } catch (IOException e) {
      log("cannot remove " + address.socket + ": " + e.getMessage());
    }
    try {
      server.close();
    } catch (IOException e) {
      log("closing the socket: " + e.getMessage());
    }
    clients.shutdown();
  }

  /**
   * Waits until the clients' handlers have ended (after {@link #close}): a cancelled run's client
   * gets its exit code before the JVM exits.
   */
  public void awaitClients(long seconds) {
    try {
      clients.awaitTermination(seconds, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(SocketChannel channel) {
    try (channel) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(Wire.input(channel)));
      Wire.Request request;
      try {
        request = Wire.Request.read(in);
      } catch (java.io.EOFException e) {
        return; // closed before a whole request: a probe (answers()) or a client that gave up
      } catch (IOException e) {
        log("a connection that is not a zeekbeam client (" + e.getMessage() + "): closed");
        return;
      }
      Wire.Frames frames = new Wire.Frames(new BufferedOutputStream(Wire.output(channel)));
      if (!request.build.equals(address.build)) {
        byte[] b = address.build.getBytes(StandardCharsets.UTF_8);
        frames.send(Wire.OTHER_BUILD, b, 0, b.length);
        log("refused a client of another build (" + request.build + ")");
        return;
      }
      PrintStream out = new PrintStream(frames.stream(Wire.OUT), true, StandardCharsets.UTF_8);
      PrintStream err = new PrintStream(frames.stream(Wire.ERR), true, StandardCharsets.UTF_8);
      AtomicBoolean gone = new AtomicBoolean();
      AtomicReference<RunningJob> job = new AtomicReference<>();
      Thread watch =
          new Thread(
              () -> {
                try {
                  while (in.read() >= 0) {
                    // The client sends nothing after its request; its end is what counts.
                  }
                } catch (IOException e) {
                  // Reset by the client: gone as well.
                }
                gone.set(true);
                RunningJob j = job.get();
                if (j != null && j.cancel()) {
                  log("the client of the run in progress went away: its job is cancelled");
                } else if (j != null && j.isCancelled()) {
                  log(
                      "the client of the run in progress went away before its job was submitted:"
                          + " it is cancelled at submission");
                }
              },
              "zeekbeam-service-watch");
      watch.setDaemon(true);
      watch.start();
      Integer code =
          run(request, out, err, gone, job, () -> frames.send(Wire.STARTED, new byte[0], 0, 0));
      if (code != null) {
        frames.exit(code);
      }
      // Else the run never started (the service is stopping): the connection ends without an
      // exit code, and the client runs the command itself.
    } catch (IOException e) {
      log("a client's connection failed: " + e.getMessage());
    }
  }

  /** Runs the request and returns its exit code, or null if the service stopped before it began. */
  private @Nullable Integer run(
      Wire.Request request,
      PrintStream out,
      PrintStream err,
      AtomicBoolean gone,
      AtomicReference<RunningJob> job,
      Runnable started) {
    String[] args;
    try {
      args = resolvePaths(request.args, Paths.get(request.cwd));
    } catch (IllegalArgumentException e) {
      err.println("zeekbeam: " + e.getMessage());
      return 2;
    }
    if (!ServiceClient.takes(args)) {
      err.println("zeekbeam: the service does batch runs only (zeekbeam run without --source=kafka)");
      return 2;
    }
    // tryLock(0, ...) honours the lock's fairness (tryLock() would jump the queue).
    boolean free;
    try {
      free = runLock.tryLock(0, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (!free) {
      err.println("zeekbeam: the service is busy with another run; this one starts when it ends");
      runLock.lock();
    }
    try {
      if (closed) {
        return null;
      }
      if (gone.get()) {
        return 1;
      }
      started.run();
      int n = runs.incrementAndGet();
      RunningJob j = RunningJob.begin();
      job.set(j);
      if (gone.get() || closed) {
        // Gone, or the service began to stop, after the checks above: cancelled at submission.
        j.cancel();
      }
      log("run " + n + " started in " + request.cwd + ": " + String.join(" ", request.args));
      long start = System.nanoTime();
      int code;
      try {
        code = command.run(args, out, err, request.terminal);
      } catch (RuntimeException | Error e) {
        err.println("zeekbeam: the service failed to run this: " + e);
        code = 1;
      } finally {
        j.end();
      }
      log(
          String.format(
              Locale.ROOT,
              "run %d %s in %.1f s",
              n,
              j.sentCancel()
                  ? "cancelled ("
                      + (closed ? "the service is stopping" : "the client went away")
                      + ")"
                  : "ended with exit code "
                      + code
                      + (j.isCancelled() ? " (its client went away; it could not be cancelled)" : ""),
              (System.nanoTime() - start) / 1e9));
      return code;
    } finally {
      runLock.unlock();
    }
  }

  /**
   * The arguments with the values of path options made absolute against {@code cwd}, the client's
   * folder: the service's own folder is not the client's. Values with a scheme ({@code gs://...})
   * and absolute paths stay as they are.
   */
  static String[] resolvePaths(List<String> args, Path cwd) {
    if (!cwd.isAbsolute()) {
      throw new IllegalArgumentException("the client's folder is not absolute: " + cwd);
    }
    List<String> resolved = new ArrayList<>(args.size());
    for (String a : args) {
      int eq = a.indexOf('=');
      String name = a.startsWith("--") && eq > 2 ? a.substring(2, eq) : null;
      if (name != null && PATH_OPTIONS.contains(name)) {
        resolved.add(a.substring(0, eq + 1) + resolve(a.substring(eq + 1), cwd));
      } else if (name != null && PATH_LIST_OPTIONS.contains(name)) {
        List<String> parts = new ArrayList<>();
        for (String p : a.substring(eq + 1).split(",", -1)) {
          parts.add(resolve(p, cwd));
        }
        resolved.add(a.substring(0, eq + 1) + String.join(",", parts));
      } else {
        resolved.add(a);
      }
    }
    return resolved.toArray(new String[0]);
  }

  private static String resolve(String value, Path cwd) {
    String v = value.trim();
    if (v.isEmpty() || v.contains("://") || v.startsWith("/")) {
      return value;
    }
    // Not normalized: "link/../x" must go through the link, as in a run of the client's own.
    return cwd.resolve(v).toString();
  }

  private void log(String line) {
    log.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + line);
  }
}
