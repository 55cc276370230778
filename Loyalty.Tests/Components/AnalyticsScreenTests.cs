using Bunit;
using ClosedXML.Excel;
using Loyalty.Core.Analytics;
using Loyalty.Tests.Analytics;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Analytics;
using Loyalty.Web.Components.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components;

public class AnalyticsScreenTests : ComponentTestContext, IAsyncLifetime
{
    private TestDatabase _database = default!;
    private Scenario _scenario = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _scenario = await Scenario.CreateAsync(_database.Services);
        Services.AddSingleton(_database.Get<GetSalesAnalytics>());
        Services.AddSingleton(_database.Get<GetLtvBySegment>());
        Services.AddSingleton(_database.Get<GetCohortRetention>());
        Services.AddSingleton(_database.Get<GetProgramEffectiveness>());
        Services.AddSingleton(_database.Get<Loyalty.Core.Referrals.GetReferralTotals>());
        Services.AddSingleton(_database.Get<GetStaffPerformance>());
        Services.AddSingleton<TimeProvider>(_database.Clock);
        Services.AddScoped<AnalyticsReports>();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TheDashboard_ShowsThePartnersSales_AndEachTablesExcelFileHoldsTheSameRows()
    {
        var screen = await TwoPurchasesOnScreenAsync();
        // Each part shows as it arrives; wait until none is pending.
        screen.WaitForAssertion(() => Assert.Empty(screen.FindAll("[id^=pending-]")), TimeSpan.FromSeconds(30));

        var stores = screen.Find("#table-stores");
        Assert.Contains("3,500.00", stores.TextContent);
        // Staff performance is on the screen too, with its own Excel link; these receipts named no cashier.
        Assert.Contains("(cashier not recorded)", screen.Find("#table-staff").TextContent);
        Assert.StartsWith("/files/analytics/staff.xlsx?", screen.Find("#export-staff").GetAttribute("href"));
        var link = screen.Find("#export-stores").GetAttribute("href")!;
        Assert.StartsWith("/files/analytics/stores.xlsx?", link);
        Assert.Contains($"partner={_scenario.Partner.Id}", link);

        // The file the link serves: the same use case and table, built into a workbook the test opens with ClosedXML.
        var reports = Services.GetRequiredService<AnalyticsReports>();
        var to = _database.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        var table = await reports.OneAsync("stores", new AnalyticsQuery(_scenario.Partner.Id, to.AddDays(-30), to), "KZT");
        using var book = new XLWorkbook(new MemoryStream(AnalyticsWorkbook.Build(table!, "test")));
        var sheet = book.Worksheet(1);
        Assert.Equal("Central", sheet.Cell(5, 1).GetString());
        Assert.Equal(2, sheet.Cell(5, 2).GetDouble());
        Assert.Equal(3_500, sheet.Cell(5, 3).GetDouble());
    }

