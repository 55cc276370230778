using Loyalty.Core.Imports;
using Loyalty.Core.Webhooks;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Fans new outbox events out to webhook subscriptions and delivers what is due (decision 0101).</summary>
[DisallowConcurrentExecution]
public sealed class DispatchWebhooksJob(DispatchWebhooks dispatch, ILogger<DispatchWebhooksJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await dispatch.HandleAsync(cancellationToken);
        if (run.Delivered + run.Retrying + run.Failed > 0)
            logger.LogInformation("Webhooks: {Delivered} delivered, {Retrying} to retry, {Failed} failed", run.Delivered, run.Retrying, run.Failed);
    }
}

/// <summary>Nightly retention of the webhook outbox, deliveries and their attempt log (decision 0101).</summary>
[DisallowConcurrentExecution]
public sealed class PurgeWebhookHistoryJob(PurgeWebhookHistory purge, ILogger<PurgeWebhookHistoryJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await purge.HandleAsync(cancellationToken);
        logger.LogInformation("Webhook history purged: {Deliveries} deliveries, {Attempts} attempts, {Events} outbox events", run.Deliveries, run.Attempts, run.Events);
    }
}

/// <summary>Carries unfinished imports on from where they stopped (decision 0103).</summary>
[DisallowConcurrentExecution]
public sealed class RunImportsJob(RunImports imports) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await imports.HandleAsync(cancellationToken);
}
