using Loyalty.Data.Demo;
using Microsoft.Playwright;

namespace Loyalty.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class PartnerReviewScreensTests(BrowserFixture browser)
{
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