    [Fact]
    public async Task ProgramEffectiveness_ShowsEachFigureAsWhatItIs_OnScreenAndInExcel()
    {
        var screen = await TwoPurchasesOnScreenAsync();
        screen.WaitForAssertion(() => Assert.Contains("Purchases", screen.Find("#table-effectiveness").TextContent), TimeSpan.FromSeconds(30));

        // Every one of the 22 figures on one page: counts whole, money with decimals, rates as percents.
        var rows = screen.FindAll("#table-effectiveness tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(22, rows.Count);
        Assert.Equal("2", rows.Single(r => r[0] == "Purchases")[1]);
        Assert.Equal("3,500.00", rows.Single(r => r[0] == "Revenue")[1]);
        Assert.Equal("100.0%", rows.Single(r => r[0] == "Repeat rate (2+ purchases)")[1]);

        var reports = Services.GetRequiredService<AnalyticsReports>();
        var to = _database.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        var table = await reports.OneAsync("effectiveness", new AnalyticsQuery(_scenario.Partner.Id, to.AddDays(-30), to), "KZT");
        using var book = new XLWorkbook(new MemoryStream(AnalyticsWorkbook.Build(table!, "test")));
        var sheet = book.Worksheet(1);
        var purchases = sheet.Column(1).CellsUsed().Single(c => c.GetString() == "Purchases").CellRight();
        Assert.Equal((2.0, "#,##0"), (purchases.GetDouble(), purchases.Style.NumberFormat.Format));
        var repeat = sheet.Column(1).CellsUsed().Single(c => c.GetString() == "Repeat rate (2+ purchases)").CellRight();
        Assert.Equal((1.0, "0.0%"), (repeat.GetDouble(), repeat.Style.NumberFormat.Format));
    }

    [Fact]
    public async Task EveryTable_IsComputedByItsOwnPart_SoAnExportAsksOnlyForThatPart()
    {
        var reports = Services.GetRequiredService<AnalyticsReports>();
        var to = _database.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        var query = new AnalyticsQuery(_scenario.Partner.Id, to.AddDays(-30), to);

        Assert.Equal(AnalyticsReports.Keys.Order(), AnalyticsReports.Parts.SelectMany(part => part).Order());
        foreach (var part in AnalyticsReports.Parts)
        {
            Assert.Equal(part, (await reports.PartAsync(part[0], query, "KZT")).Select(t => t.Key));
            foreach (var key in part) Assert.Equal(key, (await reports.OneAsync(key, query, "KZT"))!.Key);
        }
        Assert.Null(await reports.OneAsync("passwords", query, "KZT"));
        Assert.Equal(AnalyticsReports.Keys.Order(), (await reports.AllAsync(query, "KZT")).Select(t => t.Key).Order());
    }

    /// <summary>One member's two purchases (1,000 and 2,500) at the scenario's store, and the partner's analytics screen.</summary>
    [Fact]
    public async Task AnotherGranularityOrPeriod_AsksAgainOnlyForThePartsItChanges()
    {
        var screen = await TwoPurchasesOnScreenAsync();
        void AllShown(string salesTotal) => screen.WaitForAssertion(() =>
        {
            Assert.Empty(screen.FindAll("[id^=pending-]"));
            Assert.Contains(salesTotal, screen.Find("#table-sales").TextContent);
        }, TimeSpan.FromSeconds(30));
        AllShown("3,500.00");
        var cohorts = screen.Find("#table-cohorts").TextContent;
        var effectiveness = screen.Find("#table-effectiveness").TextContent;
        // A new member buys: every part asked for again shows it (one more member in this month's cohort, 7,500 of sales).
        var other = await _scenario.RegisterAsync("+77015550002", "Bek");
        await _scenario.BuyAsync(other.Id, 4_000m);

        // Weeks instead of days: only the sales by period have buckets (0230).
        await screen.InvokeAsync(() => screen.FindComponent<MudBlazor.MudToggleGroup<Granularity>>().Instance.ValueChanged.InvokeAsync(Granularity.Week));
        AllShown("7,500.00");
        Assert.Equal(effectiveness, screen.Find("#table-effectiveness").TextContent);
        Assert.Equal(cohorts, screen.Find("#table-cohorts").TextContent);

        // Another period: everything with a period is asked for again; the cohorts (the twelve months up to today) are not.
        await screen.InvokeAsync(() => screen.FindComponent<MudBlazor.MudSelect<int>>().Instance.ValueChanged.InvokeAsync(90));
        screen.WaitForAssertion(() =>
        {
            Assert.Empty(screen.FindAll("[id^=pending-]"));
            Assert.NotEqual(effectiveness, screen.Find("#table-effectiveness").TextContent);
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(cohorts, screen.Find("#table-cohorts").TextContent);
    }

    [Fact]
    public async Task APartThatFails_SaysSo_AndTheOthersStayOnTheScreen()
    {
        // The table lifetime values are read from is gone: that part really fails in the database.
        string create;
        await using (var db = _database.Open())
        {
            create = await db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE name = 'RfmSegmentSizes'").SingleAsync();
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"RfmSegmentSizes\"");
        }
        var screen = await TwoPurchasesOnScreenAsync();

        screen.WaitForAssertion(() => Assert.Empty(screen.FindAll("[id^=pending-]")), TimeSpan.FromSeconds(30));
        Assert.Contains("could not be computed", screen.Find("#failed-ltv").TextContent);
        Assert.Contains("Lifetime value by RFM segment", screen.Find("#failed-ltv").TextContent);
        Assert.Contains("3,500.00", screen.Find("#table-stores").TextContent);
        Assert.Contains("Purchases", screen.Find("#table-effectiveness").TextContent);
        Assert.Empty(screen.FindAll("#table-ltv"));

        // The table is back: "Try again" asks for that part alone, and it shows.
        await using (var db = _database.Open()) await db.Database.ExecuteSqlRawAsync(create);
        await screen.InvokeAsync(() => screen.Find("#retry-ltv").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()));
        screen.WaitForAssertion(() => Assert.NotEmpty(screen.FindAll("#table-ltv")), TimeSpan.FromSeconds(30));
        Assert.Empty(screen.FindAll("#failed-ltv"));
    }

    private async Task<IRenderedComponent<AnalyticsDashboard>> TwoPurchasesOnScreenAsync()
    {
        var member = await _scenario.RegisterAsync("+77015550001", "Aru");
        await _scenario.BuyAsync(member.Id, 1_000m);
        await _scenario.BuyAsync(member.Id, 2_500m);
        return Render<AnalyticsDashboard>(p => p.Add(c => c.PartnerId, _scenario.Partner.Id).Add(c => c.Currency, "KZT"));
    }
}
