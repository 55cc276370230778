using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Reviews;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Loyalty.Tests.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.PartnerCrm;

/// <summary>
/// The cabinet's Mailings and Reviews screens, as partner A's staff holding ids taken from partner B's URLs: B's mailings
/// cannot be read, edited, scheduled, unscheduled or cancelled, their figures and messages stay hidden, A's previews and
/// test messages never render one of B's members; B's reviews are neither listed nor answered, flagged or rewarded. Each
/// such id answers "not found", exactly like an id that does not exist, and B's rows are untouched afterwards.
/// </summary>
public class MailingAndReviewIsolationTests : MessagingTest
{
    private Scenario _b = default!;

    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private Guid A => Scenario.Partner.Id;

    private async Task<Scenario> PartnerBAsync() => _b = await Scenario.CreateAsync(Database.Services);

    private static async Task NotFoundAsync(Func<Task> act)
    {
        var e = await Assert.ThrowsAsync<DomainException>(act);
        Assert.Equal(404, e.Status);
    }

    /// <summary>A member of partner B (one purchase there) who agreed to e-mail news.</summary>
    private async Task<Customer> MemberOfBAsync(string phone, string name, string email)
    {
        var member = await _b.RegisterAsync(phone, name);
        await Get<ContactPreferences>().SaveAsync(member.Id, email, true, false);
        await _b.BuyAsync(member.Id, 1_000m);
        return member;
    }

    private static MailingDraft Draft(string name, string body = "Hi {{ first_name }}") =>
        new(name, MessageChannel.Email, "News for {{ first_name }}", body, null, AudienceDefinition.All);

    [Fact]
    public async Task Mailings_OfAnotherPartner_CannotBeReadEditedScheduledUnscheduledOrCancelled()
    {
        await PartnerBAsync();
        var b = _b.Partner.Id;
        await MemberOfBAsync("+77015556001", "Bolat", "bolat@example.com");
        var save = Get<SaveMailing>();
        var draft = await save.HandleAsync(b, null, Draft("B's draft", "B's secret offer"), "b@test");
        var scheduled = await save.HandleAsync(b, null, Draft("B's scheduled"), "b@test");
        await Get<ScheduleMailing>().HandleAsync(b, scheduled, MailingAction.Schedule, Now.AddDays(3), "b@test");
        var sending = await save.HandleAsync(b, null, Draft("B's sending"), "b@test");
        await SendNowAsync(sending, b);

        var schedule = Get<ScheduleMailing>();
        await NotFoundAsync(() => Get<GetMailing>().HandleAsync(A, draft));
        await NotFoundAsync(() => save.HandleAsync(A, draft, Draft("Hijacked", "Hijacked body"), "a@test"));
        await NotFoundAsync(() => schedule.HandleAsync(A, draft, MailingAction.Schedule, Now.AddHours(1), "a@test"));
        await NotFoundAsync(() => schedule.HandleAsync(A, draft, MailingAction.SendNow, null, "a@test"));
        await NotFoundAsync(() => schedule.HandleAsync(A, scheduled, MailingAction.Unschedule, null, "a@test"));
        await NotFoundAsync(() => schedule.HandleAsync(A, scheduled, MailingAction.Cancel, null, "a@test"));
        await NotFoundAsync(() => schedule.HandleAsync(A, sending, MailingAction.Cancel, null, "a@test"));
        await NotFoundAsync(() => Get<GetMailingFigures>().HandleAsync(A, sending));

        // Nothing A tried reached B's mailings: same content and states, B's queued message still goes out.
        Assert.Equal(0, await Get<QueueDueMailings>().HandleAsync());
        await using (var db = Database.Open())
        {
            var mailings = await db.Mailings.AsNoTracking().Where(m => m.OwnerPartnerId == b).ToDictionaryAsync(m => m.Id);
            Assert.Equal(3, mailings.Count);
            Assert.Equal(("B's draft", "B's secret offer", MailingStatus.Draft), (mailings[draft].Name, mailings[draft].Body, mailings[draft].Status));
            Assert.Equal(MailingStatus.Scheduled, mailings[scheduled].Status);
            Assert.Equal(Now.AddDays(3), mailings[scheduled].ScheduledAt);
            Assert.Equal(MailingStatus.Sending, mailings[sending].Status);
            Assert.Equal(MessageStatus.Queued, await db.OutgoingMessages.Where(m => m.MailingId == sending).Select(m => m.Status).SingleAsync());
            Assert.False(await db.Mailings.AnyAsync(m => m.OwnerPartnerId == A));
            Assert.False(await db.AuditEvents.AnyAsync(e => e.Kind.StartsWith("mailing.") && e.PartnerId == A));
        }
        await Get<DispatchOutbox>().HandleAsync();
        Assert.Equal("bolat@example.com", Assert.Single(Database.Email.Sent).To);
        Assert.Equal(1, (await Get<GetMailingFigures>().HandleAsync(b, sending)).Sent);
    }

