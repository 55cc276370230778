using System.Text;
using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class PartnerMailingAndReviewScreensTests(BrowserFixture browser)
{
    /// <summary>
    /// The partner's own mailing, end to end: a group imported from a file, an e-mail composed for it, sent, dispatched by
    /// the jobs and found in the outbox addressed to the group's member (Development's outbox stands in for SMTP here).
    /// </summary>
    [Fact]
    public async Task PartnerAdmin_ImportsAGroup_AndSendsItAnEMail_ThatReachesTheOutbox()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var group = "Newsletter testers " + suffix;
        var subject = "Spring tasting " + suffix;
        var page = await browser.NewPageAsync(1366, 900);
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);
        await page.WaitForURLAsync("**/partner");

        // Create the group and add its members: a CSV of twenty demo members' phones (about half agreed to e-mail).
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

        // Compose an e-mail for that group and send it now.
        await SignInSteps.OpenAsync(page, "/partner/mailings/new");
        await page.Locator("#mailing-name").FillAsync("Tasting invite " + suffix);
        await page.Locator("#mailing-channel button").Nth(0).ClickAsync();
        await page.Locator("#mailing-subject").FillAsync(subject);
        await page.Locator("#audience-kind label:has-text('A saved segment')").ClickAsync();
        await page.Locator(".mud-input-control:has(#audience-segment)").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = group }).ClickAsync();
        await Assertions.Expect(page.Locator("#audience-estimate")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        var recipients = int.Parse(await page.Locator("#audience-estimate").InnerTextAsync());
        await page.ClickAsync("#send-now");
        await page.Locator(".mud-dialog button:has-text('Send now')").ClickAsync();
        await Assertions.Expect(page.Locator("#mailing-status")).ToContainTextAsync("Completed", new() { Timeout = 40_000 });

        // It went out: one e-mail per member of the group who agreed to e-mail, with the subject.
        var outbox = await browser.NewPageAsync(1366, 900);
        await outbox.GotoAsync("/dev/outbox");
        var row = outbox.Locator("tr", new() { Has = outbox.Locator(".outbox-body", new() { HasText = subject }) });
        await Assertions.Expect(row).ToHaveCountAsync(recipients);
        await Assertions.Expect(row.First).ToContainTextAsync("Email");
        await Assertions.Expect(row.First.Locator(".outbox-to")).ToContainTextAsync("@mail.example");
    }

    /// <summary>The partner replies to a review in the cabinet; the reply appears under the review on its public page.</summary>
    [Fact]
    public async Task PartnerAdmin_RepliesToAReview_AndTheReplyIsPublicOnThePortal()
    {
        var reply = "Thank you, see you soon! " + Guid.NewGuid().ToString("N")[..6];
        var page = await browser.NewPageAsync(1366, 900);
        await SignInSteps.StaffAsync(page, DemoSeeder.PartnerEmail);
        await page.WaitForURLAsync("**/partner");
        await SignInSteps.OpenAsync(page, "/partner/reviews");

        // Any published review (the demo's flagged one, about another shop, is hidden from the portal).
        var review = page.Locator("#reviews-grid tbody tr", new() { Has = page.Locator(".review-reply-button"), HasNotText = "Raiymbek" }).First;
        await review.Locator(".review-reply-button").ClickAsync();
        await page.Locator("#reply-text").FillAsync(reply);
        await page.ClickAsync("#review-action-submit");
        await Assertions.Expect(page.Locator("#reviews-grid")).ToContainTextAsync(reply);

        var visitor = await browser.NewPageAsync(390, 844);
        await visitor.GotoAsync("/partners/magnum-fresh");
        await Assertions.Expect(visitor.Locator(".review-reply", new() { HasText = reply })).ToBeVisibleAsync();
    }
}
