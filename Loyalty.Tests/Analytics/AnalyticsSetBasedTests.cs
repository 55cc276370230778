using Loyalty.Core.Analytics;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Analytics;

/// <summary>
/// The set-based analytics (0210) and their roll-ups (0220) say what the straightforward per-receipt definitions say,
/// computed here from every receipt: at the period's edges (a receipt at the start counts, one at the end does not), with
/// refunds, with first receipts at the same instant, with receipts the minute job has not folded into the profiles yet (one
/// of them backdated before the profile's first purchase), and for an empty period — each with nothing rolled up yet, with
/// the roll-ups half-way (a refund of a rolled-up receipt and a backdated receipt that moves its member to an earlier cohort
/// still pending), and with everything rolled up.
/// </summary>
public class AnalyticsSetBasedTests : ScenarioTest
{
    public enum Rollup
    {
        Nothing,
        Midway,
        Everything,
    }

    private sealed record Receipt(Guid Partner, Guid Customer, DateTime At, long Amount, long Refunded, long Earned);

    private async Task<Guid> BuyAtAsync(Guid customer, decimal amount, DateTime at)
    {
        var id = (await Scenario.BuyAsync(customer, amount)).Body.TransactionId;
        await using var db = Database.Open();
        await db.Purchases.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.OccurredAt, at));
        return id;
    }

    private async Task<List<Receipt>> ReceiptsAsync()
    {
        await using var db = Database.Open();
        return (await db.Purchases.Select(p => new { p.PartnerId, p.CustomerId, p.OccurredAt, p.Amount, p.RefundedAmount, Earned = p.EarnedPoints - p.ReversedEarned }).ToListAsync())
            .Select(p => new Receipt(p.PartnerId, p.CustomerId, p.OccurredAt, p.Amount, p.RefundedAmount, p.Earned)).ToList();
    }

    /// <summary>Members with every edge case around a 30-day period ending tomorrow at 00:00 UTC; returns the period.</summary>
    private async Task<AnalyticsQuery> EdgeCasesAsync(Rollup rollup = Rollup.Nothing)
    {
        var to = Database.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        var from = to.AddDays(-30);
        var m = new List<Guid>();
        for (var i = 0; i < 9; i++) m.Add((await Scenario.RegisterAsync($"+7701557{i:D4}", $"M{i}")).Id);

        await BuyAtAsync(m[0], 1_000m, from.AddDays(-40));          // an old member, back in the period
        var back = await BuyAtAsync(m[0], 2_000m, from.AddDays(3));
        await BuyAtAsync(m[8], 900m, from.AddDays(7));               // a backdated receipt two months earlier comes below
        await BuyAtAsync(m[1], 1_500m, from);                        // first purchase exactly at the start, twice at that instant
        await BuyAtAsync(m[1], 700m, from);
        await BuyAtAsync(m[1], 900m, from.AddDays(10));
        await BuyAtAsync(m[2], 800m, from.AddTicks(-1));             // the previous period's last instant, not back: churned
        var refunded = await BuyAtAsync(m[3], 3_000m, from.AddDays(1)); // refunded in full, still a purchase and a first one
        await Scenario.RefundAsync(refunded, 3_000m);
        var part = await BuyAtAsync(m[4], 4_000m, from.AddDays(2));
        await Scenario.RefundAsync(part, 1_500m);
        await BuyAtAsync(m[4], 600m, from.AddDays(4));
        Assert.True((await Database.Get<RecalculateSegments>().HandleAsync()).Rebuilt);
        if (rollup == Rollup.Midway) Assert.Equal(10, (await Database.Get<UpdateSalesRollups>().HandleAsync()).Purchases);
        await Scenario.RefundAsync(back, 500m);                      // a refund of a rolled-up receipt
        await BuyAtAsync(m[8], 400m, from.AddDays(-70));             // an earlier cohort for a rolled-up member

        // After the nightly run: receipts the profiles do not know yet.
        await BuyAtAsync(m[5], 1_200m, from.AddDays(5));             // profiled below, then a backdated receipt before it
        await Database.Get<UpdateCustomerProfiles>().HandleAsync();
        await BuyAtAsync(m[5], 500m, from.AddDays(-5));
        await BuyAtAsync(m[6], 2_500m, from.AddDays(6));             // a new buyer not profiled yet
        await BuyAtAsync(m[7], 1_000m, to);                          // the period's end: outside
        await BuyAtAsync(m[2], 300m, from.AddDays(-45));
        if (rollup == Rollup.Everything) Assert.Equal(16, (await Database.Get<UpdateSalesRollups>().HandleAsync()).Purchases);
        return new AnalyticsQuery(Scenario.Partner.Id, from, to);
    }

    [Theory]
    [InlineData(Rollup.Nothing)]
    [InlineData(Rollup.Midway)]
    [InlineData(Rollup.Everything)]
    public async Task Effectiveness_MemberFigures_MatchThePerReceiptDefinitions_AtTheEdges(Rollup rollup)
    {
        var query = await EdgeCasesAsync(rollup);
        var all = (await ReceiptsAsync()).Where(r => r.Partner == Scenario.Partner.Id).ToList();
        bool In(Receipt r, DateTime from, DateTime to) => r.At >= from && r.At < to;
        var period = all.Where(r => In(r, query.From, query.To)).ToList();
        var (prevFrom, prevTo) = query.Previous;
        var previous = all.Where(r => In(r, prevFrom, prevTo)).Select(r => r.Customer).Distinct().ToList();
        var active = period.Select(r => r.Customer).Distinct().ToList();

        var e = await Database.Get<GetProgramEffectiveness>().HandleAsync(query, "KZT");

        Assert.Equal(period.Count, e.Purchases);
        Assert.Equal(period.Sum(r => r.Amount - r.Refunded), e.Revenue);
        Assert.Equal(active.Count, e.ActiveMembers);
        Assert.Equal(all.Where(r => r.At < query.To).Select(r => r.Customer).Distinct().Count(), e.Members);
        Assert.Equal(all.GroupBy(r => r.Customer).Count(g => In(g.MinBy(r => r.At)!, query.From, query.To)), e.NewMembers);
        Assert.Equal(previous.Count, e.PreviousActive);
        Assert.Equal(previous.Count(c => !active.Contains(c)), e.Churned);
        Assert.Equal((double)period.GroupBy(r => r.Customer).Count(g => g.Count() >= 2) / active.Count, e.RepeatRate);
        Assert.Equal(period.Where(p => all.Any(q => q.Customer == p.Customer && q.At < p.At)).Sum(p => p.Amount - p.Refunded), e.RepeatRevenue);
        Assert.Equal(period.Sum(r => r.Earned), e.PointsEarned);
        // The cases above are all there: 7 buyers, 4 of them new (at the start, refunded, part-refunded, not profiled yet; the
        // backdated receipts make two more old members), 2 buyers before and one of them gone.
        Assert.Equal((7, 4, 2, 1), (e.ActiveMembers, e.NewMembers, e.PreviousActive, e.Churned));
    }

    [Theory]
    [InlineData(Rollup.Nothing)]
    [InlineData(Rollup.Everything)]
    public async Task Effectiveness_OfTheCoalition_CountsBuyersAndRepeatsOverEveryPartner(Rollup rollup)
    {
        var query = (await EdgeCasesAsync(rollup)) with { PartnerId = null };
        var all = await ReceiptsAsync();
        var period = all.Where(r => r.At >= query.From && r.At < query.To).ToList();

        var e = await Database.Get<GetProgramEffectiveness>().HandleAsync(query, "KZT");

        Assert.Equal(period.Select(r => r.Customer).Distinct().Count(), e.ActiveMembers);
        Assert.Equal((period.Count, period.Sum(r => r.Amount - r.Refunded)), (e.Purchases, e.Revenue));
        Assert.Equal(period.Where(p => all.Any(q => q.Customer == p.Customer && q.At < p.At)).Sum(p => p.Amount - p.Refunded), e.RepeatRevenue);
    }

    [Fact]
    public async Task Effectiveness_OfAnEmptyPeriod_IsZero()
    {
        var query = await EdgeCasesAsync();
        var e = await Database.Get<GetProgramEffectiveness>().HandleAsync(new AnalyticsQuery(query.PartnerId, query.From.AddDays(-400), query.From.AddDays(-370)), "KZT");

        Assert.Equal((0, 0, 0, 0L, 0L), (e.Purchases, e.ActiveMembers, e.NewMembers, e.Revenue, e.RepeatRevenue));
        Assert.Equal(0, e.Members);
    }

    [Theory]
    [InlineData(Granularity.Day, 0, Rollup.Nothing)]
    [InlineData(Granularity.Week, 0, Rollup.Nothing)]
    [InlineData(Granularity.Month, 0, Rollup.Nothing)]
    [InlineData(Granularity.Week, 5, Rollup.Midway)]
    [InlineData(Granularity.Month, 5, Rollup.Midway)]
    [InlineData(Granularity.Day, 0, Rollup.Everything)]
    [InlineData(Granularity.Week, 3, Rollup.Everything)]
    [InlineData(Granularity.Month, 17, Rollup.Everything)]
    public async Task SalesByPeriod_MatchesAGroupingOfEveryReceiptByUtcDay(Granularity granularity, int startDay, Rollup rollup)
    {
        var edges = await EdgeCasesAsync(rollup);
        // Weeks and months the period's start cuts: the first bucket counts from the start only.
        var query = new AnalyticsQuery(edges.PartnerId, edges.From.AddDays(-90 + startDay), edges.To, granularity);
        var period = (await ReceiptsAsync()).Where(r => r.Partner == Scenario.Partner.Id && r.At >= query.From && r.At < query.To).ToList();
        var expected = period.GroupBy(r => AnalyticsQuery.BucketOf(r.At.Date, granularity)).OrderBy(g => g.Key)
            .Select(g => new SalesPoint(g.Key, g.Count(), g.Sum(r => r.Amount - r.Refunded), g.Select(r => r.Customer).Distinct().Count(),
                g.Sum(r => r.Amount - r.Refunded) / g.Count()))
            .ToList();

        var sales = await Database.Get<GetSalesAnalytics>().HandleAsync(query);

        Assert.Equal(expected, sales.ByPeriod);
        Assert.Empty((await Database.Get<GetSalesAnalytics>().HandleAsync(query with { PartnerId = Guid.NewGuid() })).ByPeriod);
    }

    [Theory]
    [InlineData(Rollup.Nothing)]
    [InlineData(Rollup.Midway)]
    [InlineData(Rollup.Everything)]
    public async Task Cohorts_MatchTheMonthOfEveryMembersFirstReceipt_AndTheMonthsTheyCameBack(Rollup rollup)
    {
        var query = await EdgeCasesAsync(rollup);
        var until = query.To.AddTicks(-1);
        var end = new DateTime(until.Year, until.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        var start = end.AddMonths(-GetCohortRetention.Months);
        static DateTime Month(DateTime t) => new(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var all = (await ReceiptsAsync()).Where(r => r.Partner == Scenario.Partner.Id && r.At < end).ToList();
        var expected = all.GroupBy(r => r.Customer).Select(g => (Customer: g.Key, Cohort: Month(g.Min(r => r.At))))
            .Where(f => f.Cohort >= start).GroupBy(f => f.Cohort).OrderBy(g => g.Key)
            .Select(g =>
            {
                var members = g.Select(f => f.Customer).ToHashSet();
                var months = Enumerable.Range(0, (end.Year * 12 + end.Month) - (g.Key.Year * 12 + g.Key.Month))
                    .Select(k => (double)all.Where(r => members.Contains(r.Customer) && Month(r.At) == g.Key.AddMonths(k)).Select(r => r.Customer).Distinct().Count() / members.Count);
                return (g.Key, members.Count, string.Join(" ", months.Select(m => m.ToString("F4"))));
            }).ToList();

        var cohorts = await Database.Get<GetCohortRetention>().HandleAsync(Scenario.Partner.Id, until);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, cohorts.Select(c => (c.Month, c.Members, string.Join(" ", c.Retention.Select(m => m.ToString("F4"))))).ToList());
        Assert.Empty(await Database.Get<GetCohortRetention>().HandleAsync(Guid.NewGuid(), until));
    }
}
