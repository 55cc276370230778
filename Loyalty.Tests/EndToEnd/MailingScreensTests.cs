using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class MailingScreensTests(BrowserFixture browser)
{
    /// <summary>In-app on purpose: e-mail and SMS would land on /dev/outbox, where the sign-in steps read codes.</summary>
    [Fact]
    public async Task Operator_SendsAnInAppMailing_AndTheMemberReadsItInTheInbox()
    {
        var title = "Winter news " + Guid.NewGuid().ToString("N")[..6];
        var page = await browser.NewPageAsync();
        await SignInSteps.StaffAsync(page, DemoSeeder.OperatorEmail);
        await page.WaitForURLAsync("**/operator");
        await SignInSteps.OpenAsync(page, "/operator/mailings/new");

        await page.Locator("#mailing-name").FillAsync(title);
        await page.Locator("#mailing-channel button").Nth(2).ClickAsync();
        await page.Locator("#mailing-subject").FillAsync(title + " for {{ first_name }}");
        await page.ClickAsync("#preview-button");
        await Assertions.Expect(page.Locator("#preview-text")).ToContainTextAsync("points");
        await Assertions.Expect(page.Locator("#audience-estimate")).Not.ToHaveTextAsync("…");

        await page.ClickAsync("#send-now");
        await page.Locator(".mud-dialog button:has-text('Send now')").ClickAsync();
        // "Send now" schedules it for this instant; the fan-out job picks it up.
        await Assertions.Expect(page.Locator("#mailing-status")).Not.ToContainTextAsync("Draft");

        // The Quartz jobs queue and dispatch it within a couple of polling intervals; the page follows by itself.
        await Assertions.Expect(page.Locator("#mailing-status")).ToContainTextAsync("Completed", new() { Timeout = 40_000 });
        await Assertions.Expect(page.Locator("#mailing-figures")).ToContainTextAsync("Sent");

        var member = await browser.NewPageAsync(390, 844);
        await SignInSteps.CustomerAsync(member, DemoSeeder.CustomerPhone);
        await member.WaitForURLAsync("**/me");
        await SignInSteps.OpenAsync(member, "/me/inbox");
        var item = member.Locator("#inbox .mud-expand-panel", new() { HasText = title });
        await Assertions.Expect(item).ToContainTextAsync(title + " for Aigerim");
        await item.ClickAsync();
        await Assertions.Expect(item).ToContainTextAsync("points");
    }
}
