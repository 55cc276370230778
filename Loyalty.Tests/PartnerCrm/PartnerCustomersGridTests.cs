using Loyalty.Core.Customers;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Pos;
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
            // Every other buyer's receipt has a drink on it, for the purchase-history rules.
            var items = i % 2 == 0 ? new[] { new PurchaseItemRequest("SKU-1", "Water", "Drinks", 1, 100m * (i % 5 + 1)) } : null;
            if (i % 4 != 3) await Scenario.BuyAsync(member.Id, 100m * (i % 5 + 1), items: items);
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

    /// <summary>
    /// Rules that imply a profile range start from it (0130). Every rule type, AND and OR, nested groups and "not" forms
    /// must give exactly the rows the plain plan gives; the cases marked driven prove the range plan was really taken.
    /// </summary>
    [Fact]
    public async Task RulesStartedFromAProfileRange_GiveTheSameRows_AsThePlainPlan()
    {
        var staff = await CoalitionAsync();
        await using (var db = Database.Open())
        {
            var i = 0;
            foreach (var c in db.Customers.OrderBy(c => c.Phone))
            {
                c.City = i % 2 == 0 ? "Almaty" : i % 3 == 0 ? "Astana" : null;
                c.Gender = i % 3 == 0 ? Gender.Female : Gender.Male;
                i++;
            }
            await db.SaveChangesAsync();
        }
        var driven = Database.Get<ListPartnerCustomers>();
        var plain = new ListPartnerCustomers(Database.Dbs, Database.Clock) { UseProfileDriver = false, OnePassRules = false };
        // An indexed range read as a filter of the key-order walk, as for a broad range on a big partner (0280).
        var walked = new ListPartnerCustomers(Database.Dbs, Database.Clock) { NarrowIndexRange = 0 };
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        SegmentCondition C(SegmentField f, RuleOperator o, string v, int? days = null) => new(f, o, v, days);
        var almaty = C(SegmentField.City, RuleOperator.Equals, "Almaty");
        var cases = new (SegmentRules Rules, bool Driven)[]
        {
            (new(RuleCombine.All, [C(SegmentField.Spend365, RuleOperator.AtLeast, "200"), almaty]), true),
            (new(RuleCombine.All, [C(SegmentField.Spend365, RuleOperator.AtLeast, "0"), almaty]), false),
            (new(RuleCombine.All, [C(SegmentField.Spend365, RuleOperator.AtMost, "300")]), false),
            (new(RuleCombine.All, [C(SegmentField.SpendTotal, RuleOperator.Equals, "300")]), true),
            (new(RuleCombine.All, [C(SegmentField.Spend30, RuleOperator.AtLeast, "100")]), true),
            (new(RuleCombine.All, [C(SegmentField.Spend90, RuleOperator.AtLeast, "150"), C(SegmentField.Gender, RuleOperator.Equals, "Female")]), true),
            (new(RuleCombine.All, [C(SegmentField.Purchases365, RuleOperator.AtLeast, "1"), C(SegmentField.City, RuleOperator.NotEquals, "Almaty")]), true),
            (new(RuleCombine.All, [C(SegmentField.PurchasesTotal, RuleOperator.Equals, "1")]), true),
            (new(RuleCombine.All, [C(SegmentField.Purchases30, RuleOperator.AtLeast, "0")]), false),
            (new(RuleCombine.All, [C(SegmentField.AverageTicket, RuleOperator.AtLeast, "250")]), true),
            (new(RuleCombine.All, [C(SegmentField.AverageTicket365, RuleOperator.AtLeast, "250")]), true),
            (new(RuleCombine.All, [C(SegmentField.AverageTicket90, RuleOperator.AtMost, "250")]), false),
            (new(RuleCombine.All, [C(SegmentField.DaysSinceLastPurchase, RuleOperator.AtMost, "30")]), true),
            (new(RuleCombine.All, [C(SegmentField.DaysSinceLastPurchase, RuleOperator.AtMost, "36500")]), false),
            (new(RuleCombine.All, [C(SegmentField.DaysSinceLastPurchase, RuleOperator.AtLeast, "3")]), false),
            (new(RuleCombine.All, [C(SegmentField.RfmSegment, RuleOperator.Equals, "New"), almaty]), true),
            (new(RuleCombine.All, [C(SegmentField.RfmSegment, RuleOperator.NotEquals, "New")]), false),
            (new(RuleCombine.All, [C(SegmentField.FavouriteCategory, RuleOperator.Equals, "Groceries")]), true),
            // One condition under OR is still implied; two are not.
            (new(RuleCombine.Any, [C(SegmentField.Spend365, RuleOperator.AtLeast, "300")]), true),
            (new(RuleCombine.Any, [C(SegmentField.Spend365, RuleOperator.AtLeast, "400"), almaty]), false),
            // Nested groups are applied in full on top of the driving range.
            (new(RuleCombine.All, [C(SegmentField.SpendTotal, RuleOperator.AtLeast, "100")],
                [new(RuleCombine.Any, [almaty, C(SegmentField.Gender, RuleOperator.Equals, "Female")])]), true),
            (new(RuleCombine.All, [C(SegmentField.Spend365, RuleOperator.AtLeast, "100"), C(SegmentField.SubscribedToBrand, RuleOperator.Equals, "false"),
                C(SegmentField.DaysSinceRegistration, RuleOperator.AtMost, "30"), C(SegmentField.Age, RuleOperator.AtMost, "120")]), true),
            (new(RuleCombine.All, [almaty]), false),
            (new(RuleCombine.All, [C(SegmentField.Gender, RuleOperator.Equals, "Male")]), false),
            (new(RuleCombine.All, [C(SegmentField.AverageTicket30, RuleOperator.AtMost, "250")]), false),
            (new(RuleCombine.All, [C(SegmentField.RfmSegment, RuleOperator.Equals, "New")], [new(RuleCombine.Any, [almaty, C(SegmentField.Spend30, RuleOperator.AtMost, "150")])]), true),
            // Purchase history at the partner: the window's buyers drive; "not" forms and other partners' receipts do not.
            (new(RuleCombine.All, [C(SegmentField.BoughtCategory, RuleOperator.Equals, "Drinks", 30)]), true),
            (new(RuleCombine.All, [C(SegmentField.BoughtSku, RuleOperator.Equals, "SKU-1"), C(SegmentField.Gender, RuleOperator.Equals, "Female")]), true),
            (new(RuleCombine.All, [C(SegmentField.BoughtCategory, RuleOperator.NotEquals, "Drinks", 30)]), false),
            (new(RuleCombine.All, [C(SegmentField.VisitedStore, RuleOperator.Equals, Scenario.Store.Id.ToString(), 30), almaty]), true),
            (new(RuleCombine.All, [C(SegmentField.VisitedStore, RuleOperator.NotEquals, Scenario.Store.Id.ToString())]), false),
        };
        var nonEmpty = 0;
        foreach (var (rules, isDriven) in cases)
        {
            Assert.Equal(isDriven, SegmentSql.ProfileDriver(rules, staff.PartnerId, now) is not null);
            foreach (var (sort, descending, page, size) in new (string?, bool, int, int)[] { (null, true, 0, 100), ("Spend", true, 0, 100), ("Name", false, 0, 100),
                         ("LastPurchaseAt", false, 1, 2), ("Spend", false, 1, 3), ("RegisteredAt", false, 0, 100), ("Name", true, 40, 5) })
            {
                var query = new PartnerCustomerQuery(new CustomerFilter(Rules: rules), page, size, sort, descending);
                var expected = await plain.HandleAsync(staff, query);
                var actual = await driven.HandleAsync(staff, query);
                Assert.True(expected.Total == actual.Total, $"{rules.ToJson()}: {actual.Total} rows instead of {expected.Total}");
                Assert.Equal(expected.Items.Select(r => r.Id), actual.Items.Select(r => r.Id));
                var byWalk = await walked.HandleAsync(staff, query);
                Assert.True(expected.Total == byWalk.Total, $"{rules.ToJson()} walked: {byWalk.Total} rows instead of {expected.Total}");
                Assert.Equal(expected.Items.Select(r => r.Id), byWalk.Items.Select(r => r.Id));
            }
            if ((await driven.HandleAsync(staff, new PartnerCustomerQuery(new CustomerFilter(Rules: rules), 0, 1))).Total > 0) nonEmpty++;
        }
        Assert.True(nonEmpty >= cases.Length / 2, $"only {nonEmpty} of {cases.Length} rule sets matched anyone: the comparison proves little");
    }

    [Theory]
    [InlineData("0003")]
    [InlineData("3")]
    [InlineData("9")]
    [InlineData("99")]
    [InlineData("09")]
    [InlineData("5559001")]
    [InlineData("555 0001")]
    [InlineData("1234")]
    public async Task APhoneEnding_FindsExactlyTheCustomersWhoseNumberEndsSo(string typed)
    {
        var staff = await CoalitionAsync();
        var list = Database.Get<ListPartnerCustomers>();
        var everyone = (await list.HandleAsync(staff, new PartnerCustomerQuery(CustomerFilter.None, 0, 100))).Items.Select(r => r.Id).ToHashSet();
        var digits = new string(typed.Where(char.IsDigit).ToArray());
        await using var db = Database.Open();
        var expected = db.Customers.Where(c => everyone.Contains(c.Id)).AsEnumerable().Where(c => c.Phone.EndsWith(digits)).Select(c => c.Id).Order().ToList();

        var found = await list.HandleAsync(staff, new PartnerCustomerQuery(new CustomerFilter(Search: typed), 0, 100));

        Assert.Equal(expected, found.Items.Select(r => r.Id).Order().ToList());
        Assert.Equal(expected.Count, found.Total);
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
