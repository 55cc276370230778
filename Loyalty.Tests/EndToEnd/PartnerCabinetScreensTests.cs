using System.Net.Http.Json;
using ClosedXML.Excel;
using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class PartnerCabinetScreensTests(BrowserFixture browser)
{
    /// <summary>Set SCREENSHOTS=/some/dir to keep the cabinet's screens at desktop and tablet widths for a look.</summary>
    private static readonly string? ScreenshotDir = Environment.GetEnvironmentVariable("SCREENSHOTS");

    [Fact]
    public async Task PartnerAdmin_ExportsCustomers_CreatesATerminalKey_AndSeesItsPurchaseLiveOnTheDashboard()
    {
        var page = await browser.NewPageAsync(1366, 900);
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);
        await page.WaitForURLAsync("**/partner");

        // Customers → Excel, opened with ClosedXML.
        await SignInSteps.OpenAsync(page, "/partner/customers");
        await Assertions.Expect(page.Locator("#customers-grid tbody tr").First).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-customers"));
        var file = Path.Combine(Path.GetTempPath(), $"customers-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        using (var workbook = new XLWorkbook(file))
        {
            var sheet = workbook.Worksheet("Customers");
            Assert.Equal("Name", sheet.Cell(1, 1).GetString());
            Assert.True(sheet.LastRowUsed().RowNumber() > 1, "The export should hold the demo partner's customers.");
            Assert.Contains(sheet.Column(1).CellsUsed(), c => c.GetString().StartsWith("Aigerim", StringComparison.Ordinal));
        }
        File.Delete(file);

        // A new terminal key, created in the cabinet.
        await SignInSteps.OpenAsync(page, "/partner/terminals");
        await page.ClickAsync("#new-terminal");
        await page.Locator("#terminal-name").FillAsync("Live till");
        await page.ClickAsync("#terminal-create");
        var key = await page.Locator("#terminal-key").InputValueAsync();
        await page.ClickAsync("#terminal-done");

        // The dashboard is open; a purchase through the POS API shows up in the live list without a reload.
        await SignInSteps.OpenAsync(page, "/partner");
        await Assertions.Expect(page.Locator("#dashboard-kpis")).ToBeVisibleAsync();
        using var http = new HttpClient { BaseAddress = new Uri(browser.App.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        http.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var receipt = "LIVE-" + Guid.NewGuid().ToString("N")[..8];
        var purchase = await http.PostAsJsonAsync("/api/pos/v1/purchases", new { customer = DemoSeeder.CustomerPhone, receiptNumber = receipt, amount = 7777.77m, redeemPoints = 0 });
        Assert.Equal(System.Net.HttpStatusCode.Created, purchase.StatusCode);
        await Assertions.Expect(page.Locator("#recent-transactions tbody tr").First).ToContainTextAsync("7,777.77", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#recent-transactions tbody tr").First).ToContainTextAsync("Aigerim");

        if (ScreenshotDir is not null) await ScreenshotsAsync(page);
    }

    [Fact]
    public async Task Cashier_RingsUpAPurchaseInTheBrowser_WithTheSameRulesAsATill()
    {
        var page = await browser.NewPageAsync(820, 1100);
        await SignInSteps.StaffAsync(page, DemoSeeder.CashierEmail);
        await page.WaitForURLAsync("**/partner/cashier");
        await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.Locator("#cashier-identifier").FillAsync("+7 701 000 00 01");
        await page.ClickAsync("#cashier-find");
        await Assertions.Expect(page.Locator("#member-name")).ToContainTextAsync("Aigerim");
        await page.Locator("#cashier-amount").FillAsync("1000");
        await page.Locator("#cashier-redeem").FillAsync("50");
        await Assertions.Expect(page.Locator("#quote-pay")).ToContainTextAsync("950.00");
        if (ScreenshotDir is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir, "cashier-820.png"), FullPage = true });
        await page.ClickAsync("#cashier-confirm");
        await Assertions.Expect(page.Locator("#cashier-done")).ToContainTextAsync("Purchase recorded");
        await Assertions.Expect(page.Locator("#done-paid")).ToContainTextAsync("950.00");

        // Next: a customer without a card; the receipt is recorded for the card-share figures.
        await page.ClickAsync("#next-customer");
        await page.Locator("#cardless-amount").FillAsync("1234");
        await page.ClickAsync("#cardless-record");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Receipt without a card recorded");

        // Both receipts name the signed-in cashier (staff performance, 0150).
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={browser.App.DatabasePath}"))
        {
            await db.OpenAsync();
            var command = db.CreateCommand();
            command.CommandText = """
                SELECT (SELECT "Cashier" FROM "Purchases" WHERE "Amount" = 100000 ORDER BY "OccurredAt" DESC LIMIT 1),
                       (SELECT "Cashier" FROM "AnonymousReceipts" WHERE "Amount" = 123400 ORDER BY "RecordedAt" DESC LIMIT 1)
                """;
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((DemoSeeder.CashierEmail, DemoSeeder.CashierEmail), (reader.GetString(0), reader.GetString(1)));
        }

        // A cashier has nothing else: the customers grid is refused.
        await page.GotoAsync("/partner/customers");
        await Assertions.Expect(page.Locator("#customers-grid")).ToHaveCountAsync(0);
    }

    private async Task ScreenshotsAsync(IPage desktop)
    {
        Directory.CreateDirectory(ScreenshotDir!);
        var tablet = await browser.NewPageAsync(820, 1180);
        await SignInSteps.StaffAsync(tablet, DemoSeeder.PartnerEmail);
        await tablet.WaitForURLAsync("**/partner");
        foreach (var (name, path) in new[] { ("dashboard", "/partner"), ("customers", "/partner/customers"), ("counterparts", "/partner/counterparts"), ("settings-stores", "/partner/settings/stores"), ("settings-staff", "/partner/settings/staff"), ("settings-company", "/partner/settings/company") })
        {
            foreach (var (page, width) in new[] { (desktop, 1366), (tablet, 820) })
            {
                await SignInSteps.OpenAsync(page, path);
                await page.WaitForTimeoutAsync(800);
                await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir!, $"{name}-{width}.png"), FullPage = true });
            }
        }
        await SignInSteps.OpenAsync(desktop, "/partner/customers");
        await desktop.Locator("#customers-grid tbody tr").First.ClickAsync();
        await Assertions.Expect(desktop.Locator("#customer-name")).ToBeVisibleAsync();
        await desktop.WaitForTimeoutAsync(500);
        await desktop.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDir!, "customer-card-1366.png"), FullPage = true });
    }
}
