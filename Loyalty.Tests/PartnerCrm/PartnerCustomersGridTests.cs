using Loyalty.Core.Customers;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.PartnerCrm;

/// <summary>
/// The customers grid has two plans (0096): a big partner's pages come from an index walk or a ranking of its profiles,
/// a small partner's from the materialised set. Both must show the same customers in the same order on every page, and
/// the quick total (profiles + not yet profiled) must equal the set's size.
/// </summary>
public class PartnerCustomersGridTests : ScenarioTest
{
    private async Task<PartnerStaff> CoalitionAsync()
    {
        var other = await Scenario.CreateAsync(Database.Services);
        var names = new[] { "Aliya", "Bolat", "Dana", "Dana", "Erlan", "Farida", "Gulnar", "Nurlan", "Saule", "Timur", "Aigerim", "Madina" };
        for (var i = 0; i < names.Length; i++)
        {
            var member = await Scenario.RegisterAsync($"+7701555{i:D4}", names[i]);
            Database.Clock.Advance(TimeSpan.FromMinutes(1));
            if (i % 4 != 3) await Scenario.BuyAsync(member.Id, 100m * (i % 5 + 1));
            if (i % 3 == 0) await other.BuyAsync(member.Id, 70m);
            if (i % 4 == 3) await Database.Get<FollowPartner>().HandleAsync(member.Id, Scenario.Partner.Id, follow: true); // a subscriber only
        }
        // Profiles are rebuilt a week later; then two more members buy (in the grid, not yet in a profile).
        Database.Clock.Advance(TimeSpan.FromDays(7));
        await Database.Get<RecalculateSegments>().HandleAsync();
        foreach (var (phone, name) in new[] { ("+77015559001", "Yerlan"), ("+77015559002", "Zhanna") })
        {
            var late = await Scenario.RegisterAsync(phone, name);
            await Scenario.BuyAsync(late.Id, 50m);
            Database.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        await other.RegisterAsync("+77015559003", "Stranger");
        return PartnerStaff.Admin(Scenario.Partner.Id);
    }

    [Fact]
    public async Task BothPlans_GiveTheSamePages_InEverySortOrder_AndTheSameTotal()
    {
        var staff = await CoalitionAsync();
        var small = Database.Get<ListPartnerCustomers>();
        var big = new ListPartnerCustomers(Database.Dbs, Database.Clock) { WalkThreshold = 0 };

        var all = await small.HandleAsync(staff, new PartnerCustomerQuery(CustomerFilter.None, 0, 100));
        Assert.Equal(14, all.Total);
        Assert.Equal(14, all.Items.Count);
        Assert.DoesNotContain(all.Items, r => r.Name == "Stranger");

        foreach (var (sort, descending) in new (string?, bool)[] { (null, true), ("RegisteredAt", false), ("Name", false), ("Name", true), ("Spend", true), ("Spend", false),
                     ("LastPurchaseAt", true), ("LastPurchaseAt", false) })
        {
            var seen = new List<Guid>();
            for (var page = 0; page < 4; page++)
            {
                var query = new PartnerCustomerQuery(CustomerFilter.None, page, 4, sort, descending);
                var expected = await small.HandleAsync(staff, query);
                var actual = await big.HandleAsync(staff, query);
                Assert.Equal(expected.Total, actual.Total);
                Assert.Equal(expected.Items.Select(r => r.Id), actual.Items.Select(r => r.Id));
                seen.AddRange(actual.Items.Select(r => r.Id));
            }
            Assert.Equal(14, seen.Distinct().Count()); // every customer once across the pages, in either plan
        }

        var byName = new PartnerCustomerQuery(new CustomerFilter(Search: "dan"), 0, 10);
        Assert.Equal(2, (await big.HandleAsync(staff, byName)).Total);
        Assert.Equal((await small.HandleAsync(staff, byName)).Items.Select(r => r.Id), (await big.HandleAsync(staff, byName)).Items.Select(r => r.Id));
        var spenders = new CustomerFilter(Rules: new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.SpendTotal, RuleOperator.AtLeast, "300")]));
        var bySpend = new PartnerCustomerQuery(spenders, 0, 10, "Spend", true);
        Assert.Equal((await small.HandleAsync(staff, bySpend)).Items.Select(r => r.Id), (await big.HandleAsync(staff, bySpend)).Items.Select(r => r.Id));
    }

    [Fact]
    public async Task ThePagesSpend_ComesFromTheProfile_AndAPageBeyondTheEndIsEmpty()
    {
        var staff = await CoalitionAsync();
        var top = (await Database.Get<ListPartnerCustomers>().HandleAsync(staff, new PartnerCustomerQuery(CustomerFilter.None, 0, 3, "Spend", true))).Items;
        Assert.Equal(top.Select(r => r.Spend).OrderByDescending(s => s), top.Select(r => r.Spend));
        Assert.True(top[0].Spend > 0);
        var beyond = await Database.Get<ListPartnerCustomers>().HandleAsync(staff, new PartnerCustomerQuery(CustomerFilter.None, 50, 10));
        Assert.Empty(beyond.Items);
        Assert.Equal(14, beyond.Total);
    }
}
