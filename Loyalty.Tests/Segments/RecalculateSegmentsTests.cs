using Loyalty.Core.Partners;
using Loyalty.Core.Purchases;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Segments;

/// <summary>Profiles and RFM are computed by SQL in the database: these run it on real SQLite.</summary>
public class RecalculateSegmentsTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private async Task AddPurchasesAsync(Guid customerId, int count, long amount, int lastDaysAgo, int everyDays = 10,
        Guid? partnerId = null, Guid? storeId = null, string? category = null)
    {
        await using var db = Database.Open();
        for (var i = 0; i < count; i++)
        {
            var items = category is null ? null : new[] { new PurchaseItem("SKU", "Thing", category, 1, amount) };
            db.Purchases.Add(new Purchase(partnerId ?? Scenario.Partner.Id, storeId ?? Scenario.Store.Id, null, customerId,
                Guid.NewGuid().ToString("N")[..12], amount, "KZT", Now.AddDays(-lastDaysAgo - i * everyDays), items));
        }
        await db.SaveChangesAsync();
    }

    private async Task<CustomerProfile> ProfileAsync(Guid customerId, Guid scope)
    {
        await using var db = Database.Open();
        return await db.CustomerProfiles.SingleAsync(p => p.CustomerId == customerId && p.PartnerId == scope);
    }

    [Fact]
    public async Task Profile_SumsWindows_NetOfRefunds_AndFindsFavourites()
    {
        var dana = await Scenario.RegisterAsync("+77015550001");
        var second = new Store(Scenario.Partner.Id, "Mall", "Almaty", "2 Abay Ave", "Asia/Almaty");
        await using (var db = Database.Open())
        {
            db.Stores.Add(second);
            await db.SaveChangesAsync();
        }
        await AddPurchasesAsync(dana.Id, 1, 10_000_00, lastDaysAgo: 5, category: "Dairy");            // in 30
        await AddPurchasesAsync(dana.Id, 1, 20_000_00, lastDaysAgo: 60, storeId: second.Id, category: "Meat"); // in 90
        await AddPurchasesAsync(dana.Id, 1, 30_000_00, lastDaysAgo: 200, storeId: second.Id, category: "Meat"); // in 365
        await AddPurchasesAsync(dana.Id, 1, 40_000_00, lastDaysAgo: 500);                             // older
        await using (var db = Database.Open())
        {
            // A half refund of the newest purchase counts half its amount.
            await db.Purchases.Where(p => p.Amount == 10_000_00).ExecuteUpdateAsync(s => s.SetProperty(p => p.RefundedAmount, 5_000_00));
        }

        await Database.Get<RecalculateSegments>().HandleAsync();

        var profile = await ProfileAsync(dana.Id, Scenario.Partner.Id);
        Assert.Equal((1, 5_000_00L), (profile.Purchases30, profile.Spend30));
        Assert.Equal((2, 25_000_00L), (profile.Purchases90, profile.Spend90));
        Assert.Equal((3, 55_000_00L), (profile.Purchases365, profile.Spend365));
        Assert.Equal((4, 95_000_00L), (profile.PurchasesTotal, profile.SpendTotal));
        Assert.Equal(95_000_00L / 4, profile.AverageTicket);
        Assert.Equal(Now.AddDays(-5), profile.LastPurchaseAt);
        Assert.Equal(Now.AddDays(-500), profile.FirstPurchaseAt);
        Assert.Equal(second.Id, profile.FavouriteStoreId);
        Assert.Equal("Meat", profile.FavouriteCategory);
        var coalition = await ProfileAsync(dana.Id, CustomerProfile.Coalition);
        Assert.Equal(profile.SpendTotal, coalition.SpendTotal);
    }

    [Fact]
    public async Task Rfm_ScoresByQuintile_AndNamesSegments_PerPartnerAndForTheCoalition()
    {
        // Ten members: member i bought i times, i × 1,000 each, last time (10 - i) × 20 days ago, so member 10 is best on every axis.
        var members = new List<Guid>();
        for (var i = 1; i <= 10; i++)
        {
            var member = await Scenario.RegisterAsync($"+7701555{i:D4}");
            members.Add(member.Id);
            await AddPurchasesAsync(member.Id, i, i * 1_000_00L, lastDaysAgo: (10 - i) * 20 + 1, everyDays: 3);
        }
        // Another partner's member only counts for that partner and the coalition.
        var other = await Scenario.CreateAsync(Database.Services);
        var outsider = await Scenario.RegisterAsync("+77015559999");
        await AddPurchasesAsync(outsider.Id, 1, 500_00, lastDaysAgo: 300, partnerId: other.Partner.Id, storeId: other.Store.Id);

        var result = await Database.Get<RecalculateSegments>().HandleAsync();

        Assert.Equal(10 + 1 + 11, result.Scored);
        var best = await ProfileAsync(members[9], Scenario.Partner.Id);
        Assert.Equal((5, 5, 5, RfmSegment.Champions), (best.Recency, best.Frequency, best.Monetary, best.Segment!.Value));
        var worst = await ProfileAsync(members[0], Scenario.Partner.Id);
        Assert.Equal((1, 1, 1, RfmSegment.Lost), (worst.Recency, worst.Frequency, worst.Monetary, worst.Segment!.Value));
        await using var db = Database.Open();
        Assert.False(await db.CustomerProfiles.AnyAsync(p => p.CustomerId == outsider.Id && p.PartnerId == Scenario.Partner.Id));
        // The lone outsider is everything at its partner: a single member ranks 0, so scores 1.
        var alone = await ProfileAsync(outsider.Id, other.Partner.Id);
        Assert.Equal(RfmSegment.Lost, alone.Segment);
        var sizes = await db.RfmSegmentSizes.Where(s => s.PartnerId == Scenario.Partner.Id).ToListAsync();
        Assert.Equal(10, sizes.Sum(s => s.Customers));
        Assert.Equal(11, await db.RfmSegmentSizes.Where(s => s.PartnerId == CustomerProfile.Coalition).SumAsync(s => s.Customers));
    }

    [Fact]
    public async Task RunningTwiceADay_KeepsOneHistory_AndTheNextDayRecordsTransitions()
    {
        var members = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            var member = await Scenario.RegisterAsync($"+7701555{i:D4}");
            members.Add(member.Id);
            await AddPurchasesAsync(member.Id, i, 1_000_00, lastDaysAgo: (5 - i) * 30 + 1);
        }
        var recalculate = Database.Get<RecalculateSegments>();
        await recalculate.HandleAsync();
        await recalculate.HandleAsync();

        await using (var db = Database.Open())
        {
            Assert.Equal(5, await db.RfmSegmentSizes.Where(s => s.PartnerId == Scenario.Partner.Id).SumAsync(s => s.Customers));
            Assert.Empty(await db.RfmTransitions.ToListAsync());
        }
        var before = (await ProfileAsync(members[0], Scenario.Partner.Id)).Segment;

        // The weakest member comes back big: tomorrow they move up.
        Database.Clock.Advance(TimeSpan.FromDays(1));
        await AddPurchasesAsync(members[0], 10, 50_000_00, lastDaysAgo: 0, everyDays: 1);
        await recalculate.HandleAsync();
        await recalculate.HandleAsync();

        var after = await ProfileAsync(members[0], Scenario.Partner.Id);
        Assert.NotEqual(before, after.Segment);
        Assert.Equal(before, after.PreviousSegment);
        await using (var db = Database.Open())
        {
            var moves = await db.RfmTransitions.Where(t => t.PartnerId == Scenario.Partner.Id && t.FromSegment == before && t.ToSegment == after.Segment).ToListAsync();
            Assert.Equal(1, Assert.Single(moves).Customers);
            Assert.Equal(2, await db.RfmSegmentSizes.Where(s => s.PartnerId == Scenario.Partner.Id).Select(s => s.Day).Distinct().CountAsync());
        }
    }

    private async Task<List<string>> ProfileRowsAsync()
    {
        await using var db = Database.Open();
        var rows = await db.CustomerProfiles.AsNoTracking().ToListAsync();
        // Favourites are a rebuild's (0068); everything else the increments must keep exactly.
        return rows.OrderBy(p => p.PartnerId).ThenBy(p => p.CustomerId).Select(p =>
            $"{p.PartnerId}/{p.CustomerId}: {p.Purchases30} {p.Spend30} {p.Purchases90} {p.Spend90} {p.Purchases365} {p.Spend365} " +
            $"{p.PurchasesTotal} {p.SpendTotal} {p.AverageTicket} {p.FirstPurchaseAt:O} {p.LastPurchaseAt:O} R{p.Recency}F{p.Frequency}M{p.Monetary} {p.Segment}").ToList();
    }

    [Fact]
    public async Task Increments_AndRolledWindows_EqualARebuild_AfterDaysOfPurchasesRefundsAndBackdatedReceipts()
    {
        var members = new List<Guid>();
        for (var i = 1; i <= 6; i++)
        {
            var member = await Scenario.RegisterAsync($"+7701556{i:D4}");
            members.Add(member.Id);
            // Receipts 25–35, 85–95 and 360–370 days old: the next weeks move them across every window edge.
            await AddPurchasesAsync(member.Id, 3, i * 1_000_00, lastDaysAgo: 25 + i, everyDays: 30);
            await AddPurchasesAsync(member.Id, 1, 7_000_00, lastDaysAgo: 360 + i);
        }
        var recalculate = Database.Get<RecalculateSegments>();
        Assert.True((await recalculate.HandleAsync()).Rebuilt);

        // Day 2: live sales (one refunded in part, one in full, one refunded the same day it was rung up), a refund of a
        // receipt already profiled, and a backdated receipt arriving late, as an import would.
        Database.Clock.Advance(TimeSpan.FromDays(1));
        var sale = (await Scenario.BuyAsync(members[0], 5_000m)).Body.TransactionId;
        var whole = (await Scenario.BuyAsync(members[1], 3_000m)).Body.TransactionId;
        await Scenario.RefundAsync(sale, 1_000m);
        await Scenario.RefundAsync(whole, 3_000m);
        Assert.Equal(2, (await Database.Get<UpdateCustomerProfiles>().HandleAsync()).Purchases);
        var later = (await Scenario.BuyAsync(members[2], 2_000m)).Body.TransactionId;
        await Scenario.RefundAsync(later, 2_000m);
        await Scenario.RefundAsync(sale, 4_000m);
        await using (var db = Database.Open())
        {
            var old = await db.Purchases.Where(p => p.CustomerId == members[3]).OrderByDescending(p => p.OccurredAt).Select(p => p.Id).FirstAsync();
            await Scenario.RefundAsync(old, 100m);
        }
        await AddPurchasesAsync(members[4], 1, 9_000_00, lastDaysAgo: 80);
        await recalculate.HandleAsync();

        // Weeks later, nothing bought: only the windows move.
        foreach (var days in new[] { 6, 30, 1 })
        {
            Database.Clock.Advance(TimeSpan.FromDays(days));
            await recalculate.HandleAsync();
        }
        await Scenario.BuyAsync(members[5], 1_500m);
        await Database.Get<UpdateCustomerProfiles>().HandleAsync();
        Database.Clock.Advance(TimeSpan.FromHours(1));
        await recalculate.HandleAsync();

        var kept = await ProfileRowsAsync();
        Assert.True((await recalculate.RebuildAsync()).Rebuilt);
        Assert.Equal(await ProfileRowsAsync(), kept);
        await using (var db = Database.Open())
        {
            Assert.Equal(0, await db.Purchases.CountAsync(p => p.ProfiledAt == null));
            Assert.Equal(0, await db.Refunds.CountAsync(r => r.ProfiledAt == null));
        }
    }

    [Fact]
    public async Task UpdateCustomerProfiles_TwiceInARow_AddsAReceiptOnce()
    {
        var dana = await Scenario.RegisterAsync("+77015557001");
        await AddPurchasesAsync(dana.Id, 1, 1_000_00, lastDaysAgo: 3);
        await Database.Get<RecalculateSegments>().HandleAsync();
        await Scenario.BuyAsync(dana.Id, 2_000m);

        var update = Database.Get<UpdateCustomerProfiles>();
        Assert.Equal(1, (await update.HandleAsync()).Purchases);
        Assert.Equal(0, (await update.HandleAsync()).Purchases);

        var profile = await ProfileAsync(dana.Id, CustomerProfile.Coalition);
        Assert.Equal((2, 3_000_00L), (profile.PurchasesTotal, profile.SpendTotal));
        Assert.Equal((2, 3_000_00L), (profile.Purchases30, profile.Spend30));
    }
}
