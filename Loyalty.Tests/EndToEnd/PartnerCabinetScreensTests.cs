using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class PartnerCabinetScreensTests(BrowserFixture browser)
{
    /// <summary>Set SCREENSHOTS=/some/dir to keep the cabinet's screens at desktop and tablet widths for a look.</summary>
    private static readonly string? ScreenshotDir = Environment.GetEnvironmentVariable("SCREENSHOTS");

    /// <summary>
    /// The proof, as one admin's afternoon: a campaign for a segment (the till's quote shows its bonus), a group
    /// imported from a file and sent an e-mail (dispatched by the jobs, found in the outbox: Development's outbox stands in
    /// for SMTP here), the customers exported to Excel and opened with ClosedXML, a terminal key created, and a purchase
    /// through the POS API with that key appearing on the open dashboard without a reload.
    /// </summary>
    [Fact]
    public async Task PartnerAdmin_CampaignsForASegment_MailsAGroup_ExportsCustomers_CreatesATerminalKey_AndSeesItsPurchaseLive()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var page = await browser.NewPageAsync(1366, 900);
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);
        await page.WaitForURLAsync("**/partner");

        await CampaignForTheVipSegmentAsync(page, "VIP triple " + suffix);
        await MailingToAnImportedGroupAsync(page, suffix);
        await ExportCustomersAsync(page);
        var key = await NewTerminalKeyAsync(page);

        // The dashboard is open; a purchase through the POS API with the new key shows up in the live list without a reload.
        await SignInSteps.OpenAsync(page, "/partner");
        await Assertions.Expect(page.Locator("#dashboard-kpis")).ToBeVisibleAsync();
        using var http = new HttpClient { BaseAddress = new Uri(browser.App.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        http.DefaultRequestHeaders.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var receipt = "LIVE-" + suffix;
        var purchase = await http.PostAsJsonAsync("/api/pos/v1/purchases", new { customer = DemoSeeder.CustomerPhone, receiptNumber = receipt, amount = 7777.77m, redeemPoints = 0 });
        Assert.Equal(System.Net.HttpStatusCode.Created, purchase.StatusCode);
        await Assertions.Expect(page.Locator("#recent-transactions tbody tr").First).ToContainTextAsync("7,777.77", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#recent-transactions tbody tr").First).ToContainTextAsync("Aigerim");

        if (ScreenshotDir is not null) await ScreenshotsAsync(page);
    }

    /// <summary>
    /// A 10 % campaign for the demo VIP segment, launched; the till asks what the demo member (a VIP) would get. It is ended
    /// from the calendar at once, so the other tests' purchases (on the same app) earn as before.
    /// </summary>
    private async Task CampaignForTheVipSegmentAsync(IPage page, string name)
    {
        await SignInSteps.OpenAsync(page, "/partner/campaigns/new");
        await page.Locator("#campaign-name").FillAsync(name);
        await page.Locator("#campaign-reward-value").FillAsync("10");
        await page.Locator(".mud-input-control:has(#campaign-segment)").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = DemoSeeder.DemoSegmentName }).ClickAsync();
        await page.ClickAsync("#campaign-save");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/partner/campaigns/[0-9a-fA-F-]{36}$")); // moved in the page
        await Assertions.Expect(page.Locator("#campaign-status")).ToContainTextAsync("Draft");
        await page.ClickAsync("#campaign-launch");
        await Assertions.Expect(page.Locator("#campaign-status")).ToContainTextAsync("Active");

        using var http = new HttpClient { BaseAddress = new Uri(browser.App.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", DemoSeeder.PosKey);
        var response = await http.PostAsJsonAsync("/api/pos/v1/purchases/quote", new { customer = DemoSeeder.CustomerPhone, amount = 10_000m, redeemPoints = 0m });
        response.EnsureSuccessStatusCode();
        var quote = await response.Content.ReadFromJsonAsync<JsonElement>();
        var bonus = quote.GetProperty("bonuses").EnumerateArray().Single(b => b.GetProperty("campaign").GetString() == name);
        Assert.Equal(1_000m, bonus.GetProperty("points").GetDecimal()); // 10 % of 10,000 paid in money

        await SignInSteps.OpenAsync(page, "/partner/campaigns");
        await Assertions.Expect(page.Locator("#campaigns-grid")).ToContainTextAsync(name);
        await SignInSteps.OpenAsync(page, "/partner/campaigns/calendar");
        await Assertions.Expect(page.Locator(".campaign-calendar")).ToContainTextAsync(name);
        await page.Locator(".cc-item", new() { HasText = name }).First.ClickAsync();
        await page.Locator("button:has-text('End')").First.ClickAsync();
        await page.Locator(".mud-dialog button:has-text('End')").ClickAsync();
        await Assertions.Expect(page.Locator("#campaign-status")).ToContainTextAsync("Ended");
    }

    /// <summary>
    /// A group imported from a CSV of twenty demo members' phones (about half agreed to e-mail), sent an e-mail now; it goes
    /// out to every member of the group who agreed to e-mail, with the subject.
    /// </summary>
    private async Task MailingToAnImportedGroupAsync(IPage page, string suffix)
    {
        var group = "Newsletter testers " + suffix;
        var subject = "Spring tasting " + suffix;
        await SignInSteps.OpenAsync(page, "/partner/segments");
        await page.ClickAsync("#segment-import");
        await page.Locator("#group-name").FillAsync(group);
        await page.Locator(".mud-dialog input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "testers.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(1, 20).Select(i => $"+7701{i:D7}"))),
        });
        await page.ClickAsync("#group-import");
        await Assertions.Expect(page.Locator("#group-result")).ToContainTextAsync("of 20 rows matched");
        await page.Locator(".mud-dialog button:has-text('Done')").ClickAsync();
        await Assertions.Expect(page.Locator("#segments-table")).ToContainTextAsync(group);

        await SignInSteps.OpenAsync(page, "/partner/mailings/new");
        await page.Locator("#mailing-name").FillAsync("Tasting invite " + suffix);
        await page.Locator("#mailing-channel button").Nth(0).ClickAsync();
        await page.Locator("#mailing-subject").FillAsync(subject);
        await page.Locator("#audience-kind label:has-text('A saved segment')").ClickAsync();
        await page.Locator(".mud-input-control:has(#audience-segment)").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = group }).ClickAsync();
        await Assertions.Expect(page.Locator("#audience-estimate")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"));
        var recipients = int.Parse(await page.Locator("#audience-estimate").InnerTextAsync());
        await page.ClickAsync("#send-now");
        await page.Locator(".mud-dialog button:has-text('Send now')").ClickAsync();
        await Assertions.Expect(page.Locator("#mailing-status")).ToContainTextAsync("Completed", new() { Timeout = 40_000 });

        var outbox = await browser.NewPageAsync(1366, 900);
        await outbox.GotoAsync("/dev/outbox");
        var row = outbox.Locator("tr", new() { Has = outbox.Locator(".outbox-body", new() { HasText = subject }) });
        await Assertions.Expect(row).ToHaveCountAsync(recipients);
        await Assertions.Expect(row.First).ToContainTextAsync("Email");
        await Assertions.Expect(row.First.Locator(".outbox-to")).ToContainTextAsync("@mail.example");
        await outbox.CloseAsync();
    }

    /// <summary>Customers → Excel, opened with ClosedXML.</summary>
    private static async Task ExportCustomersAsync(IPage page)
    {
        await SignInSteps.OpenAsync(page, "/partner/customers");
        await Assertions.Expect(page.Locator("#customers-grid tbody tr").First).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-customers"));
        var file = Path.Combine(Path.GetTempPath(), $"customers-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        try
        {
            using var workbook = new XLWorkbook(file);
            var sheet = workbook.Worksheet("Customers");
            Assert.Equal("Name", sheet.Cell(1, 1).GetString());
            Assert.True(sheet.LastRowUsed().RowNumber() > 1, "The export should hold the demo partner's customers.");
            Assert.Contains(sheet.Column(1).CellsUsed(), c => c.GetString().StartsWith("Aigerim", StringComparison.Ordinal));
        }
        finally { File.Delete(file); }
    }

    /// <summary>A new terminal key, created in the cabinet and shown once.</summary>
    private static async Task<string> NewTerminalKeyAsync(IPage page)
    {
        await SignInSteps.OpenAsync(page, "/partner/terminals");
        await page.ClickAsync("#new-terminal");
        await page.Locator("#terminal-name").FillAsync("Live till");
        await page.ClickAsync("#terminal-create");
        var key = await page.Locator("#terminal-key").InputValueAsync();
        await page.ClickAsync("#terminal-done");
        return key;
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

        // A cashier has nothing else: the menu offers the till alone (no contests since 0290), the customers grid is refused.
        await Assertions.Expect(page.Locator("a[href='/partner/contests']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("a[href='/partner/cashier']")).ToHaveCountAsync(1);
        await page.GotoAsync("/partner/customers");
        await Assertions.Expect(page.Locator("#customers-grid")).ToHaveCountAsync(0);
    }

    /// <summary>A member in the partner's RFM drill-down opens that member's customer card, as in the operator's console.</summary>
    [Fact]
    public async Task PartnerAdmin_OpensACustomerCard_FromTheRfmDrillDown()
    {
        var page = await browser.NewPageAsync(1366, 900);
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);
        await page.WaitForURLAsync("**/partner");
        await SignInSteps.OpenAsync(page, "/partner/rfm");
        var member = page.Locator("#rfm-members tbody tr").First;
        await Assertions.Expect(member).ToBeVisibleAsync();
        await member.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/partner/customers/[0-9a-fA-F-]{36}$"));
        await Assertions.Expect(page.Locator("#customer-name")).ToBeVisibleAsync();
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
