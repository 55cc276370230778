using System.Text.Json;
using Loyalty.Core.Analytics;
using Loyalty.Core.Pos;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Analytics;

/// <summary>
/// The analytics roll-ups (0220) change how figures are read, never what they are: every table the Analytics page shows is
/// the same with every receipt pending, after the minute job, with new activity pending on top of rolled-up receipts, and
/// after a rebuild; and the minute job running while tills buy counts each receipt exactly once.
/// </summary>
public class SalesRollupTests : ScenarioTest
{
    private async Task<Guid> BuyAtAsync(Guid customer, decimal amount, DateTime at, params PurchaseItemRequest[] items)
    {
        var id = (await Scenario.BuyAsync(customer, amount, items: items.Length == 0 ? null : items)).Body.TransactionId;
        await using var db = Database.Open();
        await db.Purchases.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.OccurredAt, at));
        return id;
    }

    /// <summary>Every analytics figure for the partner and the coalition over the last 90 days, by each granularity, as JSON.</summary>
    private async Task<string> EveryFigureAsync()
    {
        var to = Database.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        var figures = new List<object>();
        foreach (var scope in new Guid?[] { Scenario.Partner.Id, null })
        {
            foreach (var granularity in Enum.GetValues<Granularity>())
            {
                var query = new AnalyticsQuery(scope, to.AddDays(-90), to, granularity);
                figures.Add(await Database.Get<GetSalesAnalytics>().HandleAsync(query));
            }
            var month = new AnalyticsQuery(scope, to.AddDays(-30), to);
            figures.Add(await Database.Get<GetProgramEffectiveness>().HandleAsync(month, "KZT"));
            figures.Add(await Database.Get<GetStaffPerformance>().HandleAsync(month));
            figures.Add(await Database.Get<GetCohortRetention>().HandleAsync(scope, to.AddTicks(-1)));
        }
        return JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true });
    }

    [Theory]
    [InlineData(UpdateSalesRollups.BatchReceipts)]
    [InlineData(2)] // a member's receipts are folded together, so batches of two receipts' members add up to the same
    public async Task EveryFigure_IsTheSame_Pending_RolledUp_WithNewActivityOnTop_AndRebuilt(int batch)
    {
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        var members = new List<Guid>();
        for (var i = 0; i < 6; i++) members.Add((await Scenario.RegisterAsync($"+7701558{i:D4}", $"R{i}")).Id);
        var milk = new PurchaseItemRequest("MILK", "Milk", "Dairy", 2, 400m);
        var bread = new PurchaseItemRequest("BREAD", "Bread", null, 1, 200m);
        var tv = new PurchaseItemRequest("TV", "TV", "Electronics", 1, 900m);
        await BuyAtAsync(members[0], 1_000m, now.AddDays(-80), milk, bread);
        var early = await BuyAtAsync(members[0], 900m, now.AddDays(-20), tv);
        await BuyAtAsync(members[1], 600m, now.AddDays(-20), milk);
        await BuyAtAsync(members[1], 400m, now.AddDays(-2));
        await BuyAtAsync(members[2], 1_500m, now.AddDays(-45), tv, milk, bread);
        await Scenario.RefundAsync(await BuyAtAsync(members[3], 700m, now.AddDays(-1), bread), 700m);
        var first = await BuyAtAsync(members[5], 1_200m, now.AddDays(-10));
        var pending = await EveryFigureAsync();

        Assert.Equal(new RollupUpdate(7, 1), await Database.Get<UpdateSalesRollups>().HandleAsync(batch));
        Assert.Equal(pending, await EveryFigureAsync());
        Assert.Equal(new RollupUpdate(0, 0), await Database.Get<UpdateSalesRollups>().HandleAsync(batch));

        // New activity on top of rolled-up receipts: a refund of one, and of a member's first, a receipt backdated before a
        // member's first (who is then no longer new in the last 30 days), new buyers.
        await Scenario.RefundAsync(early, 300m);
        await Scenario.RefundAsync(first, 100m);
        await BuyAtAsync(members[1], 500m, now.AddDays(-70), milk);
        await BuyAtAsync(members[4], 800m, now, tv);
        await BuyAtAsync(members[2], 300m, now.AddDays(-3));
        var onTop = await EveryFigureAsync();
        Assert.NotEqual(pending, onTop);

        Assert.Equal(new RollupUpdate(3, 2), await Database.Get<UpdateSalesRollups>().HandleAsync(batch));
        Assert.Equal(onTop, await EveryFigureAsync());
        Assert.Equal(new RollupUpdate(10, 3), await Database.Get<UpdateSalesRollups>().RebuildAsync(batch));
        Assert.Equal(onTop, await EveryFigureAsync());

        // And the figures are the definitions' own, not ones both sides could get wrong alike. New in the last 30 days: members
        // 3 (700, refunded), 4 (800) and 5 (1,200 less 100); the rest of the 3,800 the period brought is repeat business.
        var to = now.Date.AddDays(1);
        var month = await Database.Get<GetProgramEffectiveness>().HandleAsync(new AnalyticsQuery(Scenario.Partner.Id, to.AddDays(-30), to), "KZT");
        Assert.Equal((3, 3_800_00L, 1_900_00L), (month.NewMembers, month.Revenue, month.RepeatRevenue));
        var sales = await Database.Get<GetSalesAnalytics>().HandleAsync(new AnalyticsQuery(Scenario.Partner.Id, to.AddDays(-90), to));
        Assert.Equal([("Electronics", 3, 2_700_00L), ("Dairy", 4, 1_600_00L), ("(no category)", 3, 600_00L)],
            sales.ByCategory.Select(c => (c.Name, c.Purchases, c.Revenue)).ToList());
    }

    [Fact]
    public async Task TheMinuteJob_WhileTillsBuy_CountsEveryReceiptOnce()
    {
        var members = new List<Guid>();
        for (var i = 0; i < 12; i++) members.Add((await Scenario.RegisterAsync($"+7701559{i:D4}", $"T{i}")).Id);
        using var stop = new CancellationTokenSource();
        var folds = 0;
        var job = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Database.Get<UpdateSalesRollups>().HandleAsync();
                folds++;
            }
        });
        var tills = Enumerable.Range(0, 3).Select(t => Task.Run(async () =>
        {
            for (var n = 0; n < 20; n++) await Scenario.BuyAsync(members[(t * 20 + n) % members.Count], 100m + n);
        })).ToList();
        await Task.WhenAll(tills);
        await stop.CancelAsync();
        await job;
        await Database.Get<UpdateSalesRollups>().HandleAsync();

        await using var db = Database.Open();
        Assert.True(folds > 1, $"the job ran {folds} time(s) while the tills bought");
        Assert.False(await db.Purchases.AnyAsync(p => p.RolledUpAt == null));
        Assert.Equal(60, await db.SalesDays.SumAsync(d => d.Receipts));
        Assert.Equal(await db.Purchases.SumAsync(p => p.Amount - p.RefundedAmount), await db.SalesDays.SumAsync(d => d.Revenue));
        var days = await db.Purchases.Select(p => new { p.CustomerId, p.OccurredAt }).ToListAsync();
        var buyersPerDay = days.GroupBy(p => DateOnly.FromDateTime(p.OccurredAt)).ToDictionary(g => g.Key, g => g.Select(p => p.CustomerId).Distinct().Count());
        var counted = await db.BuyerCounts.Where(b => b.PartnerId == CustomerProfile.Coalition && b.Granularity == Granularity.Day).ToDictionaryAsync(b => b.Start, b => b.Buyers);
        Assert.Equal(buyersPerDay, counted);
        Assert.Equal(12, await db.CohortCells.Where(c => c.PartnerId == Scenario.Partner.Id).SumAsync(c => c.Buyers));
    }

    [Fact]
    public async Task APeriodOfPartDays_IsRefused_ForTheRollUpsKeepWholeDays()
    {
        var to = Database.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        var error = await Assert.ThrowsAsync<Loyalty.Core.Common.ValidationException>(() =>
            Database.Get<GetSalesAnalytics>().HandleAsync(new AnalyticsQuery(Scenario.Partner.Id, to.AddDays(-30).AddHours(5), to)));
        Assert.Contains("whole days", error.Errors.Values.SelectMany(m => m).Single());
    }
}
