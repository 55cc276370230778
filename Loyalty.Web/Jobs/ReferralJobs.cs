using Loyalty.Core.Referrals;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Pays referral rewards on referred members' purchases and takes them back on refunds; idempotent (0065).</summary>
[DisallowConcurrentExecution]
public sealed class ReferralRewardsJob(ProcessReferralRewards process, ILogger<ReferralRewardsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // A full batch means more is waiting: keep going in this run rather than wait for the next trigger.
        ReferralRun run;
        do
        {
            run = await process.HandleAsync(cancellationToken);
            if (run.Rewards + run.Reversals > 0)
                logger.LogInformation("Referral rewards: {Purchases} purchase(s), {Rewards} reward(s), {Credited} credited; {Reversals} reversal(s), {Reversed} taken back",
                    run.Purchases, run.Rewards, run.PointsCredited, run.Reversals, run.PointsReversed);
        }
        while (run.More && !cancellationToken.IsCancellationRequested);
    }
}
