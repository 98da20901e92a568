package io.zeekbeam.pipelines.service;

import io.zeekbeam.pipelines.BatchPipeline;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.time.Time;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.blob.BlobServer;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.dispatcher.MemoryExecutionGraphInfoStore;
import org.apache.flink.runtime.entrypoint.component.DispatcherResourceManagerComponent;
import org.apache.flink.runtime.heartbeat.HeartbeatServices;
import org.apache.flink.runtime.highavailability.AbstractThreadsafeJobResultStore;
import org.apache.flink.runtime.highavailability.HighAvailabilityServices;
import org.apache.flink.runtime.highavailability.JobResultEntry;
import org.apache.flink.runtime.highavailability.JobResultStore;
import org.apache.flink.runtime.highavailability.nonha.embedded.EmbeddedHaServices;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.metrics.MetricRegistry;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.rpc.FatalErrorHandler;
import org.apache.flink.runtime.security.token.DelegationTokenManager;
import org.apache.flink.runtime.webmonitor.retriever.MetricQueryServiceRetriever;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironmentFactory;
import org.apache.flink.util.concurrent.FutureUtils;

/**
 * One embedded Flink cluster for all of the service's runs. A run of its own starts Flink's
 * cluster (RPC system, job and resource managers, a task manager with its memory) and stops it
 * again, which takes over a second even in a warm JVM; the service starts this one once.
 *
 * <p>A run reaches it through Beam's default {@code --flinkMaster=[auto]}, which takes the
 * execution environment Flink's context gives: this class installs a context whose environments
 * submit their job to this cluster, in place for the duration of each run that shares it ({@link
 * #run}). Jobs run one at a time (the
 * service's run lock), each with the cluster's slots, one per core: a run that asks for more
 * parallelism than that, names a Flink master or a configuration of its own, or another runner,
 * is left to start its own cluster as it would anywhere else. Job code is loaded by the
 * service's class loader, so that it stays compiled from one run to the next.
 */
final class SharedCluster implements AutoCloseable {
  static final String TARGET = "zeekbeam-service";

  private final ForgetfulMiniCluster cluster;
  private final int slots;
  private final java.util.concurrent.atomic.AtomicInteger jobs =
      new java.util.concurrent.atomic.AtomicInteger();

  private SharedCluster(ForgetfulMiniCluster cluster, int slots) {
    this.cluster = cluster;
    this.slots = slots;
  }

  /** Starts the cluster with {@code slots} slots. */
  static SharedCluster start(int slots) throws Exception {
    Configuration conf = new Configuration();
    BatchPipeline.EMBEDDED_FLINK_SETTINGS.forEach(conf::setString);
    // Job code comes from this JVM's class path, not from a jar of the job's.
    conf.setString("classloader.check-leaked-classloader", "false");
    // Flink's web endpoint, which takes job submissions: on this machine only, on a free port
    // (the default 8081 on every interface would clash with a cluster there, and be open to the
    // network).
    conf.setString("rest.bind-address", "127.0.0.1");
    conf.setString("rest.address", "127.0.0.1");
    conf.setString("rest.bind-port", "0");
    // Its BLOB server and task manager too (the defaults are every interface).
    conf.setString("jobmanager.bind-host", "127.0.0.1");
    conf.setString("taskmanager.bind-host", "127.0.0.1");
    // Steps without a parallelism of their own get the job master's default: one per slot, as
    // on the cluster a run starts for itself.
    conf.set(CoreOptions.DEFAULT_PARALLELISM, slots);
    ForgetfulMiniCluster cluster =
        new ForgetfulMiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return new SharedCluster(cluster, slots);
  }

  /** How many jobs have been submitted to this cluster. */
  int jobs() {
    return jobs.get();
  }

  /** The job result store of the cluster's dispatcher. */
  JobResultStore jobResultStore() throws Exception {
    return cluster.jobResultStore();
  }

  /** How many finished jobs the cluster still lists (their history). */
  int finishedJobsListed() throws Exception {
    return (int)
        cluster.listJobs().get().stream().filter(j -> j.getJobState().isTerminalState()).count();
  }

