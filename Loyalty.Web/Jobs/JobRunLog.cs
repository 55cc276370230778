using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>
/// One log line per firing, naming the node that ran it and the scheduled time, so that an operator (and the
/// two-node test) can see that a clustered firing ran exactly once and where.
/// </summary>
public sealed class JobRunLog(ILogger<JobRunLog> logger) : IJobListener
{
    public string Name => nameof(JobRunLog);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        logger.LogInformation("Job {Job} fired (scheduled {ScheduledFireTime:O}) on node {Node}",
            context.JobDetail.Key.Name, context.ScheduledFireTimeUtc?.UtcDateTime, context.Scheduler.SchedulerInstanceId);
        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;
}
