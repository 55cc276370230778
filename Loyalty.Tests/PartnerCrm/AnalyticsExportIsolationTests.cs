using System.Globalization;
using System.Net;
using ClosedXML.Excel;
using Loyalty.Core.Analytics;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Pos;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.PartnerCrm;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.PartnerCrm;

/// <summary>
/// The cabinet's Excel exports over real HTTP (Kestrel on loopback) on real SQLite, downloaded by partner A's admin with
/// partner B's id or B's group and store ids in the link: every analytics table holds A's store, till, category, cashier
/// and amounts and none of B's, before and after the roll-ups fold the receipts in; the customers export filtered by B's
/// ids finds nobody. The operator's export of B's scope shows the B markers are real. (Referral totals, RFM sizes, moves
/// and members and campaign results are proved the same way in Analytics/EngineExportTests.)
/// </summary>
public class AnalyticsExportIsolationTests : IAsyncLifetime
{
    private const decimal OurAmount = 1_234m;
    private const decimal TheirAmount = 98_765m;
    private static readonly string[] TheirMembers = ["Bolat", "Berik", "Botagoz"];

    private readonly LoyaltyWebFactory _app = new();
    private Scenario _a = default!, _b = default!;
    private HttpClient _adminA = default!, _operator = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _app.UseKestrel(0);
        _app.StartServer();
        _a = await Scenario.CreateAsync(_app.Services);
        _b = await Scenario.CreateAsync(_app.Services);
        await RenameStoreAsync(_a, "Alpha Central");
        await RenameStoreAsync(_b, "Bravo Flagship");

        var aru = await _a.RegisterAsync("+77015558001", "Aru");
        await BuyAsync(_a, aru.Id, OurAmount, "Alpha Beans", "Alpha Anna");
        for (var i = 0; i < TheirMembers.Length; i++)
        {
            var member = await _b.RegisterAsync($"+7701555810{i}", TheirMembers[i]);
            await BuyAsync(_b, member.Id, TheirAmount, "Bravo Blend", "Bravo Boris");
        }