    [Fact]
    public async Task MailingList_AndMessageLog_OfOnePartner_HoldNoneOfAnothersMailingsOrMessages()
    {
        await PartnerBAsync();
        var b = _b.Partner.Id;
        await MemberAsync("+77015556011", "Aru", "aru@example.com", emailConsent: true, smsConsent: false);
        await MemberOfBAsync("+77015556012", "Bolat", "bolat@example.com");
        var ours = await Get<SaveMailing>().HandleAsync(A, null, Draft("A's news"), "a@test");
        var theirs = await Get<SaveMailing>().HandleAsync(b, null, Draft("B's news"), "b@test");
        await SendNowAsync(ours, A);
        await SendNowAsync(theirs, b);
        await Get<DispatchOutbox>().HandleAsync();

        var list = await Get<ListMailings>().HandleAsync(A, 0, 50);
        Assert.Equal((1, ours), (list.Total, Assert.Single(list.Items).Id));
        Assert.Equal([ours], (await Get<ListMailings>().HandleAsync(A, 0, 50, MailingStatus.Completed)).Items.Select(m => m.Id));

        // The log's "messages of this mailing" link with B's mailing id, or a search for B's member, finds nothing at A.
        var search = Get<SearchMessages>();
        MessageQuery Query(Guid? mailing = null, string? recipient = null) => new(recipient, null, null, mailing, null, null, 0, 50);
        Assert.Equal(0, (await search.HandleAsync(A, Query(mailing: theirs))).Total);
        Assert.Equal(0, (await search.HandleAsync(A, Query(recipient: "Bolat"))).Total);
        Assert.Equal(0, (await search.HandleAsync(A, Query(recipient: "bolat@example.com"))).Total);
        Assert.Equal("A's news", Assert.Single((await search.HandleAsync(A, Query())).Items).Mailing);
        // The same queries in B's own scope find B's message: the filters work, the scope is what hid it.
        Assert.Equal(1, (await search.HandleAsync(b, Query(mailing: theirs))).Total);
        Assert.Equal(1, (await search.HandleAsync(b, Query(recipient: "Bolat"))).Total);
    }

    [Fact]
    public async Task Preview_RendersForTheCallersOwnMember_NeverAnotherPartnersEvenThroughTheirSegmentId()
    {
        await PartnerBAsync();
        // B's member joins first, so an unscoped "first member of the audience" would be Bolat.
        await MemberOfBAsync("+77015556021", "Bolat", "bolat@example.com");
        await MemberAsync("+77015556022", "Aru", "aru@example.com", emailConsent: true, smsConsent: false);
        var preview = Get<PreviewMailing>();

        var own = await preview.HandleAsync(A, Draft("Preview", "Hi {{ first_name }} from {{ partner }}"));
        Assert.Equal("Aru", own.SampleRecipient);
        Assert.Contains($"Hi Aru from {Scenario.Partner.Name}", own.Text);
        Assert.DoesNotContain("Bolat", own.Text);

        // A member of both partners sits in B's group; A naming that group's id previews for the sample member, not for them.
        var shared = await Scenario.RegisterAsync("+77015556023", "Chingis");
        await Get<ContactPreferences>().SaveAsync(shared.Id, "chingis@example.com", true, false);
        await Scenario.BuyAsync(shared.Id, 500m);
        await _b.BuyAsync(shared.Id, 500m);
        var group = await StaticGroupOfBAsync("B's VIPs");
        Assert.Equal(1, await Get<ChangeGroupMembers>().HandleAsync(PartnerStaff.Admin(_b.Partner.Id), group, [shared.Id], true));
        var throughTheirGroup = Draft("Preview") with { Audience = new AudienceDefinition(AudienceKind.Segment, SegmentId: group) };
        Assert.Equal("Chingis", (await preview.HandleAsync(_b.Partner.Id, throughTheirGroup)).SampleRecipient);

        var leaked = await preview.HandleAsync(A, throughTheirGroup);
        Assert.Equal($"{RecipientData.Sample.FirstName} {RecipientData.Sample.LastName}", leaked.SampleRecipient);
        Assert.DoesNotContain("Chingis", leaked.Text);
        Assert.Equal(0, await Get<EstimateAudience>().HandleAsync(A, MessageChannel.Email, throughTheirGroup.Audience));
    }

