using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Every background job and its trigger, in one place. Times are UTC, at night for the coalition's region.</summary>
public static class JobSchedule
{
    public static IServiceCollection AddLoyaltyJobs(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue("Jobs:Enabled", true)) return services;
        services.AddQuartz(q =>
        {
            Nightly<RecalculateTiersJob>(q, "0 0 20 * * ?");
            Nightly<ExpirePointsJob>(q, "0 30 20 * * ?");
            Nightly<ReconcileLedgerJob>(q, "0 0 21 * * ?");
            // After expiry and tiers, so the day's profiles see the night's state.
            Nightly<RecalculateSegmentsJob>(q, "0 30 21 * * ?");
            // 00:15 UTC: just after a month ends (UTC), and again every day in case a run was missed.
            Nightly<CloseSettlementsJob>(q, "0 15 0 * * ?");
            var every = TimeSpan.FromSeconds(configuration.GetValue("Messaging:PollSeconds", 10));
            Every<QueueMailingsJob>(q, every);
            Every<DispatchMessagesJob>(q, every);
            Every<GeneratePromoCodesJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Jobs:GenerationIntervalSeconds", 5)));
            Every<ProcessTopUpsJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Jobs:TopUpIntervalSeconds", 30)));
            Every<DispatchWebhooksJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Webhooks:PollSeconds", 5)));
            Every<RunImportsJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Imports:PollSeconds", 5)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>Short-interval work (queues): each run finds what is due; overlapping runs are prevented by the job attribute.</summary>
    private static void Every<TJob>(IQuartzBuilder q, TimeSpan interval) where TJob : IJob
    {
        var key = new JobKey(typeof(TJob).Name);
        q.AddJob<TJob>(j => j.WithIdentity(key));
        q.AddTrigger(t => t.ForJob(key).WithIdentity(key.Name + ".trigger").StartNow()
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
    }

    private static void Nightly<TJob>(IQuartzBuilder q, string cron) where TJob : IJob
    {
        var key = new JobKey(typeof(TJob).Name);
        q.AddJob<TJob>(j => j.WithIdentity(key));
        q.AddTrigger(t => t.ForJob(key).WithIdentity(key.Name + ".trigger").WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc)));
    }
}
