using System.Text.RegularExpressions;
using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class OperatorConsoleScreensTests(BrowserFixture browser)
{
    [Fact]
    public async Task Operator_ApprovesAnApplication_AndTheNewAdminSignsInToAnEmptyCabinet()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.OperatorEmail);
        await page.WaitForURLAsync("**/operator");
        await SignInSteps.OpenAsync(page, "/operator/partners");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Applications" }).ClickAsync();
        var card = page.Locator(".application-card", new() { HasText = "Shyraq Books" });
        await card.Locator(".application-approve").ClickAsync();
        await page.Locator("#approve-fee").FillAsync("2.5");
        await page.ClickAsync("#approve-confirm");
        await Assertions.Expect(page.GetByText("Shyraq Books is active")).ToBeVisibleAsync();

        // The invitation goes out through the outbox like every e-mail; the developer's outbox shows it.
        var applicant = await browser.NewPageAsync();
        string? link = null;
        for (var attempt = 0; attempt < 40 && link is null; attempt++)
        {
            await SignInSteps.OpenAsync(applicant, "/dev/outbox");
            var body = await applicant.Locator(".outbox-body", new() { HasText = "Welcome to OneCard, Shyraq Books" }).AllTextContentsAsync();
            link = body.Select(b => Regex.Match(b, @"/account/set-password\?[^\s]+").Value).FirstOrDefault(l => l.Length > 0);
            if (link is null) await applicant.WaitForTimeoutAsync(1_000);
        }
        Assert.NotNull(link);

        await applicant.GotoAsync(link);
        await applicant.FillAsync("#new-password", "Books2026!");
        await applicant.FillAsync("#confirm-password", "Books2026!");
        await applicant.ClickAsync("#set-password-submit");
        await Assertions.Expect(applicant.Locator("#password-set")).ToBeVisibleAsync();
        await SignInSteps.StaffAsync(applicant, "owner@shyraq.example", "Books2026!");
        await applicant.WaitForURLAsync("**/partner");

        await Assertions.Expect(applicant.Locator("#partner-name")).ToHaveTextAsync("Shyraq Books");
        await Assertions.Expect(applicant.Locator(".kpi-value").First).ToContainTextAsync("0");
        await SignInSteps.OpenAsync(applicant, "/partner/settlements");
        await Assertions.Expect(applicant.Locator("#partner-settlements")).ToContainTextAsync("No statements yet");
    }

    [Fact]
    public async Task Operator_AdjustsPointsWithAReason_AndFindsItInTheDataLog()
    {
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.OperatorEmail);
        await page.WaitForURLAsync("**/operator");
        await SignInSteps.OpenAsync(page, "/operator/customers");
        await page.Locator("#customer-search").FillAsync(DemoSeeder.CustomerPhone);
        var rows = page.Locator("#customers-grid tbody tr");
        // Wait for the filtered page (debounced server reload) so the click does not land on a row being replaced.
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Aigerim");
        await rows.First.ClickAsync();
        await Assertions.Expect(page.Locator("#customer-name")).ToContainTextAsync("Aigerim");
        await page.ClickAsync("#adjust-points");
        await page.Locator("#adjust-amount").FillAsync("77");
        await page.Locator("#adjust-reason").FillAsync("Parking refund case 4411");
        await page.ClickAsync("#adjust-save");
        await Assertions.Expect(page.Locator("#transfers")).ToContainTextAsync("Parking refund case 4411");
        await Assertions.Expect(page.Locator("#member-audit")).ToContainTextAsync("Parking refund case 4411");

        await SignInSteps.OpenAsync(page, "/operator/audit");
        await page.Locator("#audit-search").FillAsync("case 4411");
        var found = page.Locator("#audit-grid tbody tr");
        await Assertions.Expect(found).ToHaveCountAsync(1);
        await Assertions.Expect(found.First).ToContainTextAsync("points.adjusted");
        await Assertions.Expect(found.First).ToContainTextAsync("Parking refund case 4411");
        await Assertions.Expect(found.First).ToContainTextAsync(DemoSeeder.OperatorEmail);
    }
}
