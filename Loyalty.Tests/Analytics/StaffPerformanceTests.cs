using Loyalty.Core.Analytics;
using Loyalty.Core.Common;
using Loyalty.Core.Dashboard;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Pos;
using Loyalty.Core.Reviews;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Analytics;

/// <summary>Receipts name their cashier; tills report receipts without a card; staff performance and the card share follow (0150).</summary>
public class StaffPerformanceTests : ScenarioTest
{
    private AnalyticsQuery Last30(Guid? partner)
    {
        var to = Database.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        return new AnalyticsQuery(partner, to.AddDays(-30), to);
    }

    private Task<Idempotent<PurchaseReceipt>> BuyAsync(Guid customer, decimal amount, string? cashier) =>
        Database.Get<RecordPurchase>().HandleAsync(Scenario.Caller, Guid.NewGuid().ToString(),
            new PurchaseRequest(customer.ToString(), Guid.NewGuid().ToString("N")[..12], amount, 0, null, null, Cashier: cashier));

    private Task<Idempotent<AnonymousReceiptsRecorded>> CardlessAsync(int count, decimal amount, string? cashier, string? key = null) =>
        Database.Get<RecordAnonymousReceipts>().HandleAsync(Scenario.Caller, key ?? Guid.NewGuid().ToString(), new AnonymousReceiptsRequest(count, amount, cashier, null));