    [Fact]
    public async Task TestMessage_IsSignedAndLoggedAsTheCallersOwn_AndStaysOutOfAnotherPartnersLogAndFigures()
    {
        await PartnerBAsync();
        var b = _b.Partner.Id;
        await MemberOfBAsync("+77015556031", "Bolat", "bolat@example.com");
        var theirs = await Get<SaveMailing>().HandleAsync(b, null, Draft("B's news"), "b@test");
        await SendNowAsync(theirs, b);
        await Get<DispatchOutbox>().HandleAsync();

        var result = await Get<SendTestMessage>().HandleAsync(A, Draft("Try", "Hi {{ first_name }} from {{ partner }}"), "me@a.example", "KZ");

        Assert.True(result.Succeeded);
        var test = Assert.Single(Database.Email.Sent, m => m.To == "me@a.example");
        Assert.Contains($"Hi {RecipientData.Sample.FirstName} from {Scenario.Partner.Name}", test.Text);
        Assert.DoesNotContain("Bolat", test.Text);
        Assert.DoesNotContain(_b.Partner.Name, test.Text);
        var search = Get<SearchMessages>();
        var query = new MessageQuery(null, null, null, null, null, null, 0, 50);
        Assert.True(Assert.Single((await search.HandleAsync(A, query)).Items).IsTest);
        Assert.DoesNotContain((await search.HandleAsync(b, query)).Items, m => m.IsTest || m.Recipient == "me@a.example");
        var figures = await Get<GetMailingFigures>().HandleAsync(b, theirs);
        Assert.Equal((1, 1), (figures.Recipients, figures.Sent));
    }

    [Fact]
    public async Task ReviewList_AndSummary_ShowOnlyTheCallersReviews()
    {
        await PartnerBAsync();
        var member = await Scenario.RegisterAsync("+77015556041", "Aru");
        var ours = await Scenario.BuyAsync(member.Id, 1_000m);
        var theirs = await _b.BuyAsync(member.Id, 1_000m);
        var other = await _b.RegisterAsync("+77015556042", "Bolat");
        var theirsToo = await _b.BuyAsync(other.Id, 1_000m);
        var submit = Get<SubmitReview>();
        var ourReview = await submit.HandleAsync(member.Id, ours.Body.TransactionId, 4, "Good coffee");
        await submit.HandleAsync(member.Id, theirs.Body.TransactionId, 1, "Secret about B");
        await submit.HandleAsync(other.Id, theirsToo.Body.TransactionId, 2, "Bolat's complaint");

        var reviews = Get<ManagePartnerReviews>();
        var page = await reviews.ListAsync(A, new ReviewFilter(null, null, 0, 100));
        Assert.Equal((1, ourReview), (page.Total, Assert.Single(page.Items).Id));
        Assert.Empty((await reviews.ListAsync(A, new ReviewFilter(1, null))).Items);
        Assert.Empty((await reviews.ListAsync(A, new ReviewFilter(2, true))).Items);
        var summary = await reviews.SummaryAsync(A);
        Assert.Equal((4.0, 1), (summary.Average, summary.Count));
        Assert.Equal(2, (await reviews.ListAsync(_b.Partner.Id, new ReviewFilter(null, null))).Total);
    }

    [Fact]
    public async Task Reviews_OfAnotherPartner_CannotBeRepliedFlaggedOrRewarded_AndStayUntouched()
    {
        await PartnerBAsync();
        var member = await _b.RegisterAsync("+77015556051", "Bolat");
        var purchase = await _b.BuyAsync(member.Id, 2_000m);
        var id = await Get<SubmitReview>().HandleAsync(member.Id, purchase.Body.TransactionId, 2, "Slow queue");
        var balance = await _b.BalanceAsync(member.Id);
        var reviews = Get<ManagePartnerReviews>();

        await NotFoundAsync(() => reviews.ReplyAsync(A, id, "We are sorry (from A)", "a@test"));
        await NotFoundAsync(() => reviews.FlagAsync(A, id, "Spam", "a@test"));
        await NotFoundAsync(() => reviews.RewardAsync(A, id, 50m, "a@test"));

        await using (var db = Database.Open())
        {
            var review = await db.Reviews.AsNoTracking().SingleAsync(r => r.Id == id);
            Assert.Equal(ReviewStatus.Published, review.Status);
            Assert.Null(review.Reply);
            Assert.Null(review.FlagReason);
            Assert.Null(review.RewardedAt);
            Assert.Null(review.RewardPoints);
            Assert.False(await db.Transfers.AnyAsync(t => t.Reason == Review.RewardReason));
            Assert.Equal(["review.submitted"], await db.AuditEvents.Where(e => e.Kind.StartsWith("review.")).Select(e => e.Kind).ToListAsync());
        }
        Assert.Equal(balance, await _b.BalanceAsync(member.Id));
        Assert.Empty((await Get<ModerateReviews>().ListAsync(ReviewStatus.Flagged, 0, 20)).Items);
        Assert.Null(Assert.Single(await Get<ListMyReviews>().HandleAsync(member.Id)).Reply);

        // B itself can still reward it: the refusal above was A's, not the review's.
        await reviews.RewardAsync(_b.Partner.Id, id, 50m, "b@test");
        Assert.Equal(balance + 50_00, await _b.BalanceAsync(member.Id));
        await Scenario.AssertLedgerHealthyAsync();
    }

    private async Task<Guid> StaticGroupOfBAsync(string name)
    {
        await using var db = Database.Open();
        var group = new Segment(_b.Partner.Id, name, SegmentKind.Static, "{}", Now);
        db.Segments.Add(group);
        await db.SaveChangesAsync();
        return group.Id;
    }
}
