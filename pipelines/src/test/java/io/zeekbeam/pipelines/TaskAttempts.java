package io.zeekbeam.pipelines;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecution;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * Whether a streaming job running on Flink's embedded cluster has restarted tasks, and why: a task
 * that fails is restarted from the job's last checkpoint (Flink's default with checkpointing), and
 * reads again what it had read since, which a test counting what the job read once must know.
 *
 * <p>Beam's result of a detached run keeps Flink's job client, and the embedded cluster's client
 * its cluster, neither of them public: they are read by reflection here, in tests only. Read it
 * while the job runs: the embedded cluster shuts down when the job ends.
 */
final class TaskAttempts {
  /** The largest attempt number of any task: 0 when no task has been restarted. */
  final int restarts;

  /** The first line of each failure that caused a restart, as the failed attempts hold it. */
  final List<String> causes;

  /** Why the attempts could not be read (the job has ended, or the classes changed); or null. */
  final String unknown;

  private TaskAttempts(int restarts, List<String> causes, String unknown) {
    this.restarts = restarts;
    this.causes = causes;
    this.unknown = unknown;
  }

  /** The job's attempts; never throws: what it could not read is in {@link #unknown}. */
  static TaskAttempts of(PipelineResult result) {
    try {
      return read(result);
    } catch (Exception | LinkageError e) {
      return new TaskAttempts(0, List.of(), e.toString());
    }
  }

  private static TaskAttempts read(PipelineResult result) throws Exception {
    JobClient client = (JobClient) field(result, "jobClient");
    MiniCluster cluster = (MiniCluster) field(client, "miniCluster");
    AccessExecutionGraph graph =
        cluster.getExecutionGraph(client.getJobID()).get(30, TimeUnit.SECONDS);
    int restarts = 0;
    List<String> causes = new ArrayList<>();
    for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
      restarts = Math.max(restarts, v.getCurrentExecutionAttempt().getAttemptNumber());
      for (AccessExecution failed : v.getExecutionHistory().getHistoricalExecutions()) {
        failed
            .getFailureInfo()
            .ifPresent(
                e ->
                    causes.add(
                        v.getTaskNameWithSubtaskIndex() + ": "
                            + e.getExceptionAsString().lines().findFirst().orElse("")));
      }
    }
    return new TaskAttempts(restarts, causes, null);
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field f = owner.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(owner);
  }

  @Override
  public String toString() {
    if (unknown != null) {
      return "task attempts unknown (" + unknown + ")";
    }
    return restarts == 0
        ? "no task restarted"
        : "tasks restarted (up to attempt " + restarts + "): "
            + causes.subList(0, Math.min(5, causes.size()));
  }
}