    [Fact]
    public async Task Purchase_RecordsTheTillsCashier_Trimmed()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        var receipt = await BuyAsync(member.Id, 1_000m, "  Anna K.  ");
        await using var db = Database.Open();
        Assert.Equal("Anna K.", await db.Purchases.Where(p => p.Id == receipt.Body.TransactionId).Select(p => p.Cashier).SingleAsync());
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Purchase_SameKeyWithAnotherCashier_IsRefused_AndWithoutCashierReplaysAsBefore()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        var request = new PurchaseRequest(member.Id.ToString(), "R-1", 1_000m, 0, null, null, Cashier: "Anna");
        var first = await Database.Get<RecordPurchase>().HandleAsync(Scenario.Caller, "key-1", request);
        var replay = await Database.Get<RecordPurchase>().HandleAsync(Scenario.Caller, "key-1", request);
        Assert.True(replay.Replayed);
        Assert.Equal(first.Body.TransactionId, replay.Body.TransactionId);
        var refused = await Assert.ThrowsAsync<DomainException>(() => Database.Get<RecordPurchase>().HandleAsync(Scenario.Caller, "key-1", request with { Cashier = "Boris" }));
        Assert.Equal("idempotency-key-reused", refused.Code);
    }

    [Fact]
    public async Task Purchase_CashierLongerThan64_IsAValidationError_AndNothingIsWritten()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        var error = await Assert.ThrowsAsync<ValidationException>(() => BuyAsync(member.Id, 1_000m, new string('x', 65)));
        Assert.Contains("cashier", error.Errors.Keys);
        Assert.Equal(0, (await Scenario.CountsAsync()).Purchases);
    }

    [Fact]
    public async Task CardlessReceipts_AreIdempotent_AndValidated()
    {
        var first = await CardlessAsync(3, 4_500m, "Anna", key: "shift-1");
        var replay = await CardlessAsync(3, 4_500m, "Anna", key: "shift-1");
        Assert.True(replay.Replayed);
        Assert.Equal(first.Body.Id, replay.Body.Id);
        var reused = await Assert.ThrowsAsync<DomainException>(() => CardlessAsync(4, 4_500m, "Anna", key: "shift-1"));
        Assert.Equal("idempotency-key-reused", reused.Code);
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => CardlessAsync(0, -1m, null));
        Assert.Equal(["amount", "count"], invalid.Errors.Keys.Order());
        await using var db = Database.Open();
        Assert.Equal((1, 3, 4_500_00L), (await db.AnonymousReceipts.CountAsync(), await db.AnonymousReceipts.SumAsync(r => r.Count), await db.AnonymousReceipts.SumAsync(r => r.Amount)));
    }

    [Fact]
    public async Task Staff_PerCashier_ServedCardShareTicketsAndTheRatingsOfTheirReceipts()
    {
        var aru = await Scenario.RegisterAsync("+77015550001", "Aru");
        var bek = await Scenario.RegisterAsync("+77015550002", "Bek");
        var anna1 = await BuyAsync(aru.Id, 1_000m, "Anna");
        var anna2 = await BuyAsync(bek.Id, 3_000m, "Anna");
        var boris = await BuyAsync(aru.Id, 500m, "Boris");
        await BuyAsync(bek.Id, 700m, null);
        await CardlessAsync(2, 1_000m, "Anna");
        await CardlessAsync(1, 300m, "Boris");
        await Database.Get<SubmitReview>().HandleAsync(aru.Id, anna1.Body.TransactionId, 5, "Quick and friendly");
        await Database.Get<SubmitReview>().HandleAsync(bek.Id, anna2.Body.TransactionId, 4, null);
        await Database.Get<SubmitReview>().HandleAsync(aru.Id, boris.Body.TransactionId, 2, "Slow");
        // Reviewed today, but about a receipt from before the period: Anna's rating for the period leaves it out (0230).
        var old = await BuyAsync(aru.Id, 800m, "Anna");
        await using (var db = Database.Open())
            await db.Purchases.Where(p => p.Id == old.Body.TransactionId).ExecuteUpdateAsync(p => p.SetProperty(x => x.OccurredAt, x => x.OccurredAt.AddDays(-45)));
        await Database.Get<SubmitReview>().HandleAsync(aru.Id, old.Body.TransactionId, 1, "Rude, back in the autumn");

        var rows = await Database.Get<GetStaffPerformance>().HandleAsync(Last30(Scenario.Partner.Id));

        Assert.Equal(["Anna", "Boris", null], rows.Select(r => r.Cashier));
        var anna = rows[0];
        Assert.Equal((4, 2, 2, 0.5), (anna.Served, anna.CardPurchases, anna.CardlessReceipts, anna.CardShare));
        Assert.Equal((2_000_00L, 500_00L), (anna.MemberTicket, anna.CardlessTicket));
        Assert.Equal((2, 4.5), (anna.Reviews, anna.AverageRating));
        Assert.Equal((2, 0.5, 1, 2.0), (rows[1].Served, rows[1].CardShare, rows[1].Reviews, rows[1].AverageRating));
        Assert.Equal((1, 1.0, 0, (double?)null), (rows[2].Served, rows[2].CardShare, rows[2].Reviews, rows[2].AverageRating));

        // Another partner sees none of it.
        Assert.Empty(await Database.Get<GetStaffPerformance>().HandleAsync(Last30(Guid.NewGuid())));
    }

    [Fact]
    public async Task Effectiveness_CardShareAndTicketWithoutACard_AreRealFiguresOnceTillsReport()
    {
        var aru = await Scenario.RegisterAsync("+77015550001");
        await BuyAsync(aru.Id, 1_000m, "Anna");
        var before = await Database.Get<GetProgramEffectiveness>().HandleAsync(Last30(Scenario.Partner.Id), "KZT");
        Assert.Null(before.CardShare); // nothing reported: unknown, not 100 %

        await CardlessAsync(3, 900m, "Anna");
        var e = await Database.Get<GetProgramEffectiveness>().HandleAsync(Last30(Scenario.Partner.Id), "KZT");
        Assert.Equal(0.25, e.CardShare);
        Assert.Equal(300_00, e.NonMemberAverageTicket);

        // The coalition's share counts only partners that report: a partner that never does cannot inflate it.
        var silent = await Scenario.CreateAsync(Database.Services);
        var bek = await silent.RegisterAsync("+77015550002");
        await silent.BuyAsync(bek.Id, 500m);
        var coalition = await Database.Get<GetProgramEffectiveness>().HandleAsync(Last30(null), "KZT");
        Assert.Equal(0.25, coalition.CardShare);
    }

    [Fact]
    public async Task Dashboard_ShowsOfferConversionAndCardShare_WithThePeriodBefore()
    {
        var staff = PartnerStaff.Admin(Scenario.Partner.Id);
        var empty = await Database.Get<GetPartnerDashboard>().HandleAsync(staff, 30);
        Assert.Null(empty.OfferConversionPercent);
        Assert.Null(empty.CardSharePercent);

        var aru = await Scenario.RegisterAsync("+77015550001");
        await BuyAsync(aru.Id, 1_000m, "Anna");
        await CardlessAsync(1, 100m, "Anna");
        var d = await Database.Get<GetPartnerDashboard>().HandleAsync(staff, 30);
        Assert.Equal(new Comparison(50m, 0m), d.CardSharePercent);
    }
}
