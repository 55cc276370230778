using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.News;
using Loyalty.Core.Portal;
using Loyalty.Core.Reviews;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Portal;

public class MemberAreaTests : ScenarioTest
{
    [Fact]
    public async Task Review_RewardedTwiceAtOnce_PaysOnce_AndTheLedgerStaysBalanced()
    {
        var member = await Scenario.RegisterAsync("+77010002001");
        var purchase = await Scenario.BuyAsync(member.Id, 2_000m);
        var reviewId = await Database.Get<SubmitReview>().HandleAsync(member.Id, purchase.Body.TransactionId, 5, "Great");
        var before = await Scenario.BalanceAsync(member.Id);

        var reviews = Database.Get<ManagePartnerReviews>();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try { await reviews.RewardAsync(Scenario.Partner.Id, reviewId, 25m, "test"); return true; }
            catch (DomainException e) when (e.Code == "review-rewarded") { return false; }
        }));

        Assert.Equal(1, attempts.Count(ok => ok));
        Assert.Equal(before + 25_00, await Scenario.BalanceAsync(member.Id));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task FlaggedReview_WaitsForTheOperator_WhoHidesOrRestoresIt()
    {
        var member = await Scenario.RegisterAsync("+77010002011");
        var good = await Scenario.BuyAsync(member.Id, 1_000m);
        var bad = await Scenario.BuyAsync(member.Id, 1_000m);
        await Database.Get<SubmitReview>().HandleAsync(member.Id, good.Body.TransactionId, 5, "Lovely shop");
        var flaggedId = await Database.Get<SubmitReview>().HandleAsync(member.Id, bad.Body.TransactionId, 1, "Call 555-0100 for cheaper milk");
        var partner = Database.Get<ManagePartnerReviews>();
        var moderation = Database.Get<ModerateReviews>();
        Assert.Equal(3.0, (await partner.SummaryAsync(Scenario.Partner.Id)).Average);

        await partner.FlagAsync(Scenario.Partner.Id, flaggedId, "Advertising another shop", "partner");
        Assert.Equal(5.0, (await partner.SummaryAsync(Scenario.Partner.Id)).Average); // out of the average while it waits
        var queue = await moderation.ListAsync(ReviewStatus.Flagged, 0, 20);
        var row = Assert.Single(queue.Items);
        Assert.Equal((flaggedId, "Advertising another shop", Scenario.Partner.Name), (row.Id, row.FlagReason, row.Partner));
        Assert.Equal(new ModerationCounts(1, 0), await moderation.CountsAsync());

        await moderation.HideAsync(flaggedId, "Spam", "operator@demo.local");
        Assert.Empty((await moderation.ListAsync(ReviewStatus.Flagged, 0, 20)).Items);
        Assert.Single((await moderation.ListAsync(ReviewStatus.Hidden, 0, 20)).Items);
        Assert.Equal(5.0, (await partner.SummaryAsync(Scenario.Partner.Id)).Average);
        Assert.Equal(ReviewStatus.Hidden, (await Database.Get<ListMyReviews>().HandleAsync(member.Id)).Single(r => r.Id == flaggedId).Status);
        var hideAgain = await Assert.ThrowsAsync<DomainException>(() => moderation.HideAsync(flaggedId, null, "operator@demo.local"));
        Assert.Equal("review-hidden", hideAgain.Code);

        await moderation.KeepAsync(flaggedId, null, "operator@demo.local"); // restored
        Assert.Equal(3.0, (await partner.SummaryAsync(Scenario.Partner.Id)).Average);
        Assert.Equal(new ModerationCounts(0, 0), await moderation.CountsAsync());
        await using var db = Database.Open();
        var log = await db.AuditEvents.Where(a => a.Kind == "review.hidden" || a.Kind == "review.kept").OrderBy(a => a.Id).Select(a => new { a.Kind, a.Actor, a.Summary }).ToListAsync();
        Assert.Equal(["review.hidden", "review.kept"], log.Select(l => l.Kind));
        Assert.All(log, l => Assert.Equal("operator@demo.local", l.Actor));
        Assert.Contains("Spam", log[0].Summary);
        await Assert.ThrowsAsync<DomainException>(() => moderation.KeepAsync(Guid.NewGuid(), null, "operator@demo.local"));
    }

    [Fact]
    public async Task Review_OnlyForOwnPurchase_OncePerPurchase_AndAnotherPartnerCannotTouchIt()
    {
        var member = await Scenario.RegisterAsync("+77010002002");
        var stranger = await Scenario.RegisterAsync("+77010002003");
        var purchase = await Scenario.BuyAsync(member.Id, 500m);
        var submit = Database.Get<SubmitReview>();

        await Assert.ThrowsAsync<DomainException>(() => submit.HandleAsync(stranger.Id, purchase.Body.TransactionId, 1, "fake"));
        var id = await submit.HandleAsync(member.Id, purchase.Body.TransactionId, 4, null);
        var again = await Assert.ThrowsAsync<DomainException>(() => submit.HandleAsync(member.Id, purchase.Body.TransactionId, 5, null));
        Assert.Equal("review-exists", again.Code);

        var notFound = await Assert.ThrowsAsync<DomainException>(() => Database.Get<ManagePartnerReviews>().ReplyAsync(Guid.NewGuid(), id, "Thanks", "x"));
        Assert.Equal(404, notFound.Status);
        await Database.Get<ManagePartnerReviews>().ReplyAsync(Scenario.Partner.Id, id, "Thank you!", "x");
        Assert.Equal("Thank you!", (await Database.Get<ListMyReviews>().HandleAsync(member.Id)).Single().Reply);
    }

    [Fact]
    public async Task DeletingTheAccount_ErasesPersonalData_ForfeitsPoints_AndKeepsTheLedgerWhole()
    {
        var member = await Scenario.RegisterAsync("+77010002004", "Aliya");
        await Scenario.BuyAsync(member.Id, 1_000m);
        await Database.Get<FollowPartner>().HandleAsync(member.Id, Scenario.Partner.Id, true);
        await Database.Get<GetVirtualCard>().HandleAsync(member.Id);

        await Database.Get<DeleteMemberAccount>().HandleAsync(member.Id);

        await using var db = Database.Open();
        var erased = await db.Customers.SingleAsync(c => c.Id == member.Id);
        Assert.Equal("Former member", erased.FirstName);
        Assert.DoesNotContain("77010002004", erased.Phone);
        Assert.Equal(CustomerStatus.Blocked, erased.Status);
        Assert.Equal(0, await Scenario.BalanceAsync(member.Id));
        Assert.False(await db.PartnerSubscriptions.AnyAsync(s => s.CustomerId == member.Id));
        Assert.False(await db.VirtualCards.AnyAsync(v => v.CustomerId == member.Id));
        await Scenario.AssertLedgerHealthyAsync();

        // The phone is free again: the person may join anew as a new member.
        var again = await Scenario.RegisterAsync("+77010002004", "Aliya");
        Assert.NotEqual(member.Id, again.Id);
    }

    [Fact]
    public async Task History_FiltersByKind_InTheDatabase()
    {
        var member = await Scenario.RegisterAsync("+77010002005");
        await Scenario.BuyAsync(member.Id, 1_000m);
        await Scenario.BuyAsync(member.Id, 1_000m, redeem: 100m);
        var history = Database.Get<ListMemberHistory>();

        var all = await history.HandleAsync(member.Id, new HistoryFilter(null, null, null));
        var spent = await history.HandleAsync(member.Id, new HistoryFilter(MovementKind.Spent, null, null));
        var earned = await history.HandleAsync(member.Id, new HistoryFilter(MovementKind.Earned, null, null));

        Assert.Equal(1, spent.Total);
        Assert.All(spent.Items, r => Assert.True(r.Main < 0));
        Assert.Equal(3, earned.Total); // welcome bonus and two purchases
        Assert.Equal(all.Total, spent.Total + earned.Total);
        var receipt = await Database.Get<GetMemberReceipt>().HandleAsync(member.Id, spent.Items[0].PurchaseId!.Value);
        Assert.Equal(100_00, receipt.Redeemed);
    }

    [Fact]
    public async Task Feed_ShowsCurrentPosts_TargetedOnesOnlyToTheirSegment()
    {
        var member = await Scenario.RegisterAsync("+77010002006");
        var posts = Database.Get<ManagePartnerPosts>();
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        await posts.SaveAsync(Scenario.Partner.Id, null, new PostForm(PostKind.Offer, "Live offer", "Body", now.AddHours(-1), now.AddDays(3), null), "t");
        await posts.SaveAsync(Scenario.Partner.Id, null, new PostForm(PostKind.Offer, "Draft", "Body", null, null, null), "t");
        await posts.SaveAsync(Scenario.Partner.Id, null, new PostForm(PostKind.News, "Tomorrow", "Body", now.AddDays(1), null, null), "t");

        var feed = await Database.Get<ListMemberFeed>().HandleAsync(member.Id, null, 10);
        Assert.Equal(["Live offer"], feed.Select(f => f.Post.Title));

        Database.Clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(["Tomorrow"], (await Database.Get<ListMemberFeed>().HandleAsync(null, null, 10)).Select(f => f.Post.Title));
    }

    [Fact]
    public async Task PartnerApplication_FromThePortal_LandsInTheOperatorsApplications()
    {
        var id = await Database.Get<SubmitPartnerApplication>().HandleAsync(new PartnerApplicationForm(
            "Green Bakery", null, null, Loyalty.Core.Partners.BusinessArea.Cafe.Id, "Almaty", null, "Bread since 1998", "Saule", "saule@bakery.kz", "+77015550000"), "KZ");

        var waiting = await Database.Get<Loyalty.Core.Partners.ReviewPartnerApplication>().ListAsync();
        var row = Assert.Single(waiting, a => a.Id == id);
        Assert.Equal(Loyalty.Core.Partners.PartnerStatus.Applied, row.Status);
        Assert.Equal("saule@bakery.kz", row.ContactEmail);

        await Assert.ThrowsAsync<ValidationException>(() => Database.Get<SubmitPartnerApplication>().HandleAsync(
            new PartnerApplicationForm("", null, null, null, "", null, null, "", "not-an-email", null), "KZ"));
    }

    [Fact]
    public async Task ContentPages_FallBackToTheStartingText_ThenShowWhatTheOperatorPublished()
    {
        var get = Database.Get<GetContentPage>();
        var initial = await get.HandleAsync(ContentKind.Faq, "ru");
        Assert.True(initial.IsDefault);
        Assert.NotEmpty(initial.Sections);

        await Database.Get<SaveContentPage>().HandleAsync(ContentKind.Faq, "ru", "Вопросы", "## Как?\nВот так.\n\n## Где?\nТам.", "op");
        var saved = await get.HandleAsync(ContentKind.Faq, "ru");
        Assert.Equal(["Как?", "Где?"], saved.Sections.Select(s => s.Heading));
        Assert.True((await get.HandleAsync(ContentKind.Faq, "en")).IsDefault);
    }
}
