using Loyalty.Core.Contests;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Derives running draws' entries from purchases, refunds and activations (set-based, idempotent; never in the till's path).</summary>
[DisallowConcurrentExecution]
public sealed class SyncContestEntriesJob(SyncContestEntries sync, ILogger<SyncContestEntriesJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await sync.HandleAsync(cancellationToken);
        if (run.Added + run.Removed > 0)
            logger.LogInformation("Contest entries: {Added} added, {Removed} removed over {Contests} running draw(s)", run.Added, run.Removed, run.Contests);
    }
}

/// <summary>Closes contests whose period ended (draw or final standings, winners notified), then pays points prizes exactly once.</summary>
[DisallowConcurrentExecution]
public sealed class CloseContestsJob(CloseContests close, PayContestPrizes pay, ILogger<CloseContestsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var run = await close.HandleAsync(cancellationToken);
            if (run.Closed > 0) logger.LogInformation("Contests closed: {Closed}, winners: {Winners}", run.Closed, run.Winners);
        }
        catch (AggregateException e)
        {
            // Payment of contests that did close goes ahead; the failed ones are retried on the next run.
            foreach (var failure in e.InnerExceptions) logger.LogError(failure, "A contest could not close");
        }
        try
        {
            var paid = await pay.HandleAsync(cancellationToken);
            if (paid > 0) logger.LogInformation("Contest prizes paid: {Paid}", paid);
        }
        catch (AggregateException e)
        {
            foreach (var failure in e.InnerExceptions) logger.LogError(failure, "A contest prize could not be paid");
        }
    }
}