  /**
   * Whether a run can use this cluster: a batch run on Flink (the default runner) that names no
   * master other than Beam's default {@code [auto]}, no Flink configuration and no more
   * parallelism than the cluster has slots.
   */
  boolean canShare(String[] args) {
    if (args.length == 0 || !args[0].equals("run")) {
      return false;
    }
    for (String a : args) {
      if ((a.startsWith("--flinkMaster=") && !a.equals("--flinkMaster=[auto]"))
          || a.startsWith("--flinkConfDir=")) {
        return false;
      }
      if (a.startsWith("--runner=")
          && !a.substring("--runner=".length()).toLowerCase(Locale.ROOT).contains("flink")) {
        return false;
      }
      if (a.startsWith("--parallelism=")) {
        try {
          if (Integer.parseInt(a.substring("--parallelism=".length()).trim()) > slots) {
            return false;
          }
        } catch (NumberFormatException e) {
          return false; // The run reports it.
        }
      }
    }
    return System.getenv("FLINK_CONF_DIR") == null;
  }

  /**
   * Runs {@code command}: if the run {@link #canShare} this cluster, with a Flink context
   * environment in place whose jobs go to it (Beam's default {@code --flinkMaster=[auto]} takes
   * it); else as outside the service, on a cluster of the run's own. Returns the exit code.
   */
  int run(String[] args, java.util.function.ToIntFunction<String[]> command) {
    if (!canShare(args)) {
      return command.applyAsInt(args);
    }
    // Only for this run: while Flink has a context environment, it refuses to make the local
    // environments that runs with a cluster of their own need. Runs are one at a time.
    Context.install(this::environment);
    try {
      return command.applyAsInt(args);
    } finally {
      Context.uninstall();
    }
  }

  /** An environment whose jobs go to this cluster. */
  private StreamExecutionEnvironment environment(Configuration given) {
    Configuration conf = new Configuration(given);
    // The job's configuration too, as a run's own cluster has them in both: Flink's batch
    // scheduler reads them from the job, and the job listener is the environment's.
    BatchPipeline.EMBEDDED_FLINK_SETTINGS.forEach(conf::setString);
    conf.set(DeploymentOptions.TARGET, TARGET);
    conf.set(DeploymentOptions.ATTACHED, true);
    conf.set(CoreOptions.DEFAULT_PARALLELISM, slots);
    return new StreamExecutionEnvironment(executors, conf, SharedCluster.class.getClassLoader());
  }

  private final PipelineExecutor executor = this::submit;

  private final PipelineExecutorFactory factory =
      new PipelineExecutorFactory() {
        @Override
        public String getName() {
          return TARGET;
        }

        @Override
        public boolean isCompatibleWith(Configuration configuration) {
          return TARGET.equals(configuration.get(DeploymentOptions.TARGET));
        }

        @Override
        public PipelineExecutor getExecutor(Configuration configuration) {
          return executor;
        }
      };

  private final PipelineExecutorServiceLoader executors =
      new PipelineExecutorServiceLoader() {
        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
          return factory;
        }

