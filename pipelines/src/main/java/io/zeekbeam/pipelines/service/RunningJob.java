package io.zeekbeam.pipelines.service;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Flink job of the run the service is doing now, so that it can be cancelled when its client
 * goes away. The embedded cluster's configuration names {@link Listener} as a job listener ({@code
 * execution.job-listeners}); Flink calls it on the submitting thread once the job is submitted.
 * One run at a time: the service holds its run lock around {@link #begin} ... {@link #end}.
 */
public final class RunningJob {
  private static final AtomicReference<RunningJob> CURRENT = new AtomicReference<>();

  private @Nullable JobClient client;
  private boolean cancelled;
  private boolean sentCancel;
  private boolean ended;

  private RunningJob() {}

  /** Marks the start of a run; its Flink job, once submitted, is this run's. */
  static RunningJob begin() {
    RunningJob job = new RunningJob();
    CURRENT.set(job);
    return job;
  }

  /** Cancels the job of the run in progress, if there is one (see {@link #cancel}). */
  static void cancelCurrent() {
    RunningJob job = CURRENT.get();
    if (job != null) {
      job.cancel();
    }
  }

  /** Marks the end of this run. */
  synchronized void end() {
    ended = true;
    CURRENT.compareAndSet(this, null);
  }

  /**
   * Cancels the run's job, now if it is submitted, or as soon as it is. Returns whether there was
   * a job to cancel yet. Does nothing once the run has ended.
   */
  synchronized boolean cancel() {
    if (ended) {
      return false;
    }
    cancelled = true;
    if (client != null) {
      cancel(client);
      return true;
    }
    return false;
  }

  /** Asks Flink to cancel; a job that has just ended (its cluster shut down) needs nothing. */
  private void cancel(JobClient c) {
    try {
      c.cancel();
      sentCancel = true;
    } catch (IllegalStateException finished) {
      // "MiniCluster is not yet running or has already been shut down": the job is over.
    }
  }

  /** Whether Flink was asked to cancel the job (a run without a Flink job cannot be). */
  synchronized boolean sentCancel() {
    return sentCancel;
  }

  synchronized boolean isCancelled() {
    return cancelled;
  }

  private synchronized void submitted(JobClient c) {
    client = c;
    if (cancelled) {
      cancel(c);
    }
  }

  /** Hands each submitted Flink job to the run in progress, if any (none outside the service). */
  public static final class Listener implements JobListener {
    @Override
    public void onJobSubmitted(@Nullable JobClient jobClient, @Nullable Throwable failure) {
      RunningJob job = CURRENT.get();
      if (job != null && jobClient != null) {
        job.submitted(jobClient);
      }
    }

    @Override
    public void onJobExecuted(@Nullable JobExecutionResult result, @Nullable Throwable failure) {}
  }
}
