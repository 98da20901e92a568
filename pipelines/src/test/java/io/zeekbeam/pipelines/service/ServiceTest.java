package io.zeekbeam.pipelines.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeekbeam.pipelines.ExpectedAnswers;
import io.zeekbeam.pipelines.OutputFolders;
import io.zeekbeam.pipelines.cli.Main;
import io.zeekbeam.pipelines.generate.GenerateCommand;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against the real command ({@code Main.run}, Flink's embedded cluster): runs handed to
 * it give the planted answers with the client's relative paths, mistakes come back as exit code 2,
 * a client that goes away has its Flink job cancelled, a second client waits for the first, and a
 * client of another build or without a service runs the command itself.
 */
class ServiceTest {
  static final Path SAMPLES = Paths.get("..", "samples").toAbsolutePath().normalize();
  static final String BUILD = "test-build";

  @TempDir static Path tmp;
  static ServiceAddress address;
  static Service service;
  static ByteArrayOutputStream serviceLog = new ByteArrayOutputStream();
  static SharedCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    address = new ServiceAddress(tmp.resolve("sock").resolve("s.sock"), BUILD);
    // As zeekbeam serve does: one Flink cluster for the runs that can share it.
    cluster = SharedCluster.start(2);
    service =
        Service.open(
            address,
            ServeCommand.routedTo(cluster, Main::runInService),
            new PrintStream(serviceLog, true, StandardCharsets.UTF_8));
    Thread t = new Thread(service::serve, "test-service");
    t.setDaemon(true);
    t.start();
  }

  @AfterAll
  static void stop() throws Exception {
    service.close();
    cluster.close();
    assertFalse(Files.exists(address.socket), "the socket is removed when the service stops");
  }

  /** A client's call: exit code (empty: not run by the service), stdout, stderr. */
  static final class Call {
    final OptionalInt code;
    final String out;
    final String err;

    Call(ServiceAddress at, Path cwd, String... args) {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      ByteArrayOutputStream e = new ByteArrayOutputStream();
      code =
          ServiceClient.submit(
              at,
              args,
              new PrintStream(o, true, StandardCharsets.UTF_8),
              new PrintStream(e, true, StandardCharsets.UTF_8),
              false,
              cwd);
      out = o.toString(StandardCharsets.UTF_8);
      err = e.toString(StandardCharsets.UTF_8);
    }
  }

  /** The outputs of {@code analytics} are the answers the samples' generator planted. */
  private static void assertPlantedAnswers(Map<String, List<String>> outputs, String... analytics) {
    for (String analytic : analytics) {
      Path expected = SAMPLES.resolve("expected").resolve(analytic + ".jsonl");
      assertEquals(
          ExpectedAnswers.expected(expected),
          ExpectedAnswers.actual(outputs.get(analytic), expected),
          analytic);
    }
  }

  private static String log() {
    return serviceLog.toString(StandardCharsets.UTF_8);
  }

  /** The lines of a run's summary table (input and output counts), which must not carry over. */
  private static List<String> countLines(String out) {
    return Arrays.stream(out.split("\n"))
        .filter(l -> l.startsWith("  ") && l.matches(".*\\d.*"))
        .map(l -> l.replaceAll("/\\S*", ""))
        .collect(Collectors.toList());
  }

  @Test
  void runsGiveThePlantedAnswersWithThePathsOfTheClientsFolder() throws Exception {
    Path client = Files.createDirectories(tmp.resolve("client"));
    Files.copy(SAMPLES.resolve("watchlist.csv"), client.resolve("my-watchlist.csv"));
    String[] args = {
      "run",
      "--input=" + SAMPLES.resolve("logs"),
      "--output=out",
      "--watchlist=my-watchlist.csv",
      "--analytics=bytes-by-service,watchlist-dns,inbound"
    };
    int jobs = cluster.jobs();
    Call first = new Call(address, client, args);
    assertEquals(jobs + 1, cluster.jobs(), "the run's job went to the service's cluster");
    assertEquals(OptionalInt.of(0), first.code, first.err);
    assertTrue(
        first.err.contains(
            "on FlinkRunner in the service (pid " + ProcessHandle.current().pid() + ")\n"),
        first.err);
    assertTrue(first.out.contains("every record read was parsed or dead-lettered"), first.out);

    Map<String, List<String>> outputs = OutputFolders.read(client.resolve("out"));
    assertPlantedAnswers(outputs, "bytes-by-service", "watchlist-dns", "inbound");

    // Again in the same JVM: the same answers and the same counts (nothing carried over).
    Call second = new Call(address, client, args);
    assertEquals(OptionalInt.of(0), second.code, second.err);
    assertEquals(outputs, OutputFolders.read(client.resolve("out")));
    assertEquals(countLines(first.out), countLines(second.out));
    assertFalse(countLines(first.out).isEmpty(), first.out);
  }

  @Test
  void mistakesComeBackAsOneSentenceAndExitCodeTwo() {
    Call c = new Call(address, tmp, "run", "--input=" + SAMPLES.resolve("logs"), "--bogus=1");
    assertEquals(OptionalInt.of(2), c.code);
    assertEquals("zeekbeam run: unknown option --bogus (see --help for the options)\n", c.err);
  }

  @Test
  void aClientOfAnotherBuildRunsTheCommandItself() {
    int before = service.runs();
    Call c =
        new Call(
            new ServiceAddress(address.socket, "another-build"),
            tmp,
            "run",
            "--input=" + SAMPLES.resolve("logs"),
            "--output=never");
    assertEquals(OptionalInt.empty(), c.code);
    assertTrue(c.err.contains("runs another build (" + BUILD + "); running here instead"), c.err);
    assertEquals(before, service.runs());
    assertFalse(Files.exists(tmp.resolve("never")));
  }

  @Test
  void withoutAServiceTheCommandRunsHere() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("nosvc"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    // No socket at all.
    Call none = new Call(new ServiceAddress(dir.resolve("none.sock"), BUILD), tmp, "run");
    assertEquals(OptionalInt.empty(), none.code);
    assertEquals("", none.err);
    // A socket left behind by a service that was killed: nobody listens.
    Path left = dir.resolve("left.sock");
    try (java.nio.channels.ServerSocketChannel s =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(left));
    }
    assertTrue(Files.exists(left));
    Call stale = new Call(new ServiceAddress(left, BUILD), tmp, "run");
    assertEquals(OptionalInt.empty(), stale.code);
    assertEquals("", stale.err);
  }

  @Test
  void aFolderOthersCanOpenIsNotUsed() throws Exception {
    Path open = Files.createDirectories(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createFile(open.resolve("s.sock"));
    Call c = new Call(new ServiceAddress(open.resolve("s.sock"), BUILD), tmp, "run");
    assertEquals(OptionalInt.empty(), c.code);
    assertTrue(c.err.contains("not using the service") && c.err.contains("chmod 700"), c.err);
    java.io.IOException e =
        assertThrows(
            java.io.IOException.class,
            () ->
                Service.open(
                    new ServiceAddress(open.resolve("t.sock"), BUILD),
                    Main::run,
                    new PrintStream(new ByteArrayOutputStream())));
    assertTrue(e.getMessage().contains("is open to other users"), e.getMessage());
  }

  @Test
  void aSecondServiceForTheSameBuildIsRefused() {
    assertThrows(
        Service.AlreadyRunning.class,
        () -> Service.open(address, Main::run, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(Files.exists(address.socket), "the first service's socket is left alone");
  }

  /**
   * A long run whose client goes away is cancelled, and a client that came meanwhile waits for it,
   * is told so, then runs.
   */
  @Test
  void aClientThatGoesAwayHasItsRunCancelledAndTheNextOneRuns() throws Exception {
    Path data = tmp.resolve("generated");
    assertEquals(
        0,
        GenerateCommand.run(
            new String[] {"--output=" + data, "--records=300000"},
            new PrintStream(new ByteArrayOutputStream())));
    int before = service.runs();
    CompletableFuture<Call> next;
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(address.socket))) {
      DataOutputStream req = new DataOutputStream(Wire.output(ch));
      new Wire.Request(
              BUILD,
              tmp.toString(),
              false,
              List.of(
                  "run",
                  "--input=" + data.resolve("logs"),
                  "--watchlist=" + data.resolve("watchlist.csv"),
                  "--output=" + tmp.resolve("long")))
          .write(req);
      DataInputStream in = new DataInputStream(new BufferedInputStream(Wire.input(ch)));
      StringBuilder err = new StringBuilder();
      Wire.Frame f;
      while (!err.toString().contains("reading ")) {
        f = Wire.Frame.read(in);
        assertTrue(f != null && f.kind != Wire.EXIT, "the long run ended early: " + err);
        if (f.kind == Wire.ERR) {
          err.append(new String(f.data, StandardCharsets.UTF_8));
        }
      }
      // Another client meanwhile: it waits.
      next =
          CompletableFuture.supplyAsync(
              () ->
                  new Call(
                      address,
                      tmp,
                      "run",
                      "--input=" + SAMPLES.resolve("logs"),
                      "--analytics=bytes-by-service",
                      "--output=" + tmp.resolve("after")));
      long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!log().contains("run " + (before + 1) + " started") && System.nanoTime() < waitUntil) {
        Thread.sleep(50);
      }
      Thread.sleep(2_000);
      assertFalse(next.isDone(), "the second run waits for the first");
    } // The first client goes away here.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!log().contains("run " + (before + 1) + " cancelled (the client went away)")
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(
        log().contains("run " + (before + 1) + " cancelled (the client went away)"), log());
    assertTrue(
        log().contains("the client of the run in progress went away: its job is cancelled\n")
            || log().contains("went away before its job was submitted: it is cancelled at submission"),
        log());

    Call after = next.get(180, TimeUnit.SECONDS);
    assertEquals(OptionalInt.of(0), after.code, after.err);
    assertTrue(
        after.err.contains("the service is busy with another run; this one starts when it ends"),
        after.err);
    assertPlantedAnswers(OutputFolders.read(tmp.resolve("after")), "bytes-by-service");
  }

  @Test
  void pathOptionsAreResolvedAgainstTheClientsFolder() {
    Path cwd = Paths.get("/home/analyst/case-17");
    assertArrayEquals(
        new String[] {
          "run",
          "--input=/home/analyst/case-17/logs/conn.log,/data/dns.log,gs://bucket/x.log,"
              + "/home/analyst/case-17/more/*.log.gz",
          "--output=/home/analyst/case-17/out",
          "--watchlist=/home/analyst/case-17/../watch.csv",
          "--geoipCity=/db/City.mmdb",
          "--analytics=bytes-by-service",
          "--localNets=10.0.0.0/8",
          "--quiet"
        },
        Service.resolvePaths(
            List.of(
                "run",
                "--input=logs/conn.log,/data/dns.log,gs://bucket/x.log,more/*.log.gz",
                "--output=out",
                "--watchlist=../watch.csv",
                "--geoipCity=/db/City.mmdb",
                "--analytics=bytes-by-service",
                "--localNets=10.0.0.0/8",
                "--quiet"),
            cwd));
  }

  @Test
  void whichRunsShareTheServicesCluster() {
    assertTrue(cluster.canShare(new String[] {"run", "--input=x"}));
    assertTrue(cluster.canShare(new String[] {"run", "--parallelism=2", "--runner=FlinkRunner"}));
    assertTrue(cluster.canShare(new String[] {"run", "--flinkMaster=[auto]"}));
    for (String[] own :
        new String[][] {
          {"run", "--parallelism=3"},
          {"run", "--flinkMaster=localhost:8081"},
          {"run", "--flinkMaster=[local]"},
          {"run", "--flinkConfDir=/etc/flink"},
          {"run", "--runner=DirectRunner"},
          {"generate", "--output=x"}
        }) {
      assertFalse(cluster.canShare(own), String.join(" ", own));
    }
  }

  /** A run that asks for more parallelism than the shared cluster has starts its own cluster. */
  @Test
  void aRunThatCannotShareTheClusterRunsOnItsOwn() {
    int jobs = cluster.jobs();
    Call c =
        new Call(
            address,
            tmp,
            "run",
            "--input=" + SAMPLES.resolve("logs"),
            "--analytics=bytes-by-service",
            "--parallelism=3",
            "--output=" + tmp.resolve("own"));
    assertEquals(OptionalInt.of(0), c.code, c.err);
    assertEquals(jobs, cluster.jobs(), "the job did not go to the shared cluster");
    assertPlantedAnswers(OutputFolders.read(tmp.resolve("own")), "bytes-by-service");
  }

  /**
   * Flink's mini cluster would keep every finished job's execution graph and result: in the
   * service, megabytes a run.
   */
  @Test
  void theClusterKeepsTheHistoryOfItsLastJobsOnly() throws Exception {
    int jobs = cluster.jobs();
    for (int i = 0; i < SharedCluster.ForgetfulMiniCluster.KEPT_JOBS + 2; i++) {
      Call c =
          new Call(
              address,
              tmp,
              "run",
              "--input=" + SAMPLES.resolve("logs") + "/conn.*.log.gz",
              "--analytics=inbound",
              "--output=" + tmp.resolve("history"));
      assertEquals(OptionalInt.of(0), c.code, c.err);
    }
    assertEquals(jobs + SharedCluster.ForgetfulMiniCluster.KEPT_JOBS + 2, cluster.jobs());
    assertEquals(SharedCluster.ForgetfulMiniCluster.KEPT_JOBS, cluster.finishedJobsListed());
    // The dispatcher's result store is the one that forgets results, and holds none now.
    assertTrue(
        cluster.jobResultStore() instanceof SharedCluster.ForgetfulJobResultStore,
        String.valueOf(cluster.jobResultStore()));
    assertTrue(cluster.jobResultStore().getDirtyResults().isEmpty());
  }

  /** Of a finished job, once cleaned up after, the result store keeps only that it is done. */
  @Test
  void theResultStoreForgetsTheResultsOfJobsThatAreDone() throws Exception {
    SharedCluster.ForgetfulJobResultStore store = new SharedCluster.ForgetfulJobResultStore();
    org.apache.flink.api.common.JobID job = new org.apache.flink.api.common.JobID();
    org.apache.flink.runtime.jobmaster.JobResult result =
        new org.apache.flink.runtime.jobmaster.JobResult.Builder()
            .jobId(job)
            .applicationStatus(
                org.apache.flink.runtime.clusterframework.ApplicationStatus.SUCCEEDED)
            .netRuntime(1)
            .build();
    store
        .createDirtyResultAsync(
            new org.apache.flink.runtime.highavailability.JobResultEntry(result))
        .get();
    assertTrue(store.hasDirtyJobResultEntryAsync(job).get());
    assertEquals(java.util.Set.of(result), store.getDirtyResults());
    store.markResultAsCleanAsync(job).get();
    assertFalse(store.hasDirtyJobResultEntryAsync(job).get());
    assertTrue(store.hasCleanJobResultEntryAsync(job).get());
    assertTrue(store.hasJobResultEntryAsync(job).get());
    assertTrue(store.getDirtyResults().isEmpty());
    org.apache.flink.api.common.JobID unknown = new org.apache.flink.api.common.JobID();
    assertFalse(store.hasJobResultEntryAsync(unknown).get());
    java.util.concurrent.ExecutionException e =
        assertThrows(
            java.util.concurrent.ExecutionException.class,
            () -> store.markResultAsCleanAsync(unknown).get());
    assertTrue(
        e.getCause() instanceof java.util.NoSuchElementException
            || e.getCause().getCause() instanceof java.util.NoSuchElementException,
        String.valueOf(e.getCause()));
  }

  @Test
  void theServiceTakesBatchRunsOnly() {
    assertTrue(ServiceClient.takes(new String[] {"run", "--input=x", "--output=y"}));
    assertTrue(ServiceClient.takes(new String[] {"run", "--source=files"}));
    assertFalse(ServiceClient.takes(new String[] {"run", "--source=kafka"}));
    assertFalse(ServiceClient.takes(new String[] {"run", "--source= Kafka "}));
    assertFalse(ServiceClient.takes(new String[] {"run", "--help"}));
    assertFalse(ServiceClient.takes(new String[] {"generate", "--output=x"}));
    assertFalse(ServiceClient.takes(new String[] {}));
  }
}
