using Loyalty.Core.Analytics;
using Loyalty.Core.Customers;
using Loyalty.Core.Pos;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Analytics;

/// <summary>
/// Buyers of a period: the closed days counted once and kept, today's receipts added member by member, a receipt written
/// into the closed days or a merge making them count again (0250). Every figure is checked against the receipts themselves.
/// </summary>
public class PeriodBuyersTests : ScenarioTest
{
    private static readonly DateTimeOffset Today = new(2027, 1, 20, 10, 0, 0, TimeSpan.Zero);

    private static AnalyticsQuery Last(int days, Guid? partner)
    {
        var to = Today.UtcDateTime.Date.AddDays(1);
        return new AnalyticsQuery(partner, to.AddDays(-days), to);
    }

    private async Task BuyOnAsync(DateTimeOffset at, params Guid[] members)
    {
        Database.Clock.SetUtcNow(at);
        foreach (var member in members) await Scenario.BuyAsync(member, 1_000m);
    }

    private async Task<(int Active, int Repeaters, int PreviousActive, int Churned)> FiguresAsync(AnalyticsQuery query)
    {
        var figures = await Database.Get<GetProgramEffectiveness>().HandleAsync(query, "KZT");
        return (figures.ActiveMembers, (int)Math.Round(figures.RepeatRate * figures.ActiveMembers), figures.PreviousActive, figures.Churned);
    }

    /// <summary>The same four figures straight from the receipts, in memory (a handful of rows).</summary>
    private async Task<(int Active, int Repeaters, int PreviousActive, int Churned)> FromReceiptsAsync(AnalyticsQuery query)
    {
        await using var db = Database.Open();
        var receipts = await db.Purchases.Where(p => query.PartnerId == null || p.PartnerId == query.PartnerId)
            .Select(p => new { p.CustomerId, p.OccurredAt }).ToListAsync();
        var current = receipts.Where(r => r.OccurredAt >= query.From && r.OccurredAt < query.To).GroupBy(r => r.CustomerId).ToDictionary(g => g.Key, g => g.Count());
        var previous = receipts.Where(r => r.OccurredAt >= query.Previous.From && r.OccurredAt < query.From).Select(r => r.CustomerId).ToHashSet();
        return (current.Count, current.Count(c => c.Value > 1), previous.Count, previous.Count(m => !current.ContainsKey(m)));
    }

    private async Task<ClosedDaysBuyers> KeptAsync(AnalyticsQuery query)
    {
        await using var db = Database.Open();
        var scope = query.PartnerId ?? Guid.Empty;
        return await db.ClosedDaysBuyers.AsNoTracking().SingleAsync(c => c.PartnerId == scope && c.From == query.From);
    }

    [Fact]
    public async Task ClosedDaysAreCountedOnce_TodaysBuyersAddedToThem_AndABackdatedReceiptOrAMergeCountsAgain()
    {
        var (a, b, c) = ((await Scenario.RegisterAsync("+77015553001")).Id, (await Scenario.RegisterAsync("+77015553002")).Id, (await Scenario.RegisterAsync("+77015553003")).Id);
        var (d, e) = ((await Scenario.RegisterAsync("+77015553004")).Id, (await Scenario.RegisterAsync("+77015553005")).Id);
        await BuyOnAsync(Today.AddDays(-40), a, b); // the previous 30 days
        await BuyOnAsync(Today.AddDays(-10), a, c);
        await BuyOnAsync(Today.AddDays(-5), c);
        Database.Clock.SetUtcNow(Today);
        var month = Last(30, Scenario.Partner.Id);

        // A and C bought, C twice; A and B bought before, B did not come back.
        Assert.Equal((2, 1, 2, 1), await FiguresAsync(month));
        var kept = await KeptAsync(month);
        Assert.Equal((Today.UtcDateTime.Date, 5, 2, 1, 2, 1), (kept.Through, kept.Receipts, kept.Active, kept.Repeaters, kept.PreviousActive, kept.Churned));

        // Today B comes back, D buys for the first time, A buys again, C (twice already) once more: the kept count stays,
        // today's buyers are added to it.
        await BuyOnAsync(Today.AddHours(1), b, d, a, c);
        Database.Clock.SetUtcNow(Today.AddHours(2));
        Assert.Equal((4, 2, 2, 0), await FiguresAsync(month));
        Assert.Equal(await FromReceiptsAsync(month), await FiguresAsync(month));
        Assert.Equal(kept.CountedAt, (await KeptAsync(month)).CountedAt);

        // An offline till sends E's receipt of yesterday: the closed days hold one receipt more and are counted again.
        await Database.Get<RecordPurchase>().HandleAsync(Scenario.Caller, Guid.NewGuid().ToString(),
            new PurchaseRequest(e.ToString(), "OFFLINE-1", 1_000m, 0, null, Today.AddDays(-1)));
        Assert.Equal((5, 2, 2, 0), await FiguresAsync(month));
        var recounted = await KeptAsync(month);
        Assert.Equal((6, 3), (recounted.Receipts, recounted.Active));
        Assert.Equal(await FromReceiptsAsync(month), await FiguresAsync(month));
        Assert.True(recounted.CountedAt > kept.CountedAt);

        // D and E were one person: after the merge they are one buyer (with two receipts), counted again from the receipts.
        await Database.Get<MergeCustomers>().HandleAsync(new MergeCustomersCommand(d, e, "Same person", "op@x"));
        await using (var db = Database.Open()) Assert.Equal(0, await db.ClosedDaysBuyers.CountAsync());
        Assert.Equal((4, 3, 2, 0), await FiguresAsync(month));
        Assert.Equal(await FromReceiptsAsync(month), await FiguresAsync(month));

        // Longer periods and the coalition agree with the receipts too.
        foreach (var days in AnalyticsQuery.OfferedDays)
            foreach (var scope in new Guid?[] { Scenario.Partner.Id, null })
                Assert.Equal(await FromReceiptsAsync(Last(days, scope)), await FiguresAsync(Last(days, scope)));
    }

