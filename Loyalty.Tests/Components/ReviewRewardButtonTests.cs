using Bunit;
using Loyalty.Core.Identity;
using Loyalty.Core.Reviews;
using Loyalty.Web.Partner.Reviews;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Components;

/// <summary>The partner's reviews page, rendered with bUnit against the real use case and a real SQLite file: the "Reward" button.</summary>
public class ReviewRewardButtonTests : DatabaseComponentTest
{
    protected override (string Email, string Role)? SignedInStaff => ("admin@partner.test", Roles.PartnerAdmin);

    /// <summary>A member's purchase at the scenario's partner, and their 5-star review of it.</summary>
    private async Task<(Guid Member, Guid Review)> ReviewedPurchaseAsync()
    {
        var member = await Scenario.RegisterAsync("+77010003001", "Aru");
        var purchase = await Scenario.BuyAsync(member.Id, 2_000m);
        var review = await Database.Get<SubmitReview>().HandleAsync(member.Id, purchase.Body.TransactionId, 5, "Friendly cashier");
        return (member.Id, review);
    }

    private IRenderedComponent<ReviewsPage> PageWithTheReview()
    {
        var page = Render<ReviewsPage>();
        page.WaitForAssertion(() => Assert.False(page.Find(".review-reward-button").HasAttribute("disabled")), TimeSpan.FromSeconds(10));
        return page;
    }

    private static async Task RewardThroughTheFormAsync(IRenderedComponent<ReviewsPage> page, string points)
    {
        await page.InvokeAsync(() => page.Find(".review-reward-button").ClickAsync(new MouseEventArgs()));
        await page.InvokeAsync(() => page.Find("#reward-points").Change(points));
        await page.InvokeAsync(() => page.Find("#review-action-submit").ClickAsync(new MouseEventArgs()));
    }

    private async Task<int> RewardTransfersAsync(Guid member)
    {
        await using var db = Database.Open();
        return await db.Transfers.CountAsync(t => t.Reason == Review.RewardReason && t.CustomerId == member);
    }

    [Fact]
    public async Task Reward_ThroughThePage_PaysTheMemberOnce_AndTheButtonThenShowsItWasRewarded()
    {
        var (member, reviewId) = await ReviewedPurchaseAsync();
        var before = await Scenario.BalanceAsync(member);
        var page = PageWithTheReview();

        await RewardThroughTheFormAsync(page, "25");

        page.WaitForAssertion(() =>
        {
            Assert.True(page.Find(".review-reward-button").HasAttribute("disabled"));
            Assert.Contains("+25", page.Find("#reviews-grid").TextContent);
        }, TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("#review-action-submit"));
        Assert.Equal(before + 25_00, await Scenario.BalanceAsync(member));
        Assert.Equal(1, await RewardTransfersAsync(member));
        await using (var db = Database.Open())
            Assert.Equal(25_00, await db.Reviews.Where(r => r.Id == reviewId).Select(r => r.RewardPoints).SingleAsync());

        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Reward_ConfirmedAgainFromAPageOpenedBeforeTheFirst_IsRefusedWithAMessage_AndPaysNothingMore()
    {
        var (member, _) = await ReviewedPurchaseAsync();
        var before = await Scenario.BalanceAsync(member);
        // Two tabs show the review unrewarded; the second one has its reward form open.
        var first = PageWithTheReview();
        var second = PageWithTheReview();
        await second.InvokeAsync(() => second.Find(".review-reward-button").ClickAsync(new MouseEventArgs()));

        await RewardThroughTheFormAsync(first, "25");
        first.WaitForAssertion(() => Assert.True(first.Find(".review-reward-button").HasAttribute("disabled")), TimeSpan.FromSeconds(10));
        await second.InvokeAsync(() => second.Find("#reward-points").Change("40"));
        await second.InvokeAsync(() => second.Find("#review-action-submit").ClickAsync(new MouseEventArgs()));

        second.WaitForAssertion(() => Assert.Contains("This review has already been rewarded.", second.Markup), TimeSpan.FromSeconds(10));
        Assert.Equal(before + 25_00, await Scenario.BalanceAsync(member));
        Assert.Equal(1, await RewardTransfersAsync(member));
        await Scenario.AssertLedgerHealthyAsync();
    }
}
