using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Loyalty.Core.Purchases;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Segments;

/// <summary>Rules run as SQL on real SQLite: estimate, membership, mailing audience, imported groups.</summary>
public class DynamicSegmentTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private async Task BuyAtAsync(Guid customerId, long amount, int daysAgo, string category, Guid? partnerId = null, Guid? storeId = null)
    {
        await using var db = Database.Open();
        db.Purchases.Add(new Purchase(partnerId ?? Scenario.Partner.Id, storeId ?? Scenario.Store.Id, null, customerId, Guid.NewGuid().ToString("N")[..12],
            amount, "KZT", Now.AddDays(-daysAgo), [new PurchaseItem("SKU-" + category, category, category, 1, amount)]));
        await db.SaveChangesAsync();
    }

    private async Task SetCityAsync(Guid customerId, string city)
    {
        await using var db = Database.Open();
        await db.Customers.Where(c => c.Id == customerId).ExecuteUpdateAsync(s => s.SetProperty(c => c.City, city));
    }

    [Fact]
    public async Task Rules_CountAndFill_FromProfilesAndPurchases_WithAndOr()
    {
        var big = await Scenario.RegisterAsync("+77015550001");
        var dairy = await Scenario.RegisterAsync("+77015550002");
        var idle = await Scenario.RegisterAsync("+77015550003");
        await BuyAtAsync(big.Id, 100_000_00, 5, "Electronics");
        await BuyAtAsync(dairy.Id, 2_000_00, 10, "Dairy");
        await BuyAtAsync(idle.Id, 3_000_00, 200, "Dairy");
        await SetCityAsync(idle.Id, "Astana");
        await Database.Get<RecalculateSegments>().HandleAsync();

        var bigOrRecentDairy = new SegmentRules(RuleCombine.Any,
            [new SegmentCondition(SegmentField.Spend90, RuleOperator.AtLeast, "50000")],
            [new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.BoughtCategory, RuleOperator.Equals, "Dairy", 30)])]);
        var owner = Scenario.Partner.Id;
        Assert.Equal(2, await Database.Get<EstimateSegment>().HandleAsync(owner, bigOrRecentDairy));

        var lapsed = new SegmentRules(RuleCombine.All,
            [new SegmentCondition(SegmentField.DaysSinceLastPurchase, RuleOperator.AtLeast, "90"), new SegmentCondition(SegmentField.City, RuleOperator.Equals, "Astana")]);
        var id = await Database.Get<SaveSegment>().HandleAsync(owner, null, new SegmentForm("Lapsed in Astana", lapsed));
        await using var db = Database.Open();
        Assert.Equal([idle.Id], await db.SegmentMembers.Where(m => m.SegmentId == id).Select(m => m.CustomerId).ToListAsync());
        Assert.Equal(1, (await db.Segments.SingleAsync(s => s.Id == id)).Members);
    }

    [Fact]
    public async Task RfmSegmentRule_PicksTheScoredMembers()
    {
        var members = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            var m = await Scenario.RegisterAsync($"+7701555{i:D4}");
            members.Add(m.Id);
            for (var n = 0; n < i; n++) await BuyAtAsync(m.Id, i * 10_000_00, (5 - i) * 40 + n, "Dairy");
        }
        await Database.Get<RecalculateSegments>().HandleAsync();
        var rules = new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.RfmSegment, RuleOperator.Equals, nameof(RfmSegment.Champions))]);
        Assert.Equal(1, await Database.Get<EstimateSegment>().HandleAsync(Scenario.Partner.Id, rules));
    }

    [Fact]
    public async Task PartnerSegment_ReachesOnlyThePartnersMembers_AndOnlyItsOwnerCanMailIt()
    {
        var mine = await Scenario.RegisterAsync("+77015550001");
        var theirs = await Scenario.RegisterAsync("+77015550002");
        var other = await Scenario.CreateAsync(Database.Services);
        await BuyAtAsync(mine.Id, 1_000_00, 3, "Dairy");
        await BuyAtAsync(theirs.Id, 1_000_00, 3, "Dairy", other.Partner.Id, other.Store.Id);

        var id = await Database.Get<SaveSegment>().HandleAsync(Scenario.Partner.Id, null, new SegmentForm("Everyone of mine", SegmentRules.Everyone));
        var audience = new AudienceDefinition(AudienceKind.Segment, SegmentId: id);
        Assert.Equal(1, await Database.Get<EstimateAudience>().HandleAsync(Scenario.Partner.Id, MessageChannel.InApp, audience));
        // Another partner naming this segment's id reaches nobody; so does the operator.
        Assert.Equal(0, await Database.Get<EstimateAudience>().HandleAsync(other.Partner.Id, MessageChannel.InApp, audience));
        Assert.Equal(0, await Database.Get<EstimateAudience>().HandleAsync(null, MessageChannel.InApp, audience));
        await Assert.ThrowsAsync<DomainException>(() => Database.Get<SaveSegment>().HandleAsync(other.Partner.Id, id, new SegmentForm("Stolen", SegmentRules.Everyone)));
        await Assert.ThrowsAsync<DomainException>(() => Database.Get<DeleteSegment>().HandleAsync(other.Partner.Id, id));
    }

    [Fact]
    public async Task ImportedGroup_MatchesPhonesAndCards_AndReportsTheRest()
    {
        var dana = await Scenario.RegisterAsync("+77015550001");
        var aliya = await Scenario.RegisterAsync("+77015550002");
        var card = new Card(CardNumber.Complete("642000000000001"), Now);
        card.LinkTo(aliya.Id, Now);
        await using (var db = Database.Open())
        {
            db.Cards.Add(card);
            await db.SaveChangesAsync();
        }

        var result = await Database.Get<ImportStaticGroup>().HandleAsync(null, "VIP list",
            ["8 701 555 0001", card.Number, "+77015559999", "not a phone", "+7 701 555 00 01"], "KZ");

        Assert.Equal(5, result.Rows);
        Assert.Equal(2, result.Matched);
        Assert.Equal(["+77015559999", "not a phone"], result.NotFound.Order().ToArray());
        Assert.Equal(2, await Database.Get<EstimateAudience>().HandleAsync(null, MessageChannel.InApp, new AudienceDefinition(AudienceKind.Segment, SegmentId: result.SegmentId)));
    }

    [Fact]
    public async Task RefreshingTwice_GivesTheSameMembers()
    {
        var dana = await Scenario.RegisterAsync("+77015550001");
        await BuyAtAsync(dana.Id, 1_000_00, 3, "Dairy");
        var rules = new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.BoughtCategory, RuleOperator.Equals, "Dairy")]);
        var id = await Database.Get<SaveSegment>().HandleAsync(null, null, new SegmentForm("Dairy buyers", rules));
        await Database.Get<RefreshSegments>().HandleAsync();
        await Database.Get<RefreshSegments>().HandleAsync();
        await using var db = Database.Open();
        Assert.Equal(1, await db.SegmentMembers.CountAsync(m => m.SegmentId == id));
    }

    [Fact]
    public async Task WindowedAverageTicket_BrandSubscription_AndTags_AreRules()
    {
        var regular = await Scenario.RegisterAsync("+77015558001");
        var follower = await Scenario.RegisterAsync("+77015558002");
        await BuyAtAsync(regular.Id, 1_000_00, 5, "Dairy");
        await BuyAtAsync(regular.Id, 3_000_00, 10, "Dairy");
        await BuyAtAsync(regular.Id, 50_000_00, 200, "Electronics"); // outside 90 days: lifts only the 12-month average
        await BuyAtAsync(follower.Id, 9_000_00, 300, "Dairy");
        await Database.Get<FollowPartner>().HandleAsync(follower.Id, Scenario.Partner.Id, true);
        await using (var db = Database.Open())
        {
            db.CustomerTags.Add(new Loyalty.Core.PartnerCrm.CustomerTag(Scenario.Partner.Id, regular.Id, "VIP", Now));
            await db.SaveChangesAsync();
        }
        await Database.Get<RecalculateSegments>().HandleAsync();
        var estimate = Database.Get<EstimateSegment>();
        var owner = Scenario.Partner.Id;

        Task<int> CountAsync(SegmentField field, RuleOperator op, string value) =>
            estimate.HandleAsync(owner, new SegmentRules(RuleCombine.All, [new SegmentCondition(field, op, value)]));

        Assert.Equal(1, await CountAsync(SegmentField.AverageTicket90, RuleOperator.Equals, "2000"));     // regular: (1,000 + 3,000) / 2
        Assert.Equal(0, await CountAsync(SegmentField.AverageTicket90, RuleOperator.AtLeast, "2001"));
        Assert.Equal(1, await CountAsync(SegmentField.AverageTicket365, RuleOperator.AtLeast, "18000")); // regular: 54,000 / 3
        Assert.Equal(1, await CountAsync(SegmentField.SubscribedToBrand, RuleOperator.Equals, "yes"));
        Assert.Equal(1, await CountAsync(SegmentField.Tag, RuleOperator.Equals, " vip "));
        Assert.Equal(1, await CountAsync(SegmentField.Tag, RuleOperator.NotEquals, "vip"));
        // The coalition's segment sees tags set by any partner.
        Assert.Equal(1, await estimate.HandleAsync(null, new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.Tag, RuleOperator.Equals, "VIP")])));
    }
}
