using Loyalty.Core.Jobs;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>
/// Makes every scheduled firing run on one node only, whatever the job store: before a job runs, this node inserts
/// (job, scheduled fire time) into <c>JobFirings</c>; if another node already claimed that firing, the job is vetoed
/// here. Needs every node to schedule the same instants: cron triggers are, simple triggers are aligned to multiples
/// of their interval in <see cref="JobSchedule"/> (docs/decisions/0117). Firings without a schedule (a job triggered
/// by hand) are never vetoed.
/// </summary>
public sealed class OncePerFiring(ClaimJobFiring claim, ILogger<OncePerFiring> logger) : ITriggerListener
{
    /// <summary>This process: host name and process id (Quartz's own instance id is "NON_CLUSTERED" on every node).</summary>
    public static readonly string Node = $"{Environment.MachineName}/{Environment.ProcessId}";

    public string Name => nameof(OncePerFiring);

    public async ValueTask<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (context.ScheduledFireTimeUtc is not { } scheduled) return false;
        var job = context.JobDetail.Key.Name;
        try
        {
            if (await claim.HandleAsync(job, scheduled.UtcDateTime, Node, cancellationToken)) return false;
            logger.LogInformation("Job {Job} firing {ScheduledFireTime:O} already claimed by another node; skipped on node {Node}",
                job, scheduled.UtcDateTime, Node);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No claim, no run: the job needs the same database anyway, and the next firing tries again.
            logger.LogWarning(e, "Job {Job} firing {ScheduledFireTime:O} could not be claimed; skipped on node {Node}", job, scheduled.UtcDateTime, Node);
            return true;
        }
    }
}

/// <summary>Nightly: firing claims older than a week go (they only matter for the seconds around their instant).</summary>
[DisallowConcurrentExecution]
public sealed class PruneJobFiringsJob(PruneJobFirings prune, ILogger<PruneJobFiringsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var deleted = await prune.HandleAsync(ct: cancellationToken);
        if (deleted > 0) logger.LogInformation("Job firing claims pruned: {Deleted}", deleted);
    }
}
