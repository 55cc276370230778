using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Loyalty.Core.Pos;
using Loyalty.Core.Reviews;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Campaigns;

/// <summary>The trigger campaigns run twice (and concurrently) without rewarding anyone twice.</summary>
public class CampaignTriggerTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private async Task<Guid> LaunchAsync(CampaignForm form, Guid? owner)
    {
        var id = await Database.Get<SaveCampaign>().HandleAsync(owner, null, form);
        await Database.Get<ChangeCampaignStatus>().HandleAsync(owner, id, CampaignAction.Launch);
        return id;
    }

    [Fact]
    public async Task Birthday_IssuesOneCertificateWithAGreeting_HoweverOftenItRuns()
    {
        var member = await Scenario.RegisterAsync("+77015550001", "Aigerim");
        var later = await Scenario.RegisterAsync("+77015550002");
        await using (var db = Database.Open())
        {
            await db.Customers.Where(c => c.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.BirthDate, new DateOnly(1990, 11, 28)));
            await db.Customers.Where(c => c.Id == later.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.BirthDate, new DateOnly(1990, 12, 28)));
        }
        await LaunchAsync(new CampaignForm("Happy birthday", null, CampaignType.Birthday, Now.AddDays(-1), null, RewardKind.Certificate, 1_000m,
            TriggerDays: 5, CertificateValidDays: 15, CertificateCapPercent: 7m), owner: null);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Database.Get<RunCampaignTriggers>().HandleAsync())));
        await Database.Get<RunCampaignTriggers>().HandleAsync();

        Assert.Equal(1, runs.Sum(r => r.Rewarded));
        await using var check = Database.Open();
        var certificate = await check.Certificates.SingleAsync();
        Assert.Equal(member.Id, certificate.CustomerId);
        Assert.Equal(1_000_00, certificate.Value);
        Assert.Equal(700, certificate.CapBp);
        Assert.Equal(Now.AddDays(15), certificate.ExpiresAt);
        var greeting = await check.OutgoingMessages.SingleAsync(m => m.CustomerId == member.Id && m.Channel == MessageChannel.InApp);
        Assert.StartsWith("Happy birthday, Aigerim!", greeting.Body);

        // The certificate pays at most 7 % of a receipt at any partner (the operator's certificate).
        var quote = await Database.Get<QuotePurchase>().HandleAsync(Scenario.Caller, new PurchaseRequest(member.Id.ToString(), null, 20_000m, 0, null, null, certificate.Code));
        Assert.Equal(1_000m, quote.Certificate!.Discount);
    }

    [Fact]
    public async Task WinBack_RewardsALapseOnce_AndANewLapseAgain()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        await Scenario.BuyAsync(member.Id, 1_000m);
        await LaunchAsync(new CampaignForm("We miss you", null, CampaignType.WinBack, Now.AddDays(-1), null, RewardKind.Certificate, 2_000m,
            TriggerDays: 15), Scenario.Partner.Id);

        Assert.Equal(0, (await Database.Get<RunCampaignTriggers>().HandleAsync()).Rewarded);
        Database.Clock.Advance(TimeSpan.FromDays(16));
        Assert.Equal(1, (await Database.Get<RunCampaignTriggers>().HandleAsync()).Rewarded);
        Assert.Equal(0, (await Database.Get<RunCampaignTriggers>().HandleAsync()).Rewarded);

        // Back, then lapsed again: a new occasion.
        await Scenario.BuyAsync(member.Id, 1_000m);
        Database.Clock.Advance(TimeSpan.FromDays(16));
        Assert.Equal(1, (await Database.Get<RunCampaignTriggers>().HandleAsync()).Rewarded);
        await using var db = Database.Open();
        Assert.Equal(2, await db.Certificates.CountAsync(c => c.CustomerId == member.Id));
    }

    [Fact]
    public async Task Welcome_CreditsPointsThroughTheLedgerOnce_AndAControlGroupIsHeldOut()
    {
        var id = await LaunchAsync(new CampaignForm("Welcome", null, CampaignType.Welcome, Now.AddMinutes(-1), null, RewardKind.FixedPoints, 100m,
            ControlPercent: 50), owner: null);
        var members = new List<Customer>();
        for (var i = 0; i < 20; i++) members.Add(await Scenario.RegisterAsync($"+7701555{i:0000}"));

        var first = await Database.Get<RunCampaignTriggers>().HandleAsync();
        var second = await Database.Get<RunCampaignTriggers>().HandleAsync();

        Assert.Equal(20, first.Rewarded + first.HeldOut);
        Assert.Equal(0, second.Rewarded + second.HeldOut);
        var expectedControl = members.Count(m => CampaignRules.Assign(id, m.Id, 50, false) == TestArm.Control);
        Assert.Equal(expectedControl, first.HeldOut);
        foreach (var m in members)
        {
            var expected = CampaignRules.Assign(id, m.Id, 50, false) == TestArm.Control ? Scenario.WelcomeBonus : Scenario.WelcomeBonus + 100_00;
            Assert.Equal(expected, await Scenario.BalanceAsync(m.Id));
        }
        await using var db = Database.Open();
        Assert.Equal(20 - expectedControl, await db.Transfers.CountAsync(t => t.Reason == CampaignReasons.TriggerReward));
        await Scenario.AssertLedgerHealthyAsync();

        var results = await Database.Get<GetCampaignResults>().HandleAsync(null, id);
        Assert.Equal(expectedControl, results.Arms.Single(a => a.Variant == TestArm.Control).Members);
    }

    [Fact]
    public async Task Review_EarnsOnceAfterModeration_FlaggedWaits_AndAHandRewardIsNotPaidTwice()
    {
        await LaunchAsync(new CampaignForm("Thanks for the review", null, CampaignType.Review, Now.AddMinutes(-1), null, RewardKind.FixedPoints, 1_000m,
            TriggerDays: 3), Scenario.Partner.Id);
        var writer = await Scenario.RegisterAsync("+77015550001", "Aigerim");
        var flagged = await Scenario.RegisterAsync("+77015550002");
        var thanked = await Scenario.RegisterAsync("+77015550003");
        var submit = Database.Get<SubmitReview>();
        var reviews = Database.Get<ManagePartnerReviews>();
        var first = await submit.HandleAsync(writer.Id, (await Scenario.BuyAsync(writer.Id, 1_000m)).Body.TransactionId, 5, "Great coffee");
        var second = await submit.HandleAsync(writer.Id, (await Scenario.BuyAsync(writer.Id, 1_000m)).Body.TransactionId, 4, null);
        var rude = await submit.HandleAsync(flagged.Id, (await Scenario.BuyAsync(flagged.Id, 1_000m)).Body.TransactionId, 1, "Spam spam");
        var byHand = await submit.HandleAsync(thanked.Id, (await Scenario.BuyAsync(thanked.Id, 1_000m)).Body.TransactionId, 5, "Lovely");
        await reviews.FlagAsync(Scenario.Partner.Id, rude, "Spam, not a review", "partner@test");
        await reviews.RewardAsync(Scenario.Partner.Id, byHand, 50m, "partner@test");

        // Within the moderation window nothing is paid.
        Assert.Equal(0, (await Database.Get<RunCampaignTriggers>().HandleAsync()).Rewarded);
        Database.Clock.Advance(TimeSpan.FromDays(4));
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Database.Get<RunCampaignTriggers>().HandleAsync())));
        Assert.Equal(0, (await Database.Get<RunCampaignTriggers>().HandleAsync()).Rewarded);

        Assert.Equal(2, runs.Sum(r => r.Rewarded));
        await using var db = Database.Open();
        var rewarded = await db.Transfers.Where(t => t.Reason == CampaignReasons.TriggerReward).Select(t => t.CustomerId).ToListAsync();
        Assert.Equal(new Guid?[] { writer.Id, writer.Id }, rewarded);
        Assert.Equal(1_000_00, await db.Reviews.Where(r => r.Id == first).Select(r => r.RewardPoints).SingleAsync());
        Assert.NotNull(await db.Reviews.Where(r => r.Id == second).Select(r => r.RewardedAt).SingleAsync());
        Assert.Null(await db.Reviews.Where(r => r.Id == rude).Select(r => r.RewardedAt).SingleAsync());
        Assert.Equal(50_00, await db.Reviews.Where(r => r.Id == byHand).Select(r => r.RewardPoints).SingleAsync());
        var greeting = await db.OutgoingMessages.FirstAsync(m => m.CustomerId == writer.Id && m.Subject == "Thanks for the review");
        Assert.StartsWith("Thank you for your review, Aigerim!", greeting.Body);
        await Scenario.AssertLedgerHealthyAsync();
    }
}
