using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Dashboard;
using Loyalty.Core.Identity;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Pos;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.PartnerCrm;

/// <summary>
/// Partner A's staff cannot see or change partner B's data through any cabinet use case, whatever ids they pass in
/// (an id from B's URL answers "not found", exactly like an id that does not exist), and each role reaches only its area.
/// </summary>
public class PartnerIsolationTests : ScenarioTest, IAsyncLifetime
{
    private Scenario _b = default!;
    private Customer _ours = default!;
    private Customer _theirs = default!;
    private PartnerStaff _admin = default!;
    private PartnerStaff _adminB = default!;

    private async Task SetUpAsync()
    {
        await base.InitializeAsync();
        _b = await Scenario.CreateAsync(Database.Services);
        _ours = await Scenario.RegisterAsync("+77015550101", "Aliya");
        _theirs = await Scenario.RegisterAsync("+77015550202", "Bolat");
        await Scenario.BuyAsync(_ours.Id, 1000m);
        await _b.BuyAsync(_theirs.Id, 2000m);
        _admin = PartnerStaff.Admin(Scenario.Partner.Id, "a@test");
        _adminB = PartnerStaff.Admin(_b.Partner.Id, "b@test");
    }

    Task IAsyncLifetime.InitializeAsync() => SetUpAsync();

    private Task<Loyalty.Core.Customers.Page<PartnerCustomerRow>> GridAsync(PartnerStaff staff, CustomerFilter? filter = null) =>
        Database.Get<ListPartnerCustomers>().HandleAsync(staff, new PartnerCustomerQuery(filter ?? CustomerFilter.None, 0, 50));

    [Fact]
    public async Task CustomersGrid_ShowsOnlyTheCallersCustomers_EvenWhenSearchingForAnotherPartnersMember()
    {
        var page = await GridAsync(_admin);
        Assert.Equal([_ours.Id], page.Items.Select(r => r.Id));
        Assert.Equal(1, page.Total);
        Assert.Empty((await GridAsync(_admin, new CustomerFilter(Search: "+77015550202"))).Items);
        Assert.Empty((await GridAsync(_admin, new CustomerFilter(Search: "Bolat"))).Items);
        Assert.Equal([_theirs.Id], (await GridAsync(_adminB)).Items.Select(r => r.Id));
    }

    [Fact]
    public async Task CustomersGrid_FindsByPhoneNamePrefixAndPhoneEnd_AndMasksThePhone()
    {
        Assert.Single((await GridAsync(_admin, new CustomerFilter(Search: "+7 701 555 01 01"))).Items);
        Assert.Single((await GridAsync(_admin, new CustomerFilter(Search: "ali"))).Items);
        var byEnd = (await GridAsync(_admin, new CustomerFilter(Search: "0101"))).Items;
        Assert.Equal("+7701•••••01", Assert.Single(byEnd).MaskedPhone);
        Assert.Empty((await GridAsync(_admin, new CustomerFilter(Search: "100%_"))).Items);
    }