        await _app.CreateStaffAsync("admin@alpha.local", Roles.PartnerAdmin, _a.Partner.Id);
        await _app.CreateStaffAsync("ops@test.local", Roles.OperatorStaff);
        _adminA = await SignedInAsync("admin@alpha.local");
        _operator = await SignedInAsync("ops@test.local");
    }

    public async Task DisposeAsync()
    {
        _adminA?.Dispose();
        _operator?.Dispose();
        await _app.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private async Task RenameStoreAsync(Scenario scenario, string name) =>
        await Get<SaveStore>().HandleAsync(PartnerStaff.Admin(scenario.Partner.Id), scenario.Store.Id,
            new StoreForm(name, "Almaty", "1 Abay Ave", "Asia/Almaty", null, false));

    private Task<Idempotent<PurchaseReceipt>> BuyAsync(Scenario at, Guid customerId, decimal amount, string category, string cashier) =>
        Get<RecordPurchase>().HandleAsync(at.Caller, Guid.NewGuid().ToString(), new PurchaseRequest(customerId.ToString(), Guid.NewGuid().ToString("N")[..12],
            amount, 0, [new PurchaseItemRequest("SKU-" + category[..5], category + " item", category, 1, amount)], null, Cashier: cashier));

    private async Task<HttpClient> SignedInAsync(string email)
    {
        // Kestrel on loopback: the browser-like client needs the real address (the default is the in-memory host's).
        using var probe = _app.CreateClient();
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = probe.BaseAddress! });
        // Over Kestrel the client follows the redirect to the cabinet; a failed sign-in shows up as a non-Excel download.
        await FormSignIn.StaffAsync(client, email, "Passw0rd!");
        return client;
    }

    private static async Task<IXLWorksheet> SheetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        var book = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        return Assert.Single(book.Worksheets);
    }

    /// <summary>The data rows under the analytics header (row 4): text as is, numbers in invariant form.</summary>
    private static List<string[]> Rows(IXLWorksheet sheet, int header = 4)
    {
        var last = sheet.LastRowUsed()?.RowNumber() ?? header;
        var width = sheet.Row(header).LastCellUsed()?.Address.ColumnNumber ?? 1;
        return Enumerable.Range(header + 1, Math.Max(0, last - header)).Select(r => Enumerable.Range(1, width).Select(c => Text(sheet.Cell(r, c))).ToArray()).ToList();
    }

    private static string Text(IXLCell cell) => cell.Value switch
    {
        double d => d.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        var v => v?.ToString() ?? "",
    };

    private static decimal Number(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private string Link(string table, Guid? partner)
    {
        var today = DateTime.UtcNow.Date;
        return $"/files/analytics/{table}.xlsx?from={today.AddDays(-29):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}" + (partner is { } p ? $"&partner={p}" : "");
    }

    /// <summary>Nothing of B anywhere in the file: names, ids, its receipts' amounts and the points earned on them.</summary>
    private void AssertNothingOfB(IXLWorksheet sheet, string table)
    {
        string[] words = ["Bravo", _b.Partner.Id.ToString(), _b.Partner.Name, .. TheirMembers];
        decimal[] amounts = [TheirAmount, TheirAmount * TheirMembers.Length, TheirAmount * 0.05m, TheirAmount * 0.05m * TheirMembers.Length, OurAmount + TheirAmount * TheirMembers.Length];
        foreach (var cell in sheet.CellsUsed())
        {
            var text = Text(cell);
            Assert.False(words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)), $"{table}.xlsx {cell.Address}: \"{text}\" is B's");
            Assert.False(cell.Value is double d && amounts.Contains((decimal)d), $"{table}.xlsx {cell.Address}: {text} is one of B's amounts");
        }
        Assert.Contains($"Partner {_a.Partner.Id}", sheet.Cell(2, 1).GetString());
    }

    /// <summary>What each table holds for one partner that bought <paramref name="receipts"/> receipts of <paramref name="amount"/>.</summary>
    private static void AssertHolds(string table, IXLWorksheet sheet, string store, string category, string cashier, int receipts, decimal amount)
    {
        var rows = Rows(sheet);
        var total = amount * receipts;
        switch (table)
        {
            case "effectiveness":
                string Figure(string name) => rows.Single(r => r[0] == name)[1];
                Assert.Equal(total, Number(Figure("Revenue")));
                Assert.Equal(receipts, Number(Figure("Purchases")));
                Assert.Equal(receipts, Number(Figure("Members")));
                break;
            case "sales":
                var day = Assert.Single(rows);
                Assert.Equal((receipts, total), (Number(day[1]), Number(day[2])));
                break;
            case "stores" or "categories" or "tills":
                var row = Assert.Single(rows);
                var name = table switch { "stores" => store, "categories" => category, _ => $"{store} · Till 1" };
                Assert.Equal((name, receipts, total), (row[0], Number(row[1]), Number(row[2])));
                break;
            case "staff":
                var served = Assert.Single(rows);
                Assert.Equal((cashier, receipts), (served[0], Number(served[1])));
                break;
            case "ltv":
                Assert.Equal(receipts, rows.Sum(r => Number(r[1])));
                Assert.All(rows.Where(r => Number(r[1]) > 0), r => Assert.Equal(amount, Number(r[4]))); // average ticket
                break;
            case "cohorts":
                Assert.Equal(receipts, Number(Assert.Single(rows)[1]));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(table), table, null);
        }
    }

    private static readonly string[] Tables = ["effectiveness", "sales", "stores", "categories", "tills", "staff", "ltv", "cohorts"];

    private async Task AssertEveryTableIsTheAdminsOwnAsync()
    {
        foreach (var table in Tables)
        {
            var ours = await SheetAsync(_adminA, Link(table, _b.Partner.Id));
            AssertNothingOfB(ours, table);
            AssertHolds(table, ours, "Alpha Central", "Alpha Beans", "Alpha Anna", 1, OurAmount);
            // The same link in the operator's hands is B's scope: the markers above are really B's data.
            var theirs = await SheetAsync(_operator, Link(table, _b.Partner.Id));
            AssertHolds(table, theirs, "Bravo Flagship", "Bravo Blend", "Bravo Boris", TheirMembers.Length, TheirAmount);
        }
    }

    [Fact]
    public async Task EveryAnalyticsTable_DownloadedByAPartnersAdmin_HoldsOnlyItsOwnSales_EvenWithAnotherPartnerInTheLink()
    {
        await Get<RecalculateSegments>().HandleAsync();

        // Receipts still pending (read straight from the receipts), then folded into the roll-ups (read from the stored rows).
        await AssertEveryTableIsTheAdminsOwnAsync();
        var folded = await Get<UpdateSalesRollups>().HandleAsync();
        Assert.Equal(1 + TheirMembers.Length, folded.Purchases);
        await AssertEveryTableIsTheAdminsOwnAsync();

        // An unknown table is a 404, not another partner's data; the link without a partner is the admin's own as well.
        Assert.Equal(HttpStatusCode.NotFound, (await _adminA.GetAsync(Link("everything", _b.Partner.Id))).StatusCode);
        AssertNothingOfB(await SheetAsync(_adminA, Link("stores", null)), "stores");
    }

    [Fact]
    public async Task CustomersExport_FilteredByAnotherPartnersGroupOrStore_GivesNoneOfTheirMembers()
    {
        // Chingis shops at both partners; B keeps him in a group of its own.
        var shared = await _a.RegisterAsync("+77015558201", "Chingis");
        await BuyAsync(_a, shared.Id, 500m, "Alpha Beans", "Alpha Anna");
        await BuyAsync(_b, shared.Id, 700m, "Bravo Blend", "Bravo Boris");
        var theirGroup = await GroupAsync(_b, "B's regulars", shared.Id);
        var ourGroup = await GroupAsync(_a, "A's regulars", shared.Id);

        async Task<string[]> NamesAsync(CustomerFilter filter)
        {
            var sheet = await SheetAsync(_adminA, CustomerExportEndpoints.Url(filter));
            return Rows(sheet, header: 1).Select(r => r[0]).Order().ToArray();
        }
        static CustomerFilter Visited(Guid store) =>
            new(Rules: new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.VisitedStore, RuleOperator.Equals, store.ToString())]));

        // Before the nightly profiles exist the rules read the receipts; after, the profiles drive them.
        foreach (var profiled in new[] { false, true })
        {
            if (profiled) await Get<RecalculateSegments>().HandleAsync();
            Assert.Equal(["Aru", "Chingis"], await NamesAsync(CustomerFilter.None));
            Assert.Empty(await NamesAsync(new CustomerFilter(GroupId: theirGroup)));
            Assert.Empty(await NamesAsync(Visited(_b.Store.Id)));
            // The same filters with A's own ids find A's members: the filters work, the ids were B's.
            Assert.Equal(["Chingis"], await NamesAsync(new CustomerFilter(GroupId: ourGroup)));
            Assert.Equal(["Aru", "Chingis"], await NamesAsync(Visited(_a.Store.Id)));
        }
    }

    private async Task<Guid> GroupAsync(Scenario owner, string name, Guid member)
    {
        var group = new Segment(owner.Partner.Id, name, SegmentKind.Static, "{}", DateTime.UtcNow);
        await using (var db = Get<ILoyaltyDbFactory>().Create())
        {
            db.Segments.Add(group);
            await db.SaveChangesAsync();
        }
        Assert.Equal(1, await Get<ChangeGroupMembers>().HandleAsync(PartnerStaff.Admin(owner.Partner.Id), group.Id, [member], true));
        return group.Id;
    }
}
