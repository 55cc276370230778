using Loyalty.Core.Campaigns;
using Loyalty.Core;
using Loyalty.Core.Common;
using Loyalty.Data;
using Loyalty.Web.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Loyalty.Tests.Production;

/// <summary>
/// Daylight-saving changes (decision 0124): stores keep their own zones, the ledger and the jobs keep UTC. Berlin's clocks
/// jump 02:00 → 03:00 on 30 March 2025 (01:00 UTC) and fall back 03:00 → 02:00 on 26 October 2025 (01:00 UTC).
/// </summary>
public class DaylightSavingTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2025-03-30 01:30", "2025-03-30 00:30")] // before the jump: winter time, UTC+1
    [InlineData("2025-03-30 02:30", "2025-03-30 01:30")] // never shown by a clock that moved: read as 03:30 summer time
    [InlineData("2025-03-30 03:30", "2025-03-30 01:30")] // the same instant, written as the clock showed it
    [InlineData("2025-10-26 02:30", "2025-10-26 00:30")] // shown twice: the first time, still summer time
    [InlineData("2025-10-26 03:30", "2025-10-26 02:30")] // after the fall back: winter time again
    public void A_local_time_on_a_change_night_becomes_one_definite_instant(string local, string utc)
    {
        var at = LocalTime.ToUtc(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), Berlin);
        Assert.Equal(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), at);
        Assert.Equal(DateTimeKind.Utc, at.Kind);
    }

    [Fact]
    public void A_happy_hour_follows_the_stores_clock_across_the_change()
    {
        // 18:00–20:00 in the store, every day: 17:30 UTC is 18:30 in winter and 19:30 in summer (inside both times);
        // 18:30 UTC is 19:30 in winter (inside) and 20:30 in summer (outside).
        var store = Guid.NewGuid();
        var campaign = new LiveCampaign(Guid.NewGuid(), null, "Happy hour", CampaignType.PurchaseBonus, RewardKind.ExtraPercent, 500, null, 0,
            new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), null, 0, new HashSet<Guid>(), 127, 18, 20, Berlin,
            false, new HashSet<string>(), new HashSet<string>(), null, null, null);
        bool At(string utc) => CampaignRules.Applies(campaign, new CampaignSale(Guid.NewGuid(), store,
            DateTime.SpecifyKind(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), 10_000, 10_000, 100, "KZT",
            [], new HashSet<Guid>(), false));

        Assert.True(At("2025-03-29 17:30"));
        Assert.True(At("2025-03-29 18:30"));
        Assert.True(At("2025-03-30 17:30"));
        Assert.False(At("2025-03-30 18:30"));
        Assert.True(At("2025-10-26 18:30"));
        Assert.False(At("2025-10-25 18:30"));
    }

    [Fact]
    public async Task Every_nightly_job_fires_once_a_day_in_utc_through_both_changes()
    {
        // The real schedule (JobSchedule), read from Quartz without starting it. Jobs run at fixed UTC times: a store on
        // Berlin time sees them an hour later in local time over the summer, but never twice and never skipped.
        // The database is never opened: it is there because every trigger's listener (one firing per node, 0117) needs one.
        var database = Path.Combine(Path.GetTempPath(), $"dst-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "true",
            ["ConnectionStrings:Loyalty"] = $"Data Source={database}",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddLoyaltyData(configuration, Path.GetTempPath()).AddLoyaltyCore();
        services.AddLoyaltyJobs(configuration);
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var crons = new List<ICronTrigger>();
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup()))
            if (await scheduler.GetTrigger(key) is ICronTrigger cron) crons.Add(cron);
        Assert.True(crons.Count >= 5, $"only {crons.Count} cron triggers found");

        // The triggers start today, so the weeks looked at are the next year's changes (28 March and 31 October 2027).
        foreach (var start in new[] { new DateTimeOffset(2027, 3, 25, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 10, 28, 0, 0, 0, TimeSpan.Zero) })
        {
            foreach (var cron in crons)
            {
                Assert.Equal(TimeZoneInfo.Utc.Id, cron.TimeZone.Id);
                var fires = new List<DateTimeOffset>();
                var at = start;
                while (fires.Count < 24 * 7 && cron.GetFireTimeAfter(at) is { } next && next < start.AddDays(7))
                {
                    fires.Add(next);
                    at = next;
                }
                var gaps = fires.Zip(fires.Skip(1), (a, b) => b - a).Distinct().ToList();
                Assert.True(fires.Count >= 7, $"{cron.Key.Name}: {fires.Count} firings in the week from {start:yyyy-MM-dd}");
                Assert.True(gaps.Count == 1, $"{cron.Key.Name}: uneven gaps {string.Join(", ", gaps)} around {start:yyyy-MM-dd}");
                Assert.True(gaps[0] == TimeSpan.FromDays(1) || gaps[0] == TimeSpan.FromHours(1), $"{cron.Key.Name}: fires every {gaps[0]}");
            }
        }
    }
}