    [Fact]
    public async Task CustomersGrid_AppliesSegmentRulesAndTags()
    {
        var big = new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.Spend90, RuleOperator.AtLeast, "5000")]);
        // Profiles are rebuilt by the RFM job; until then spend rules see nothing, which is the rule's honest answer.
        Assert.Empty((await GridAsync(_admin, new CustomerFilter(Rules: big))).Items);
        var city = new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.City, RuleOperator.NotEquals, "Astana")]);
        Assert.Single((await GridAsync(_admin, new CustomerFilter(Rules: city))).Items);
        await Assert.ThrowsAsync<ValidationException>(() => GridAsync(_admin, new CustomerFilter(Rules: new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.Age, RuleOperator.AtLeast, "old")]))));
        // Values the profile driver reads (a store id, an amount on an indexed column) are checked before it reads them, in
        // the grid and in the export.
        foreach (var bad in new[] { new SegmentCondition(SegmentField.VisitedStore, RuleOperator.Equals, "not-a-store", 30), new SegmentCondition(SegmentField.Spend365, RuleOperator.AtLeast, "lots") })
        {
            var filter = new CustomerFilter(Rules: new SegmentRules(RuleCombine.All, [bad]));
            await Assert.ThrowsAsync<ValidationException>(() => GridAsync(_admin, filter));
            await Assert.ThrowsAsync<ValidationException>(async () => { await foreach (var _ in Database.Get<ExportPartnerCustomers>().HandleAsync(_admin, filter)) { } });
        }

        await Database.Get<TagCustomer>().HandleAsync(_admin, _ours.Id, " VIP ", add: true);
        Assert.Single((await GridAsync(_admin, new CustomerFilter(Tag: "vip"))).Items);
        Assert.Equal(["vip"], (await GridAsync(_admin)).Items.Single().Tags);
        // B's grid filtered by A's tag finds nothing: tags belong to one partner.
        Assert.Empty((await GridAsync(_adminB, new CustomerFilter(Tag: "vip"))).Items);
        Assert.Empty(await Database.Get<ListCustomerTags>().HandleAsync(_adminB));
    }

    [Fact]
    public async Task CustomerCard_TagsAndGroups_OfAnotherPartnersMember_AreNotFound()
    {
        Assert.Equal(404, (await Assert.ThrowsAsync<DomainException>(() => Database.Get<GetPartnerCustomerCard>().HandleAsync(_admin, _theirs.Id))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<DomainException>(() => Database.Get<TagCustomer>().HandleAsync(_admin, _theirs.Id, "x", true))).Status);

        var groupA = await StaticGroupAsync(Scenario.Partner.Id, "A list");
        var groupB = await StaticGroupAsync(_b.Partner.Id, "B list");
        var change = Database.Get<ChangeGroupMembers>();
        Assert.Equal(404, (await Assert.ThrowsAsync<DomainException>(() => change.HandleAsync(_admin, groupA, [_theirs.Id], true))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<DomainException>(() => change.HandleAsync(_admin, groupB, [_ours.Id], true))).Status);
        Assert.Equal(1, await change.HandleAsync(_admin, groupA, [_ours.Id], true));
        Assert.Equal(0, await change.HandleAsync(_admin, groupA, [_ours.Id], true));
        // Filtering A's grid by B's group id matches nobody rather than leaking B's members.
        Assert.Empty((await GridAsync(_admin, new CustomerFilter(GroupId: groupB))).Items);
        Assert.Single((await GridAsync(_admin, new CustomerFilter(GroupId: groupA))).Items);

        var card = await Database.Get<GetPartnerCustomerCard>().HandleAsync(_admin, _ours.Id);
        Assert.Equal("A list", Assert.Single(card.Groups).Name);
        Assert.Single(card.RecentPurchases);
        Assert.Equal(1000_00, card.Spend);
        Assert.Equal("+7701•••••01", card.Phone); // no SMS consent: masked
        Assert.Null(card.Email);
    }

    [Fact]
    public async Task SavedFilters_AreThePartners_Own()
    {
        var id = await Database.Get<SaveCustomerFilter>().HandleAsync(_admin, "VIPs", new CustomerFilter(Tag: "vip"));
        Assert.Empty(await Database.Get<ListCustomerFilters>().HandleAsync(_adminB));
        Assert.Equal(404, (await Assert.ThrowsAsync<DomainException>(() => Database.Get<DeleteCustomerFilter>().HandleAsync(_adminB, id))).Status);
        var saved = Assert.Single(await Database.Get<ListCustomerFilters>().HandleAsync(_admin));
        Assert.Equal("vip", saved.Filter.Tag);
        await Assert.ThrowsAsync<ValidationException>(() => Database.Get<SaveCustomerFilter>().HandleAsync(_admin, " ", CustomerFilter.None));
    }

    [Fact]
    public async Task Export_ContainsOnlyTheCallersCustomers()
    {
        var rows = new List<PartnerCustomerRow>();
        await foreach (var row in Database.Get<ExportPartnerCustomers>().HandleAsync(_admin, CustomerFilter.None)) rows.Add(row);
        Assert.Equal([_ours.Id], rows.Select(r => r.Id));
        await using var db = Database.Open();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Kind == "partner.customers-exported" && e.PartnerId == Scenario.Partner.Id));
    }

    [Fact]
    public async Task Counterparts_AreInvisibleAndUnchangeableAcrossPartners_AndValidated()
    {
        var save = Database.Get<SaveCounterpart>();
        var form = new CounterpartForm(CounterpartKind.Supplier, "Dana Supplier", "Milk LLP", "Key account", "dana@milk.kz", null, "Delivers Tuesdays");
        var theirs = await save.HandleAsync(_adminB, null, form);
        Assert.Empty(await Database.Get<ListCounterparts>().HandleAsync(_admin));
        Assert.Equal(404, (await Assert.ThrowsAsync<DomainException>(() => save.HandleAsync(_admin, theirs, form with { Notes = "hijacked" }))).Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<DomainException>(() => Database.Get<DeleteCounterpart>().HandleAsync(_admin, theirs))).Status);
        Assert.Equal("Delivers Tuesdays", Assert.Single(await Database.Get<ListCounterparts>().HandleAsync(_adminB)).Notes);

        var invalid = await Assert.ThrowsAsync<ValidationException>(() => save.HandleAsync(_admin, null, new CounterpartForm(CounterpartKind.Agency, "A", "", null, "not-an-email", null, null)));
        Assert.Contains("name", invalid.Errors.Keys);
        Assert.Contains("company", invalid.Errors.Keys);
        Assert.Contains("email", invalid.Errors.Keys);
        Assert.Empty(await Database.Get<ListCounterparts>().HandleAsync(_admin));
    }

    [Fact]
    public async Task Stores_OfAnotherPartner_CannotBeChanged_AndTimeZonesAreValidated()
    {
        var save = Database.Get<SaveStore>();
        var form = new StoreForm("Mega", "Almaty", "Rozybakiev 247", "Russian Standard Time", "10:00–22:00", false);
        Assert.Equal(404, (await Assert.ThrowsAsync<DomainException>(() => save.HandleAsync(_admin, _b.Store.Id, form))).Status);
        var id = await save.HandleAsync(_admin, null, form);
        var store = Assert.Single(await Database.Get<ListStoreSettings>().HandleAsync(_admin), s => s.Id == id);
        Assert.Equal("Europe/Moscow", store.TimeZone); // a Windows id is stored as IANA
        var bad = await Assert.ThrowsAsync<ValidationException>(() => save.HandleAsync(_admin, null, form with { Name = "Other", TimeZone = "Mars/Olympus" }));
        Assert.Contains("timeZone", bad.Errors.Keys);
        Assert.DoesNotContain(await Database.Get<ListStoreSettings>().HandleAsync(_admin), s => s.Name == "Other");
    }

    [Fact]
    public async Task Roles_ReachOnlyTheirAreas_InTheUseCasesThemselves()
    {
        var marketer = new PartnerStaff(Scenario.Partner.Id, "m@test", [Roles.PartnerMarketer]);
        var cashier = new PartnerStaff(Scenario.Partner.Id, "c@test", [Roles.PartnerCashier]);
        Assert.Single((await GridAsync(marketer)).Items);
        Assert.Equal(403, (await Assert.ThrowsAsync<DomainException>(() => GridAsync(cashier))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<DomainException>(() => Database.Get<GetPartnerDashboard>().HandleAsync(cashier))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<DomainException>(() => Database.Get<ListCounterparts>().HandleAsync(marketer))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<DomainException>(() => Database.Get<SaveStore>().HandleAsync(marketer, null, new StoreForm("X", "Y", "Z street 1", "UTC", null, false)))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<DomainException>(() => Database.Get<OpenCashierTill>().HandleAsync(marketer))).Status);
        var (caller, _) = await Database.Get<OpenCashierTill>().HandleAsync(cashier);
        Assert.Equal(Scenario.Partner.Id, caller.PartnerId);
    }

    [Fact]
    public async Task CashierTill_RingsUpAtTheStaffsOwnPartner_EvenWithAnotherPartnersStoreId_ThroughThePosUseCases()
    {
        var cashier = new PartnerStaff(Scenario.Partner.Id, "c@test", [Roles.PartnerCashier], StoreId: _b.Store.Id);
        var (caller, store) = await Database.Get<OpenCashierTill>().HandleAsync(cashier);
        Assert.Equal(Scenario.Store.Id, caller.StoreId);
        Assert.Equal(Scenario.Store.Name, store);
        var (again, _) = await Database.Get<OpenCashierTill>().HandleAsync(cashier);
        Assert.Equal(caller.TerminalId, again.TerminalId); // one cabinet terminal per store, reused

        var member = await Database.Get<IdentifyCustomer>().HandleAsync(caller, "+77015550101");
        Assert.Equal(_ours.Id, member.CustomerId);
        var quote = await Database.Get<QuotePurchase>().HandleAsync(caller, new PurchaseRequest(member.CustomerId.ToString(), null, 500m, 10m, null, null));
        Assert.Equal(10m, quote.RedeemPoints);
        var receipt = await Database.Get<RecordPurchase>().HandleAsync(caller, "cab-1", new PurchaseRequest(member.CustomerId.ToString(), "WEB-1", 500m, 10m, null, null));
        var replay = await Database.Get<RecordPurchase>().HandleAsync(caller, "cab-1", new PurchaseRequest(member.CustomerId.ToString(), "WEB-1", 500m, 10m, null, null));
        Assert.True(replay.Replayed);
        Assert.Equal(receipt.Body.TransactionId, replay.Body.TransactionId);
        await Scenario.AssertLedgerHealthyAsync();

        var feed = await Database.Get<GetPartnerLiveFeed>().HandleAsync(_admin);
        Assert.Equal(receipt.Body.TransactionId, feed[0].Id);
        Assert.DoesNotContain(feed, p => p.Customer == "Bolat");
    }

    [Fact]
    public async Task Dashboard_CountsOnlyThePartnersPurchases_AndComparesWithThePreviousPeriod()
    {
        var d = await Database.Get<GetPartnerDashboard>().HandleAsync(_admin, 30);
        Assert.Equal(1000_00m, d.Revenue.Current);
        Assert.Equal(1m, d.Purchases.Current);
        Assert.Equal(1m, d.NewCustomers.Current);
        Assert.Equal(1m, d.ActiveCustomers.Current);
        Assert.Equal(5m, d.EffectiveDiscountPercent.Current); // 5 % earn rate, no till discount
        Assert.Equal(30, d.Daily.Count);
        Assert.Equal(1000_00, d.Daily.Sum(x => x.Revenue));
        Assert.Null(d.Revenue.ChangePercent);

        // A month later the same member buys again: not new any more, and the previous period holds the first purchase.
        Database.Clock.Advance(TimeSpan.FromDays(30));
        await Scenario.BuyAsync(_ours.Id, 3000m);
        var later = await Database.Get<GetPartnerDashboard>().HandleAsync(_admin, 30);
        Assert.Equal(0m, later.NewCustomers.Current);
        Assert.Equal(1000_00m, later.Revenue.Previous);
        Assert.Equal(200m, later.Revenue.ChangePercent);
        await Assert.ThrowsAsync<ValidationException>(() => Database.Get<GetPartnerDashboard>().HandleAsync(_admin, 12));
    }

    private async Task<Guid> StaticGroupAsync(Guid partnerId, string name)
    {
        await using var db = Database.Open();
        var group = new Segment(partnerId, name, SegmentKind.Static, "{}", Database.Clock.GetUtcNow().UtcDateTime);
        db.Segments.Add(group);
        await db.SaveChangesAsync();
        return group.Id;
    }
}