    [Fact]
    public async Task APeriodThatHasEnded_IsKeptWhole_AndOneThatHasNotBegun_IsNotKept()
    {
        var (a, b) = ((await Scenario.RegisterAsync("+77015553011")).Id, (await Scenario.RegisterAsync("+77015553012")).Id);
        await BuyOnAsync(Today.AddDays(-20), a, b);
        await BuyOnAsync(Today.AddDays(-12), a);
        Database.Clock.SetUtcNow(Today);
        var day = Today.UtcDateTime.Date;
        var ended = new AnalyticsQuery(Scenario.Partner.Id, day.AddDays(-14), day.AddDays(-7));
        Assert.Equal((1, 0, 2, 1), await FiguresAsync(ended));
        Assert.Equal(day.AddDays(-7), (await KeptAsync(ended)).Through);

        // A period that ends at today's midnight: today's receipts are not in it, and it is kept whole.
        await BuyOnAsync(Today.AddHours(1), b);
        var endsToday = new AnalyticsQuery(Scenario.Partner.Id, day.AddDays(-13), day);
        Assert.Equal((1, 0, 2, 1), await FiguresAsync(endsToday));
        Assert.Equal(await FromReceiptsAsync(endsToday), await FiguresAsync(endsToday));
        Assert.Equal(day, (await KeptAsync(endsToday)).Through);

        var ahead = new AnalyticsQuery(Scenario.Partner.Id, day.AddDays(1), day.AddDays(8));
        Assert.Equal((0, 0, 1, 1), await FiguresAsync(ahead)); // its previous period holds today: B's receipt
        Assert.Equal(await FromReceiptsAsync(ahead), await FiguresAsync(ahead));
        await using var db = Database.Open();
        Assert.False(await db.ClosedDaysBuyers.AnyAsync(c => c.From == ahead.From));
    }

    [Fact]
    public async Task TheNightlyCount_KeepsEveryOfferedPeriodOfEveryScope_AndForgetsThoseOfEarlierDays()
    {
        var a = (await Scenario.RegisterAsync("+77015553021")).Id;
        await BuyOnAsync(Today.AddDays(-3), a);
        Database.Clock.SetUtcNow(Today.AddDays(-1));
        await Database.Get<CountPresetPeriodBuyers>().HandleAsync();
        Database.Clock.SetUtcNow(Today);

        var (counted, failed) = await Database.Get<CountPresetPeriodBuyers>().HandleAsync();

        Assert.Empty(failed);
        Assert.Equal(2 * AnalyticsQuery.OfferedDays.Count, counted); // the partner and the coalition
        await using var db = Database.Open();
        var kept = await db.ClosedDaysBuyers.AsNoTracking().ToListAsync();
        Assert.Equal(counted, kept.Count);
        Assert.All(kept, k => Assert.Equal(Today.UtcDateTime.Date, k.Through));
        Assert.All(kept, k => Assert.Equal((1, 1), (k.Receipts, k.Active)));
    }

    [Fact]
    public async Task TheNightlyCount_GoesOnPastAPartnerWhoseCountCannotBeKept_AndThatPartnersPageStillCountsRight()
    {
        var other = await Scenario.CreateAsync(Database.Services);
        var a = (await Scenario.RegisterAsync("+77015553031")).Id;
        await BuyOnAsync(Today.AddDays(-3), a);
        await using (var db = Database.Open())
        {
            // A real failure inside the database for the first partner only: its kept rows cannot be written. DDL takes no
            // parameters; the id is a Guid the test made.
            var trigger = $"CREATE TRIGGER refuse_one BEFORE INSERT ON ClosedDaysBuyers WHEN upper(NEW.PartnerId) = '{Scenario.Partner.Id.ToString().ToUpperInvariant()}' " +
                "BEGIN SELECT RAISE(ABORT, 'disk full for this partner'); END";
            await db.Database.ExecuteSqlRawAsync(trigger);
        }

        var (counted, failed) = await Database.Get<CountPresetPeriodBuyers>().HandleAsync();

        // Keeping a count is only a saving: every period is still counted, and the other scopes are kept.
        Assert.Empty(failed);
        Assert.Equal(3 * AnalyticsQuery.OfferedDays.Count, counted);
        await using (var read = Database.Open())
        {
            var scopes = await read.ClosedDaysBuyers.AsNoTracking().Select(k => k.PartnerId).Distinct().ToListAsync();
            Assert.Equal(new[] { Guid.Empty, other.Partner.Id }.Order(), scopes.Order());
        }
        var month = Last(30, Scenario.Partner.Id);
        Assert.Equal(await FromReceiptsAsync(month), await FiguresAsync(month));
    }
}
