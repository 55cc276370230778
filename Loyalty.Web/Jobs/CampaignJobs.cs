using Loyalty.Core.Campaigns;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Birthday, welcome, win-back, subscription, profile and expiry-reminder campaigns; idempotent, so a missed or doubled run is harmless.</summary>
[DisallowConcurrentExecution]
public sealed class CampaignTriggersJob(RunCampaignTriggers triggers, ILogger<CampaignTriggersJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var run = await triggers.HandleAsync(cancellationToken);
        if (run.Rewarded + run.HeldOut > 0)
            logger.LogInformation("Campaign triggers: {Campaigns} campaign(s), {Rewarded} rewarded, {HeldOut} held out as control", run.Campaigns, run.Rewarded, run.HeldOut);
    }
}
