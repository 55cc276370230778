using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Contests;
using Loyalty.Core.Integrations;
using Loyalty.Core.News;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Partners;
using Loyalty.Core.Reviews;
using Loyalty.Core.Webhooks;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.PartnerCrm;

/// <summary>
/// Partner A's staff, holding ids taken from partner B's URLs, can neither read nor change B's campaigns, posts (and their
/// pictures), terminals, integration keys, webhook subscriptions and deliveries, or contests: every such id answers "not
/// found" (or changes nothing), and B's rows are untouched afterwards.
/// </summary>
public class CabinetIsolationTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    private async Task<Scenario> OtherAsync() => await Scenario.CreateAsync(Database.Services);

    private static async Task NotFoundAsync(Func<Task> act)
    {
        var e = await Assert.ThrowsAsync<DomainException>(act);
        Assert.Equal(404, e.Status);
    }

    [Fact]
    public async Task Campaigns_OfAnotherPartner_CannotBeEditedPausedOrRead()
    {
        var b = await OtherAsync();
        var form = new CampaignForm("B's welcome", null, CampaignType.Welcome, Now.AddMinutes(-1), null, RewardKind.FixedPoints, 100m);
        var id = await Database.Get<SaveCampaign>().HandleAsync(b.Partner.Id, null, form);
        await Database.Get<ChangeCampaignStatus>().HandleAsync(b.Partner.Id, id, CampaignAction.Launch);
        var a = Scenario.Partner.Id;

        await NotFoundAsync(() => Database.Get<SaveCampaign>().HandleAsync(a, id, form with { Name = "Hijacked" }));
        await NotFoundAsync(() => Database.Get<ChangeCampaignStatus>().HandleAsync(a, id, CampaignAction.Pause));
        await NotFoundAsync(() => Database.Get<GetCampaignResults>().HandleAsync(a, id));

        await using var db = Database.Open();
        var campaign = await db.Campaigns.SingleAsync(c => c.Id == id);
        Assert.Equal(("B's welcome", CampaignStatus.Active), (campaign.Name, campaign.Status));
    }

    [Fact]
    public async Task NewsPosts_OfAnotherPartner_CannotBeEditedArchivedOrGivenAPicture_AndTheirDraftPictureIsNotServed()
    {
        var b = await OtherAsync();
        var posts = Database.Get<ManagePartnerPosts>();
        var draft = await posts.SaveAsync(b.Partner.Id, null, new PostForm(PostKind.News, "B's draft", "Soon", null, null, null), "b");
        await posts.SetImageAsync(b.Partner.Id, draft, Png, "b");
        var a = Scenario.Partner.Id;

        await NotFoundAsync(() => posts.SaveAsync(a, draft, new PostForm(PostKind.News, "Hijacked", "x", Now, null, null), "a"));
        await NotFoundAsync(() => posts.ArchiveAsync(a, draft, "a"));
        await NotFoundAsync(() => posts.SetImageAsync(a, draft, Png, "a"));
        await NotFoundAsync(() => posts.RemoveImageAsync(a, draft, "a"));
        Assert.DoesNotContain(await posts.ListAsync(a), p => p.Id == draft);

        var image = Database.Get<GetPostImage>();
        Assert.Null(await image.HandleAsync(draft, a));
        Assert.Null(await image.HandleAsync(draft, null));
        Assert.NotNull(await image.HandleAsync(draft, b.Partner.Id));
        await using var db = Database.Open();
        Assert.Equal(("B's draft", false), await db.PartnerPosts.Where(p => p.Id == draft).Select(p => ValueTuple.Create(p.Title, p.IsArchived)).SingleAsync());
    }

    [Fact]
    public async Task Terminals_IntegrationKeys_AndWebhooks_OfAnotherPartner_CannotBeTouched()
    {
        var b = await OtherAsync();
        var a = Scenario.Partner.Id;
        var terminal = b.Caller.TerminalId;
        await NotFoundAsync(() => Database.Get<RevokeTerminal>().HandleAsync(a, terminal, "a"));
        Assert.DoesNotContain(await Database.Get<ListTerminals>().HandleAsync(a), t => t.Id == terminal);

        var integration = await Database.Get<CreateIntegration>().HandleAsync(b.Partner.Id, b.Store.Id, "B's shop", IntegrationScopes.All, "b");
        await NotFoundAsync(() => Database.Get<RevokeIntegration>().HandleAsync(a, integration.Id, "a"));
        Assert.Empty(await Database.Get<ListIntegrations>().HandleAsync(a));

        var hook = await Database.Get<SaveWebhookSubscription>().HandleAsync(b.Partner.Id, null, new WebhookForm("https://b.example/hook", [WebhookEvents.Purchase]), "b");
        await NotFoundAsync(() => Database.Get<SaveWebhookSubscription>().HandleAsync(a, hook, new WebhookForm("https://evil.example/hook", [WebhookEvents.Purchase]), "a"));
        await NotFoundAsync(() => Database.Get<RotateWebhookSecret>().HandleAsync(a, hook, "a"));
        Assert.Empty(await Database.Get<ListWebhookSubscriptions>().HandleAsync(a));

        // A delivery of B's (a purchase at B with the hook active) cannot be replayed or inspected by A.
        var member = await b.RegisterAsync("+77015550901");
        await b.BuyAsync(member.Id, 100m);
        await using var db = Database.Open();
        // A failed delivery of that event, as the dispatcher leaves it after its last attempt (no real endpoint is called here).
        var sql = await RawSql.OnAsync(db, default);
        await sql.ExecuteAsync("""
            INSERT INTO "WebhookDeliveries" ("SubscriptionId", "EventId", "Status", "Attempts", "NextAttemptAt")
            SELECT @sub, "Id", 2, 5, @now FROM "IntegrationEvents" WHERE "PartnerId" = @partner
            """, default, ("@sub", hook), ("@now", Now), ("@partner", b.Partner.Id));
        var delivery = await db.WebhookDeliveries.Where(d => d.SubscriptionId == hook).Select(d => d.Id).FirstAsync();
        Assert.Equal(0, await Database.Get<ReplayWebhookDelivery>().HandleAsync(a, [delivery], "a"));
        Assert.Empty(await Database.Get<ListWebhookAttempts>().HandleAsync(a, delivery));
        Assert.Equal(DeliveryStatus.Failed, await db.WebhookDeliveries.Where(d => d.Id == delivery).Select(d => d.Status).SingleAsync());
        Assert.Equal("https://b.example/hook", await db.WebhookSubscriptions.Where(s => s.Id == hook).Select(s => s.Url).SingleAsync());
        Assert.Null(await db.PosTerminals.Where(t => t.Id == terminal).Select(t => t.RevokedAt).SingleAsync());
    }

    [Fact]
    public async Task Contests_OfAnotherPartner_CannotBeReadEditedOrCancelled()
    {
        var b = await OtherAsync();
        var form = new ContestForm
        {
            Title = "B's draw", Kind = ContestKind.Draw, StartsAt = Now.AddHours(1), EndsAt = Now.AddDays(10), EntryRule = EntryRule.PerPurchase,
            OnePrizePerCustomer = true, Prizes = [new PrizeForm { Kind = PrizeKind.Points, Title = "500 points", Points = 500, Quantity = 1 }],
        };
        var id = await Database.Get<SaveContest>().HandleAsync(b.Partner.Id, null, form, "b");
        var a = Scenario.Partner.Id;
        await NotFoundAsync(() => Database.Get<GetContest>().HandleAsync(id, a, false));
        form.Title = "Hijacked";
        await NotFoundAsync(() => Database.Get<SaveContest>().HandleAsync(a, id, form, "a"));
        await NotFoundAsync(() => Database.Get<CancelContest>().HandleAsync(id, a, "a"));
        Assert.Equal(0, (await Database.Get<ListContests>().HandleAsync(a, false, 0, 20)).Total);
    }

    [Fact]
    public async Task CustomerCard_ListsTheMembersReviewsOfThisPartnerOnly()
    {
        var b = await OtherAsync();
        var member = await Scenario.RegisterAsync("+77015550902", "Aru");
        var ours = await Scenario.BuyAsync(member.Id, 1_000m);
        var theirs = await b.BuyAsync(member.Id, 1_000m);
        await Database.Get<SubmitReview>().HandleAsync(member.Id, ours.Body.TransactionId, 4, "Good coffee");
        await Database.Get<SubmitReview>().HandleAsync(member.Id, theirs.Body.TransactionId, 1, "Secret about B");

        var card = await Database.Get<GetPartnerCustomerCard>().HandleAsync(PartnerStaff.Admin(Scenario.Partner.Id), member.Id);
        var review = Assert.Single(card.Reviews);
        Assert.Equal((4, "Good coffee", "Central"), (review.Rating, review.Text, review.Store));
    }
}
