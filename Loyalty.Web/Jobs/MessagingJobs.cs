using Loyalty.Core.Messaging;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Puts every due scheduled mailing's recipients into the outbox (one INSERT … SELECT each).</summary>
[DisallowConcurrentExecution]
public sealed class QueueMailingsJob(QueueDueMailings queue, ILogger<QueueMailingsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var queued = await queue.HandleAsync(cancellationToken);
        if (queued > 0) logger.LogInformation("Mailings: {Queued} message(s) queued", queued);
    }
}

/// <summary>Sends what is due in the outbox until it is empty; stopping the app cancels between messages, never mid-hand-over.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchMessagesJob(DispatchOutbox dispatch, ILogger<DispatchMessagesJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await dispatch.HandleAsync(cancellationToken);
        if (report.Total > 0 || report.Resent > 0)
            logger.LogInformation("Outbox: {Sent} sent, {Failed} failed, {Retrying} to retry, {Skipped} skipped, {Resent} in doubt after a crash (resent)",
                report.Sent, report.Failed, report.Retrying, report.Skipped, report.Resent);
    }
}
