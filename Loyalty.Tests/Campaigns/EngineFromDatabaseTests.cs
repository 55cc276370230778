using Loyalty.Core.Analytics;
using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Pos;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Campaigns;

/// <summary>
/// What was only unit-tested, proved from a real SQLite database fed through the real till: A/B figures, LTV by segment and
/// cohort retention for small known data sets, cross-marketing certificates at the till, moving a draft on the calendar,
/// and the remaining triggers run twice.
/// </summary>
public class EngineFromDatabaseTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private async Task<Guid> LaunchAsync(CampaignForm form, Guid? owner)
    {
        var id = await Database.Get<SaveCampaign>().HandleAsync(owner, null, form);
        await Database.Get<ChangeCampaignStatus>().HandleAsync(owner, id, CampaignAction.Launch);
        return id;
    }

    private Task<Idempotent<PurchaseReceipt>> BuyAtAsync(Scenario at, Guid customer, decimal amount, string? certificate = null) =>
        Database.Get<RecordPurchase>().HandleAsync(at.Caller, Guid.NewGuid().ToString(),
            new PurchaseRequest(customer.ToString(), Guid.NewGuid().ToString("N")[..12], amount, 0, null, null, certificate));

    [Fact]
    public async Task AbTest_FromRealPurchases_GivesArmsControlUpliftAndInterval()
    {
        // The audience is a static segment of exactly four members in arm A and four in control: members are registered
        // until the campaign's own hash has put four in each, and only those eight join the segment.
        var segment = new Segment(Scenario.Partner.Id, "Audience", SegmentKind.Static, "{}", Now);
        await using (var db = Database.Open())
        {
            db.Segments.Add(segment);
            await db.SaveChangesAsync();
        }
        var id = await LaunchAsync(new CampaignForm("Double for the list", null, CampaignType.PurchaseBonus, Now.AddMinutes(-1), Now.AddDays(30),
            RewardKind.Multiplier, 2, SegmentId: segment.Id, ControlPercent: 50, ConversionDays: 14), Scenario.Partner.Id);
        List<Guid> armA = [], control = [];
        for (var i = 0; armA.Count < 4 || control.Count < 4; i++)
        {
            var member = await Scenario.RegisterAsync($"+770155{i:D5}");
            var arm = CampaignRules.Assign(id, member.Id, 50, hasVariantB: false) == TestArm.Control ? control : armA;
            if (arm.Count < 4) arm.Add(member.Id);
        }
        await using (var db = Database.Open())
            foreach (var m in armA.Concat(control))
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "SegmentMembers" ("SegmentId", "CustomerId") VALUES ({segment.Id}, {m})""");

        // Arm A: 1,000 and 2,500 − 500 refunded = 2,000, two non-buyers. Control: 500, three non-buyers; a purchase at
        // another partner counts for nobody (the campaign is the partner's).
        var other = await Scenario.CreateAsync(Database.Services);
        Assert.Equal(50m, (await Scenario.BuyAsync(armA[0], 1_000m)).Body.CampaignPoints); // A gets double points at the till (50 base + 50)
        var refunded = await Scenario.BuyAsync(armA[1], 2_500m);
        await Scenario.RefundAsync(refunded.Body.TransactionId, 500m);
        Assert.Equal(0m, (await Scenario.BuyAsync(control[0], 500m)).Body.CampaignPoints); // control is held out
        await BuyAtAsync(other, control[1], 9_000m);
        Database.Clock.Advance(TimeSpan.FromMinutes(1)); // results count purchases up to now, exclusive: let the frozen clock move

        var r = await Database.Get<GetCampaignResults>().HandleAsync(Scenario.Partner.Id, id);
        var a = Assert.Single(r.Arms, x => x.Variant == TestArm.A);
        var c = Assert.Single(r.Arms, x => x.Variant == TestArm.Control);
        Assert.Equal((4, 2, 3_000m), (a.Members, a.Conversions, a.Revenue));
        Assert.Equal((4, 1, 500m), (c.Members, c.Conversions, c.Revenue));
        Assert.Equal(750, a.RevenuePerMember, 6);
        Assert.Equal(125, c.RevenuePerMember, 6);
        Assert.Equal(916_666.666667, a.RevenueVariance, 3); // ((1000² + 2000²) − 4·750²) / 3
        Assert.Equal(62_500, c.RevenueVariance, 6);        // (500² − 4·125²) / 3

        // Conversion: 0.50 vs 0.25, SE = √(0.25/4 + 0.1875/4) = 0.330719, CI = 0.25 ± 1.959964·SE.
        var conversion = r.ConversionUplift!;
        Assert.Equal(0.25, conversion.Difference, 6);
        Assert.Equal(-0.398197, conversion.Low, 5);
        Assert.Equal(0.898197, conversion.High, 5);
        Assert.Equal(1.0, conversion.Relative!.Value, 6);
        Assert.False(conversion.Significant);
        // Revenue per member: 750 vs 125, SE = √(916,666.67/4 + 62,500/4) = 494.764, CI = 625 ± 969.72.
        var revenue = r.RevenueUplift!;
        Assert.Equal(625, revenue.Difference, 6);
        Assert.Equal(-344.72, revenue.Low, 1);
        Assert.Equal(1_594.72, revenue.High, 1);
        Assert.Equal(5.0, revenue.Relative!.Value, 6);
    }

    [Fact]
    public async Task LtvBySegment_AndCohortRetention_AreComputedFromThePurchases()
    {
        // Nov: A 1,000, B 4,000. Dec: A 2,000, C 600. Jan: B 1,000, C 600.
        var a = await Scenario.RegisterAsync("+77015551001", "A");
        var b = await Scenario.RegisterAsync("+77015551002", "B");
        var c = await Scenario.RegisterAsync("+77015551003", "C");
        var other = await Scenario.CreateAsync(Database.Services);
        await Scenario.BuyAsync(a.Id, 1_000m);
        await Scenario.BuyAsync(b.Id, 4_000m);
        await BuyAtAsync(other, c.Id, 7_000m); // not this partner's: neither its cohorts nor its profiles
        Database.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.Zero));
        await Scenario.BuyAsync(a.Id, 2_000m);
        await Scenario.BuyAsync(c.Id, 600m);
        Database.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 15, 10, 0, 0, TimeSpan.Zero));
        await Scenario.BuyAsync(b.Id, 1_000m);
        await Scenario.BuyAsync(c.Id, 600m);

        var cohorts = await Database.Get<GetCohortRetention>().HandleAsync(Scenario.Partner.Id, new DateTime(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(2, cohorts.Count);
        Assert.Equal((new DateTime(2026, 11, 1), 2), (cohorts[0].Month, cohorts[0].Members));
        Assert.Equal([1.0, 0.5, 0.5], cohorts[0].Retention);
        Assert.Equal((new DateTime(2026, 12, 1), 1), (cohorts[1].Month, cohorts[1].Members));
        Assert.Equal([1.0, 1.0], cohorts[1].Retention);

        await Database.Get<RecalculateSegments>().HandleAsync();
        var spend = new Dictionary<Guid, (long Spend, int Purchases)> { [a.Id] = (3_000_00, 2), [b.Id] = (5_000_00, 2), [c.Id] = (1_200_00, 2) };
        Dictionary<Guid, RfmSegment> segmentOf;
        await using (var db = Database.Open())
            segmentOf = await db.CustomerProfiles.Where(p => p.PartnerId == Scenario.Partner.Id && p.Segment != null).ToDictionaryAsync(p => p.CustomerId, p => p.Segment!.Value);
        Assert.Equal(3, segmentOf.Count);
        var ltv = await Database.Get<GetLtvBySegment>().HandleAsync(Scenario.Partner.Id);
        Assert.Equal(3, ltv.Sum(s => s.Members));
        foreach (var row in ltv)
        {
            var members = segmentOf.Where(x => x.Value == row.Segment).Select(x => spend[x.Key]).ToList();
            Assert.Equal(members.Count, row.Members);
            Assert.Equal(members.Sum(m => m.Spend), row.TotalSpend);
            Assert.Equal(members.Sum(m => m.Spend) / members.Count, row.AverageLtv);
            Assert.Equal(members.Sum(m => m.Spend) / members.Sum(m => m.Purchases), row.AverageTicket);
            Assert.Equal(2.0, row.AveragePurchases, 6);
        }
        Assert.Equal(9_200_00, ltv.Sum(s => s.TotalSpend)); // C's 7,000 at the other partner is not here
        Assert.Equal(16_200_00, (await Database.Get<GetLtvBySegment>().HandleAsync(null)).Sum(s => s.TotalSpend)); // the coalition has it

        // Lifetime values are the night's, like the segments they belong to (0250): a purchase shows after the next scoring.
        await Scenario.BuyAsync(a.Id, 500m);
        Assert.Equal(9_200_00, (await Database.Get<GetLtvBySegment>().HandleAsync(Scenario.Partner.Id)).Sum(s => s.TotalSpend));
        await Database.Get<RecalculateSegments>().HandleAsync();
        Assert.Equal(9_700_00, (await Database.Get<GetLtvBySegment>().HandleAsync(Scenario.Partner.Id)).Sum(s => s.TotalSpend));
    }

    [Fact]
    public async Task CrossMarketingCertificate_IssuedByAForBsCustomers_IsRedeemedOnceAtAsTill()
    {
        var partnerB = await Scenario.CreateAsync(Database.Services);
        var bsCustomer = await Scenario.RegisterAsync("+77015552001");
        var nobody = await Scenario.RegisterAsync("+77015552002");
        await BuyAtAsync(partnerB, bsCustomer.Id, 1_000m);

        var issued = await Database.Get<IssueCertificates>().HandleAsync(Scenario.Partner.Id,
            new CertificateIssue("Welcome from Test Mart", CertificateKind.Points, 1_000m, 10m, 15, AudiencePartnerId: partnerB.Partner.Id));
        Assert.Equal(1, issued.Count);
        string code;
        await using (var db = Database.Open())
        {
            var certificate = await db.Certificates.SingleAsync();
            Assert.Equal((bsCustomer.Id, Scenario.Partner.Id, CertificateSource.CrossMarketing), (certificate.CustomerId, certificate.IssuerPartnerId, certificate.Source));
            code = certificate.Code;
        }

        // At B's till it is refused (it is A's offer); at A's till it pays at most 10 % of the receipt, once.
        var atB = await Assert.ThrowsAsync<DomainException>(() => BuyAtAsync(partnerB, bsCustomer.Id, 5_000m, code));
        Assert.Equal("certificate-other-partner", atB.Code);
        var notTheirs = await Assert.ThrowsAsync<DomainException>(() => BuyAtAsync(Scenario, nobody.Id, 5_000m, code));
        Assert.Equal("certificate-not-found", notTheirs.Code);
        var receipt = (await BuyAtAsync(Scenario, bsCustomer.Id, 5_000m, code)).Body;
        Assert.Equal(500m, receipt.Certificate!.Discount);
        Assert.Equal(4_500m, receipt.AmountPaid);
        var again = await Assert.ThrowsAsync<DomainException>(() => BuyAtAsync(Scenario, bsCustomer.Id, 5_000m, code));
        Assert.Equal("certificate-used", again.Code);
        await using (var db = Database.Open())
        {
            var used = await db.Certificates.SingleAsync();
            Assert.NotNull(used.RedeemedAt);
            Assert.Equal(500_00, used.RedeemedAmount);
        }
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task RescheduleCampaign_MovesADraftKeepingItsLengthAndTime_ButNotARunningOne()
    {
        var start = new DateTime(2026, 12, 5, 9, 30, 0, DateTimeKind.Utc);
        var draft = await Database.Get<SaveCampaign>().HandleAsync(Scenario.Partner.Id, null,
            new CampaignForm("Winter sale", null, CampaignType.PurchaseBonus, start, start.AddDays(7), RewardKind.ExtraPercent, 2));
        var reschedule = Database.Get<RescheduleCampaign>();

        await reschedule.HandleAsync(Scenario.Partner.Id, draft, new DateTime(2026, 12, 20, 0, 0, 0, DateTimeKind.Utc));
        await using (var db = Database.Open())
        {
            var moved = await db.Campaigns.SingleAsync(c => c.Id == draft);
            Assert.Equal(new DateTime(2026, 12, 20, 9, 30, 0), moved.StartsAt);
            Assert.Equal(new DateTime(2026, 12, 27, 9, 30, 0), moved.EndsAt);
            Assert.Equal(CampaignStatus.Draft, moved.StatusAt(Now));
        }
        // A draft may be dropped on a past day (it is not live); another partner cannot move it.
        await reschedule.HandleAsync(Scenario.Partner.Id, draft, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
        var other = await Scenario.CreateAsync(Database.Services);
        Assert.Equal("campaign-not-found", (await Assert.ThrowsAsync<DomainException>(() => reschedule.HandleAsync(other.Partner.Id, draft, Now))).Code);

        var running = await LaunchAsync(new CampaignForm("Now on", null, CampaignType.PurchaseBonus, Now.AddDays(-1), Now.AddDays(5), RewardKind.ExtraPercent, 2), Scenario.Partner.Id);
        Assert.Equal("campaign-not-movable", (await Assert.ThrowsAsync<DomainException>(() => reschedule.HandleAsync(Scenario.Partner.Id, running, Now.AddDays(3)))).Code);
        var scheduled = await LaunchAsync(new CampaignForm("Later", null, CampaignType.PurchaseBonus, Now.AddDays(3), Now.AddDays(5), RewardKind.ExtraPercent, 2), Scenario.Partner.Id);
        Assert.Equal("campaign-in-past", (await Assert.ThrowsAsync<DomainException>(() => reschedule.HandleAsync(Scenario.Partner.Id, scheduled, Now.AddDays(-2)))).Code);
    }

    [Fact]
    public async Task ExpiryReminder_BrandSubscription_AndProfileCompletion_RunTwice_RewardOnce()
    {
        var member = await Scenario.RegisterAsync("+77015553001", "Aru");
        await Scenario.BuyAsync(member.Id, 1_000m);
        await LaunchAsync(new CampaignForm("Points expire soon", null, CampaignType.ExpiryReminder, Now.AddDays(-1), null, RewardKind.FixedPoints, 0, TriggerDays: 7), Scenario.Partner.Id);
        await LaunchAsync(new CampaignForm("Thanks for following", null, CampaignType.BrandSubscription, Now.AddDays(-1), null, RewardKind.FixedPoints, 300m), Scenario.Partner.Id);
        await LaunchAsync(new CampaignForm("Complete your profile", null, CampaignType.ProfileCompletion, Now.AddDays(-1), null, RewardKind.FixedPoints, 200m), Scenario.Partner.Id);

        await Database.Get<FollowPartner>().HandleAsync(member.Id, Scenario.Partner.Id, follow: true);
        await using (var db = Database.Open())
            await db.Customers.Where(c => c.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastName, "Sarsen").SetProperty(c => c.Email, "aru@example.com")
                .SetProperty(c => c.BirthDate, new DateOnly(1991, 3, 4)).SetProperty(c => c.City, "Almaty"));
        // The welcome bonus expires in 90 days: three days before, the reminder is due.
        DateTime expires;
        await using (var db = Database.Open())
            expires = await db.PointLots.Where(l => l.Remaining > 0).MinAsync(l => l.ExpiresAt);
        Database.Clock.SetUtcNow(new DateTimeOffset(expires.AddDays(-3), TimeSpan.Zero));

        var balance = await Scenario.BalanceAsync(member.Id);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Database.Get<RunCampaignTriggers>().HandleAsync())));
        var last = await Database.Get<RunCampaignTriggers>().HandleAsync();

        Assert.Equal(3, runs.Sum(r => r.Rewarded)); // one reminder, one subscription reward, one profile reward
        Assert.Equal(0, last.Rewarded);
        Assert.Equal(balance + 300_00 + 200_00, await Scenario.BalanceAsync(member.Id));
        await using (var check = Database.Open())
        {
            Assert.Equal(3, await check.CampaignRewards.CountAsync(r => r.CustomerId == member.Id));
            Assert.Equal(1, await check.OutgoingMessages.CountAsync(m => m.CustomerId == member.Id && m.Body != null && m.Body.Contains("expire soon")));
        }
        await Scenario.AssertLedgerHealthyAsync();
    }
}
