using Loyalty.Data;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Quartz;

namespace Loyalty.Web.Jobs;

/// <summary>Every background job and its trigger, in one place. Times are UTC, at night for the coalition's region.</summary>
public static class JobSchedule
{
    public static IServiceCollection AddLoyaltyJobs(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetValue("Jobs:Enabled", true)) return services;
        // Jobs:Clustered keeps the schedule in the app's own database (AdoJobStore) so that with several nodes each
        // firing runs on exactly one of them (docs/decisions/0110). The connection was resolved by AddLoyaltyData.
        var clustered = configuration.GetValue("Jobs:Clustered", false);
        var database = (Loyalty.Data.ConnectionInfo?)services.LastOrDefault(d => d.ServiceType == typeof(Loyalty.Data.ConnectionInfo))?.ImplementationInstance;
        services.AddQuartz(q =>
        {
            if (clustered)
            {
                if (database is null) throw new InvalidOperationException("Jobs:Clustered needs the database registered first (AddLoyaltyDatabase).");
                q.ConfigureScheduler(o => o.InstanceName = "OneCard");
                q.UsePersistentStore(store =>
                {
                    if (database.Provider == DatabaseProvider.SqlServer)
                        store.UseSqlServer(SqlClientFactory.Instance, database.ConnectionString);
                    else
                        store.UseSqlite(SqliteFactory.Instance, database.ConnectionString);
                    store.UseSystemTextJsonSerializer(_ => { });
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(configuration.GetValue("Jobs:CheckinSeconds", 10));
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(configuration.GetValue("Jobs:CheckinSeconds", 10) * 3);
                    });
                    // The QRTZ_ tables are created at the first start (guarded: nodes starting together converge).
                    // A production account without DDL rights gets them from Quartz's script instead (docs/deployment.md).
                    store.ProvisionSchema();
                });
            }
            q.AddJobListener<JobRunLog>();
            // Every job, every firing: one node runs it, the others stand down (JobFirings; decision 0117).
            q.AddTriggerListener<OncePerFiring>();
            Nightly<RecalculateTiersJob>(q, "0 0 20 * * ?");
            Nightly<ExpirePointsJob>(q, "0 30 20 * * ?");
            Nightly<ReconcileLedgerJob>(q, "0 0 21 * * ?");
            // After expiry and tiers, so the day's profiles see the night's state.
            Nightly<RecalculateSegmentsJob>(q, "0 30 21 * * ?");
            // 00:15 UTC: just after a month ends (UTC), and again every day in case a run was missed.
            Nightly<CloseSettlementsJob>(q, configuration.GetValue("Jobs:SettlementCron", "0 15 0 * * ?")!);
            // 00:05 UTC: yesterday has closed, so every period the Analytics page offers has moved on a day (0250).
            Nightly<CountPresetPeriodBuyersJob>(q, "0 5 0 * * ?");
            // Webhook deliveries past their retention, then outbox rows nothing refers to any more (0101).
            Nightly<PurgeWebhookHistoryJob>(q, "0 45 21 * * ?");
            // Hourly: a welcome step or a win-back is due within the hour, not the next night.
            Nightly<CampaignTriggersJob>(q, "0 5 * * * ?");
            // Firing claims older than a week (0117).
            Nightly<PruneJobFiringsJob>(q, "0 50 21 * * ?");
            var every = TimeSpan.FromSeconds(configuration.GetValue("Messaging:PollSeconds", 10));
            Every<QueueMailingsJob>(q, every);
            Every<DispatchMessagesJob>(q, every);
            Every<GeneratePromoCodesJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Jobs:GenerationIntervalSeconds", 5)));
            // Referral rewards and their reversals, outside the till's write path (0065).
            Every<ReferralRewardsJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Jobs:ReferralIntervalSeconds", 5)));
            Every<ProcessTopUpsJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Jobs:TopUpIntervalSeconds", 30)));
            Every<SyncContestEntriesJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Contests:EntryIntervalSeconds", 60)));
            Every<CloseContestsJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Contests:CloseIntervalSeconds", 60)));
            Every<DispatchWebhooksJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Webhooks:PollSeconds", 5)));
            // Profile aggregates follow the receipts within a minute, outside the till's write path (0068).
            Every<UpdateCustomerProfilesJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Segments:ProfileIntervalSeconds", 60)));
            // Analytics read roll-ups plus what they lack; the fewer receipts pending, the less each reader adds (0220).
            Every<UpdateSalesRollupsJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Analytics:RollupIntervalSeconds", 60)));
            Every<RunImportsJob>(q, TimeSpan.FromSeconds(configuration.GetValue("Imports:PollSeconds", 5)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>
    /// Short-interval work (queues): each run finds what is due; overlapping runs are prevented by the job attribute.
    /// The first firing is the next multiple of the interval since the Unix epoch (not "now"), so every node fires
    /// the same instants and <see cref="OncePerFiring"/> can tell that two nodes are firing the same run.
    /// </summary>
    private static void Every<TJob>(IQuartzBuilder q, TimeSpan interval) where TJob : IJob
    {
        var key = new JobKey(typeof(TJob).Name);
        q.AddJob<TJob>(j => j.WithIdentity(key));
        q.AddTrigger(t => t.ForJob(key).WithIdentity(key.Name + ".trigger").StartAt(AlignedStart(DateTimeOffset.UtcNow, interval))
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
    }

    /// <summary>The first multiple of <paramref name="interval"/> (counted from the Unix epoch) at or after <paramref name="now"/>.</summary>
    public static DateTimeOffset AlignedStart(DateTimeOffset now, TimeSpan interval)
    {
        var ticks = (now - DateTimeOffset.UnixEpoch).Ticks;
        var remainder = ticks % interval.Ticks;
        return remainder == 0 ? now : now.AddTicks(interval.Ticks - remainder);
    }

    private static void Nightly<TJob>(IQuartzBuilder q, string cron) where TJob : IJob
    {
        var key = new JobKey(typeof(TJob).Name);
        q.AddJob<TJob>(j => j.WithIdentity(key));
        q.AddTrigger(t => t.ForJob(key).WithIdentity(key.Name + ".trigger").WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc)));
    }
}
