using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Campaigns;

/// <summary>Campaigns and certificates in the till's quote, purchase and refund, on a real SQLite database.</summary>
public class CampaignPosTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private async Task<Guid> LaunchAsync(CampaignForm form, Guid? owner = null)
    {
        var id = await Database.Get<SaveCampaign>().HandleAsync(owner ?? Scenario.Partner.Id, null, form);
        await Database.Get<ChangeCampaignStatus>().HandleAsync(owner ?? Scenario.Partner.Id, id, CampaignAction.Launch);
        return id;
    }

    private CampaignForm Bonus(RewardKind kind, decimal value, string name = "Autumn bonus") =>
        new(name, null, CampaignType.PurchaseBonus, Now.AddDays(-1), Now.AddDays(30), kind, value);

    private Task<PurchaseQuote> QuoteAsync(Guid customer, decimal amount, string? certificate = null) =>
        Database.Get<QuotePurchase>().HandleAsync(Scenario.Caller, new PurchaseRequest(customer.ToString(), null, amount, 0, null, null, certificate));

    private Task<Idempotent<PurchaseReceipt>> BuyAsync(Guid customer, decimal amount, string? certificate = null) =>
        Database.Get<RecordPurchase>().HandleAsync(Scenario.Caller, Guid.NewGuid().ToString(),
            new PurchaseRequest(customer.ToString(), Guid.NewGuid().ToString("N")[..12], amount, 0, null, null, certificate));

    [Fact]
    public async Task ABonus_ShowsInTheQuote_IsCreditedWithItsReason_AndARefundTakesItBackProportionally()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        await LaunchAsync(Bonus(RewardKind.ExtraPercent, 3));

        var quote = await QuoteAsync(member.Id, 1_000m);
        Assert.Equal(50m, quote.EarnedPoints);
        Assert.Equal(30m, quote.CampaignPoints);
        Assert.Equal("Autumn bonus", Assert.Single(quote.Bonuses!).Campaign);

        var receipt = (await BuyAsync(member.Id, 1_000m)).Body;
        Assert.Equal(30m, receipt.CampaignPoints);
        Assert.Equal(5_000m + 50m + 30m, receipt.Balances.Main);
        await using (var db = Database.Open())
        {
            var transfer = await db.Transfers.SingleAsync(t => t.Reason == CampaignReasons.PurchaseBonus);
            Assert.Equal($"Bonus “Autumn bonus” at {Scenario.Partner.Name}", transfer.Description);
        }

        var refund = (await Scenario.RefundAsync(receipt.TransactionId, 500m)).Body;
        Assert.Equal(25m + 15m, refund.ReversedPoints);
        await Scenario.RefundAsync(receipt.TransactionId, 500m);
        Assert.Equal(Scenario.WelcomeBonus, await Scenario.BalanceAsync(member.Id));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task DoublePointsForASegment_GoOnlyToItsMembers()
    {
        var champion = await Scenario.RegisterAsync("+77015550001");
        var other = await Scenario.RegisterAsync("+77015550002");
        var segment = new Segment(Scenario.Partner.Id, "Champions", SegmentKind.Static, "{}", Now);
        await using (var db = Database.Open())
        {
            db.Segments.Add(segment);
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "SegmentMembers" ("SegmentId", "CustomerId") VALUES ({segment.Id}, {champion.Id})""");
        }
        await LaunchAsync(Bonus(RewardKind.Multiplier, 2, "Double points for champions") with { SegmentId = segment.Id });

        Assert.Equal(50m, (await BuyAsync(champion.Id, 1_000m)).Body.CampaignPoints);
        Assert.Equal(0m, (await BuyAsync(other.Id, 1_000m)).Body.CampaignPoints);
    }

    [Fact]
    public async Task TheBudget_HoldsUnderConcurrentPurchases()
    {
        var members = new List<Guid>();
        for (var i = 0; i < 12; i++) members.Add((await Scenario.RegisterAsync($"+7701555{i:0000}")).Id);
        var id = await LaunchAsync(Bonus(RewardKind.FixedPoints, 30) with { BudgetPoints = 100 });

        var receipts = await Task.WhenAll(members.Select(m => Task.Run(() => BuyAsync(m, 100m))));

        Assert.Equal(3, receipts.Count(r => r.Body.CampaignPoints == 30m));
        await using var db = Database.Open();
        Assert.Equal(90_00, await db.Campaigns.Where(c => c.Id == id).Select(c => c.SpentPoints).SingleAsync());
        Assert.Equal(3, await db.CampaignRewards.CountAsync());
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task ThePerMemberLimit_HoldsUnderConcurrentPurchases()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        await LaunchAsync(Bonus(RewardKind.FixedPoints, 10) with { PerCustomerLimit = 2 });

        var receipts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => BuyAsync(member.Id, 100m))));

        Assert.Equal(2, receipts.Count(r => r.Body.CampaignPoints == 10m));
        await using var db = Database.Open();
        Assert.Equal(2, await db.CampaignRewards.CountAsync(r => r.CustomerId == member.Id));
    }

    [Fact]
    public async Task APausedCampaign_GivesNothing()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        var id = await LaunchAsync(Bonus(RewardKind.FixedPoints, 10));
        await Database.Get<ChangeCampaignStatus>().HandleAsync(Scenario.Partner.Id, id, CampaignAction.Pause);
        Assert.Equal(0m, (await BuyAsync(member.Id, 100m)).Body.CampaignPoints);
    }

    [Fact]
    public async Task ACertificate_IsCappedAtItsShare_ShownInTheQuote_AndUsedExactlyOnceUnderConcurrency()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        var issued = await Database.Get<IssueCertificates>().HandleAsync(Scenario.Partner.Id,
            new CertificateIssue("Birthday gift", CertificateKind.Points, 1_000m, 7m, 15, Phone: "+77015550001"));
        var code = issued.Code!;

        var quote = await QuoteAsync(member.Id, 10_000m, code.ToLowerInvariant());
        Assert.Equal(700m, quote.Certificate!.Discount); // 1,000 points, but at most 7 % of 10,000
        Assert.Equal(9_300m, quote.AmountToPay);
        Assert.Equal(465m, quote.EarnedPoints); // 5 % of what is paid in money

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try { return (await BuyAsync(member.Id, 10_000m, code)).Body; }
            catch (DomainException e) when (e.Code == "certificate-used") { return null; }
        })));

        var used = Assert.Single(attempts, a => a is not null)!;
        Assert.Equal(700m, used.Certificate!.Discount);
        await using var db = Database.Open();
        var certificate = await db.Certificates.SingleAsync();
        Assert.Equal(used.TransactionId, certificate.PurchaseId);
        Assert.Equal(1, await db.Purchases.CountAsync());
        await Scenario.AssertLedgerHealthyAsync();

        // The receipt it paid counts once as certificate revenue in its period, for the partner and the coalition, and not before.
        var to = Database.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        var effectiveness = Database.Get<Loyalty.Core.Analytics.GetProgramEffectiveness>();
        Assert.Equal(10_000_00L, (await effectiveness.HandleAsync(new(Scenario.Partner.Id, to.AddDays(-30), to), "KZT")).CertificateRevenue);
        Assert.Equal(10_000_00L, (await effectiveness.HandleAsync(new(null, to.AddDays(-30), to), "KZT")).CertificateRevenue);
        Assert.Equal(0, (await effectiveness.HandleAsync(new(Scenario.Partner.Id, to.AddDays(-60), to.AddDays(-30)), "KZT")).CertificateRevenue);
    }

    [Fact]
    public async Task ACertificate_OfAnotherMemberOrPartner_OrExpired_IsRefused()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        var stranger = await Scenario.RegisterAsync("+77015550002");
        var code = (await Database.Get<IssueCertificates>().HandleAsync(Scenario.Partner.Id,
            new CertificateIssue("Gift", CertificateKind.Percent, 10m, 0m, 15, Phone: "+77015550001"))).Code!;

        Assert.Equal("certificate-not-found", (await Assert.ThrowsAsync<DomainException>(() => QuoteAsync(stranger.Id, 100m, code))).Code);
        Assert.Equal(10m, (await QuoteAsync(member.Id, 100m, code)).Certificate!.Discount);
        Database.Clock.Advance(TimeSpan.FromDays(16));
        Assert.Equal("certificate-expired", (await Assert.ThrowsAsync<DomainException>(() => QuoteAsync(member.Id, 100m, code))).Code);
    }
}