        @Override
        public Stream<String> getExecutorNames() {
          return Stream.of(TARGET);
        }
      };

  private CompletableFuture<JobClient> submit(
      Pipeline pipeline, Configuration configuration, ClassLoader classLoader) throws Exception {
    JobGraph job = PipelineExecutorUtils.getJobGraph(pipeline, configuration, classLoader);
    if (job.getMaximumParallelism() > slots) {
      throw new IllegalArgumentException(
          "the job needs " + job.getMaximumParallelism() + " slots; the service's cluster has "
              + slots);
    }
    jobs.incrementAndGet();
    return cluster
        .submitJob(job)
        .thenApply(
            submitted ->
                new MiniClusterJobClient(
                    submitted.getJobID(),
                    cluster,
                    classLoader,
                    MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
  }

  /** Stops the cluster. */
  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /**
   * A mini cluster that does not keep what every finished job leaves behind. Flink's {@link
   * MiniCluster} keeps, without a limit, each finished job's archived execution graph (for its
   * web interface) and its final result with the job's accumulators (Beam's metrics, ~0.8 MB
   * serialized for a run of every analytic): in a service that runs job after job, a leak of
   * megabytes a run. This one keeps the graphs of its last {@link #KEPT_JOBS} jobs, which is
   * where a job's client reads its result from, and of a finished job's result only its id.
   */
  static final class ForgetfulMiniCluster extends MiniCluster {
    static final int KEPT_JOBS = 4;

    ForgetfulMiniCluster(MiniClusterConfiguration configuration) {
      super(configuration);
    }

    /** The job result store the cluster's dispatcher uses. */
    JobResultStore jobResultStore() throws Exception {
      return getHaServices().getJobResultStore();
    }

    @Override
    protected HighAvailabilityServices createHighAvailabilityServices(
        Configuration configuration, Executor executor) {
      // What Flink's own gives a cluster without high availability, with another result store.
      JobResultStore results = new ForgetfulJobResultStore();
      return new EmbeddedHaServices(executor) {
        @Override
        public JobResultStore getJobResultStore() {
          return results;
        }
      };
    }

    @Override
    protected Collection<? extends DispatcherResourceManagerComponent>
        createDispatcherResourceManagerComponents(
            Configuration configuration,
            RpcServiceFactory rpcServiceFactory,
            BlobServer blobServer,
            HeartbeatServices heartbeatServices,
            DelegationTokenManager delegationTokenManager,
            MetricRegistry metricRegistry,
            MetricQueryServiceRetriever metricQueryServiceRetriever,
            FatalErrorHandler fatalErrorHandler)
            throws Exception {
      DispatcherResourceManagerComponent component =
          createDispatcherResourceManagerComponentFactory()
              .create(
                  configuration,
                  ResourceID.generate(),
                  getIOExecutor(),
                  rpcServiceFactory.createRpcService(),
                  getHaServices(),
                  blobServer,
                  heartbeatServices,
                  delegationTokenManager,
                  metricRegistry,
                  // No expiry (it would need a timer), at most KEPT_JOBS graphs.
                  new MemoryExecutionGraphInfoStore(Time.milliseconds(0), KEPT_JOBS, null, null),
                  metricQueryServiceRetriever,
                  Collections.emptySet(),
                  fatalErrorHandler);
      // As Flink's own: when the dispatcher shuts down, the application stops, and a failure to
      // stop it is fatal.
      FutureUtils.assertNoException(
          component
              .getShutDownFuture()
              .thenCompose(status -> component.stopApplication(status, null)));
      return Collections.singleton(component);
    }
  }

  /**
   * Flink's in-memory job result store without the results of jobs that are done: Flink's own
   * keeps each finished job's whole result, which nothing reads again in a cluster without high
   * availability. A job's result is kept from the job's end until the dispatcher has cleaned up
   * after it; then only its id, so that a job of the same id is still known to be done.
   */
  static final class ForgetfulJobResultStore extends AbstractThreadsafeJobResultStore {
    private final Map<JobID, JobResultEntry> dirty = new HashMap<>();
    private final Set<JobID> clean = new HashSet<>();

    ForgetfulJobResultStore() {
      super(org.apache.flink.util.concurrent.Executors.directExecutor());
    }

    @Override
    protected void createDirtyResultInternal(JobResultEntry entry) {
      dirty.put(entry.getJobId(), entry);
    }

    @Override
    protected void markResultAsCleanInternal(JobID job) {
      if (dirty.remove(job) == null) {
        throw new NoSuchElementException("job " + job + " has no result to mark as clean");
      }
      clean.add(job);
    }

    @Override
    protected boolean hasDirtyJobResultEntryInternal(JobID job) {
      return dirty.containsKey(job);
    }

    @Override
    protected boolean hasCleanJobResultEntryInternal(JobID job) {
      return clean.contains(job);
    }

    @Override
    protected Set<JobResult> getDirtyResultsInternal() {
      Set<JobResult> results = new HashSet<>();
      dirty.values().forEach(entry -> results.add(entry.getJobResult()));
      return results;
    }
  }

  /** Reaches Flink's protected context-environment setters. */
  private static final class Context extends StreamExecutionEnvironment {
    static void install(StreamExecutionEnvironmentFactory factory) {
      initializeContextEnvironment(factory);
    }

    static void uninstall() {
      resetContextEnvironment();
    }
  }
}
