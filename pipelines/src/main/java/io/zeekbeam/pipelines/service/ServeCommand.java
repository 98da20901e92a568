package io.zeekbeam.pipelines.service;

import io.zeekbeam.pipelines.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code zeekbeam serve}: this build's {@link Service}, in the foreground until Ctrl-C. It stops by
 * itself when its jar changes (a rebuild), so that no run goes to code older than the jar.
 */
public final class ServeCommand {
  private ServeCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err, Service.Command command) {
    if (args.length > 0) {
      throw new UsageException("serve takes no options, got " + args[0]);
    }
    // A run that fails or is cancelled is reported to its client in one line (Main); Beam's
    // runner would also log it, with its stack trace, on the service's console.
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.beam.runners.flink.FlinkRunner", "off");
    ServiceAddress address = ServiceAddress.ofThisBuild();
    // Before the cluster is started, which takes a second or two (open() checks again).
    if (Service.answers(address.socket())) {
      err.println("zeekbeam serve: " + new Service.AlreadyRunning(address.socket()).getMessage());
      return 2;
    }
    SharedCluster cluster;
    try {
      cluster = SharedCluster.start(Runtime.getRuntime().availableProcessors());
    } catch (Exception e) {
      err.println("zeekbeam serve: cannot start the embedded Flink cluster: " + e);
      return 1;
    }
    Service service;
    try {
      service = Service.open(address, routedTo(cluster, command), out);
    } catch (IOException e) {
      closeQuietly(cluster);
      if (e instanceof Service.AlreadyRunning) {
        err.println("zeekbeam serve: " + e.getMessage());
        return 2;
      }
      err.println("zeekbeam serve: cannot listen at " + address.socket() + ": " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  closeQuietly(cluster);
                },
                "zeekbeam-service-stop"));
    ScheduledExecutorService watch =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "zeekbeam-service-build-watch");
              t.setDaemon(true);
              return t;
            });
    watch.scheduleWithFixedDelay(
        () -> {
          String now = ServiceAddress.buildId(ServiceAddress.codeSource());
          if (!now.equals(address.build)) {
            out.println(
                "zeekbeam serve: the jar changed (a rebuild?): stopping, so that no run goes to the"
                    + " old build; start zeekbeam serve again");
            service.close();
          }
        },
        2,
        2,
        TimeUnit.SECONDS);
    out.println(
        "zeekbeam serve: ready at "
            + address.socket()
            + " (pid "
            + ProcessHandle.current().pid()
            + "). zeekbeam run of this build, from any folder, now runs here;"
            + " ZEEKBEAM_SERVICE=off runs without it. Stop with Ctrl-C.");
    service.serve();
    watch.shutdownNow();
    service.awaitClients(60);
    closeQuietly(cluster);
    return 0;
  }

  /** {@code command}, with the runs that can use it sent to the service's one Flink cluster. */
  static Service.Command routedTo(SharedCluster cluster, Service.Command command) {
    return (args, out, err, terminal) ->
        cluster.run(args, a -> command.run(a, out, err, terminal));
  }

  private static void closeQuietly(SharedCluster cluster) {
    try {
      cluster.close();
    } catch (Exception e) {
      // Stopping: the JVM ends with it.
    }
  }
}
