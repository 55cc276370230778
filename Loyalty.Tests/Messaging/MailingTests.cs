using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Messaging;

public class MailingTests : MessagingTest
{
    [Fact]
    public async Task PartnerMailing_ReachesOnlyOwnCustomersOrSubscribers_WhoOptedIn()
    {
        var buyer = await MemberAsync("+77010000011", "Aru", "aru@example.com", emailConsent: true, smsConsent: false);
        await MemberAsync("+77010000012", "Bek", "bek@example.com", emailConsent: false, smsConsent: true);
        var stranger = await MemberAsync("+77010000013", "Cal", "cal@example.com", emailConsent: true, smsConsent: true, buys: false);
        var subscriber = await MemberAsync("+77010000014", "Dia", "dia@example.com", emailConsent: true, smsConsent: true, buys: false);
        await using (var db = Database.Open())
        {
            db.PartnerSubscriptions.Add(new PartnerSubscription(subscriber.Id, Scenario.Partner.Id, Database.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }

        Assert.Equal(2, await Get<EstimateAudience>().HandleAsync(Scenario.Partner.Id, MessageChannel.Email, AudienceDefinition.All));
        // The operator writes to the whole coalition (consent still applies).
        Assert.Equal(3, await Get<EstimateAudience>().HandleAsync(null, MessageChannel.Email, AudienceDefinition.All));

        var mailing = await MailingAsync(MessageChannel.Email, "Hi {{ first_name }}, you have {{ balance }} points. {{ offer }}");
        await SendNowAsync(mailing, Scenario.Partner.Id);
        var report = await Get<DispatchOutbox>().HandleAsync();

        Assert.Equal(2, report.Sent);
        var sent = Database.Email.Sent.OrderBy(m => m.To).ToList();
        Assert.Equal(["aru@example.com", "dia@example.com"], sent.Select(m => m.To));
        Assert.DoesNotContain(sent, m => m.To == stranger.Email);
        Assert.Contains("Hi Aru, you have 5,050 points. 20% off coffee", sent[0].Text);
        Assert.Equal("Hello Aru", sent[0].Subject);
        Assert.StartsWith("https://onecard.test/u/", sent[0].UnsubscribeUrl);
        Assert.Equal(MailingStatus.Completed, (await Get<GetMailing>().HandleAsync(Scenario.Partner.Id, mailing)).Status);
        Assert.Equal(buyer.Id, (await RowsAsync(mailing)).First().CustomerId);
    }

    [Fact]
    public async Task FanOut_RunTwice_QueuesEachMemberOnce()
    {
        for (var i = 0; i < 5; i++) await MemberAsync($"+7701000002{i}", "M" + i, $"m{i}@example.com", true, true);
        var mailing = await MailingAsync(MessageChannel.Sms, "Hi {{ first_name }}");
        await SendNowAsync(mailing, Scenario.Partner.Id);
        Assert.Equal(0, await Get<QueueDueMailings>().HandleAsync());
        Assert.Equal(5, (await RowsAsync(mailing)).Count);

        await Get<DispatchOutbox>().HandleAsync();
        await Get<DispatchOutbox>().HandleAsync();
        Assert.Equal(5, Database.Sms.Sent.Count);
        Assert.All(Database.Sms.Sent, s => Assert.Contains("Stop: https://onecard.test/u/", s.Body));
    }

    [Fact]
    public async Task Unsubscribe_TakesEffectImmediately_ForMessagesStillQueued()
    {
        var first = await MemberAsync("+77010000031", "Aru", "aru@example.com", true, false);
        await MemberAsync("+77010000032", "Bek", "bek@example.com", true, false);
        var news = await MailingAsync(MessageChannel.Email, "News");
        await SendNowAsync(news, Scenario.Partner.Id);
        await Get<DispatchOutbox>().HandleAsync();
        var link = Database.Email.Sent.Single(m => m.To == "aru@example.com").UnsubscribeUrl!;

        // A second mailing is already queued when Aru unsubscribes from the first one's link.
        var deals = await MailingAsync(MessageChannel.Email, "Deals");
        await SendNowAsync(deals, Scenario.Partner.Id);
        var result = await Get<Unsubscribe>().HandleAsync(link[(link.LastIndexOf('/') + 1)..]);
        Assert.True(result.Succeeded);
        var report = await Get<DispatchOutbox>().HandleAsync();

        Assert.Equal(1, report.Sent);
        Assert.Equal(1, report.Skipped);
        Assert.Single(Database.Email.Sent, m => m.To == "aru@example.com");
        Assert.False((await Get<ContactPreferences>().GetAsync(first.Id)).EmailConsent);
        Assert.Equal(1, (await Get<GetMailingFigures>().HandleAsync(Scenario.Partner.Id, news)).Unsubscribed);
        Assert.False((await Get<Unsubscribe>().HandleAsync("forged-token")).Succeeded);
    }

    [Fact]
    public async Task TemporaryFailures_AreRetriedWithBackoff_PermanentOnesRecorded()
    {
        await MemberAsync("+77010000041", "Aru", "busy@example.com", true, false);
        await MemberAsync("+77010000042", "Bek", "gone@example.com", true, false);
        Database.Email.Refuse["busy@example.com"] = SendResult.Temporary("recording", "smtp-451", "Try later");
        Database.Email.Refuse["gone@example.com"] = SendResult.Permanent("recording", "smtp-550", "No such mailbox");
        var mailing = await MailingAsync(MessageChannel.Email, "News");
        await SendNowAsync(mailing, Scenario.Partner.Id);

        var first = await Get<DispatchOutbox>().HandleAsync();
        Assert.Equal((0, 1, 1), (first.Sent, first.Failed, first.Retrying));
        // Not due yet: nothing happens until the backoff has passed.
        Assert.Equal(0, (await Get<DispatchOutbox>().HandleAsync()).Total);

        Database.Email.Refuse.Remove("busy@example.com");
        Database.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await Get<DispatchOutbox>().HandleAsync()).Sent);

        var rows = await RowsAsync(mailing);
        var gone = rows.Single(r => r.Recipient == "gone@example.com");
        Assert.Equal((MessageStatus.Failed, "smtp-550", 1), (gone.Status, gone.ErrorCode, gone.Attempts));
        var busy = rows.Single(r => r.Recipient == "busy@example.com");
        Assert.Equal((MessageStatus.Sent, 2), (busy.Status, busy.Attempts));
        var figures = await Get<GetMailingFigures>().HandleAsync(Scenario.Partner.Id, mailing);
        Assert.Equal((1, 1), (figures.Sent, figures.Failed));
    }

    [Fact]
    public async Task InApp_LandsInTheInbox_WithUnreadCount()
    {
        var member = await MemberAsync("+77010000051", "Aru", null, false, false);
        var mailing = await MailingAsync(MessageChannel.InApp, "Your balance: {{ balance }}", subject: "News for {{ first_name }}");
        await SendNowAsync(mailing, Scenario.Partner.Id);
        await Get<DispatchOutbox>().HandleAsync();

        var (items, unread) = await Get<GetInbox>().HandleAsync(member.Id);
        var item = Assert.Single(items);
        Assert.Equal(("News for Aru", "Your balance: 5,050", 1), (item.Title, item.Body, unread));
        Assert.Equal(Scenario.Partner.Name, item.From);
        await Get<MarkInboxRead>().HandleAsync(member.Id, item.Id);
        Assert.Equal(0, await Get<GetInbox>().UnreadAsync(member.Id));
        Assert.Equal(1, (await Get<GetMailingFigures>().HandleAsync(Scenario.Partner.Id, mailing)).Opened);
    }

    [Fact]
    public async Task Figures_CountOpensClicksAndConversionsAtTheSender()
    {
        var aru = await MemberAsync("+77010000061", "Aru", "aru@example.com", true, false);
        await MemberAsync("+77010000062", "Bek", "bek@example.com", true, false);
        var mailing = await MailingAsync(MessageChannel.Email, "See https://shop.example/deal today");
        await SendNowAsync(mailing, Scenario.Partner.Id);
        await Get<DispatchOutbox>().HandleAsync();

        var html = Database.Email.Sent.Single(m => m.To == "aru@example.com").Html;
        var pixel = System.Text.RegularExpressions.Regex.Match(html, "https://onecard.test/m/o/([^\"]+)").Groups[1].Value;
        var click = System.Text.RegularExpressions.Regex.Match(html, "https://onecard.test/m/c/([^?]+)\\?u=([^\"]+)");
        await Get<TrackEngagement>().OpenedAsync(pixel);
        var target = await Get<TrackEngagement>().ClickedAsync(click.Groups[1].Value, Uri.UnescapeDataString(click.Groups[2].Value));
        Assert.Equal("https://shop.example/deal", target);
        Assert.Null(await Get<TrackEngagement>().ClickedAsync(click.Groups[1].Value, "https://evil.example/"));

        Database.Clock.Advance(TimeSpan.FromDays(2));
        await Scenario.BuyAsync(aru.Id, 500m);

        var figures = await Get<GetMailingFigures>().HandleAsync(Scenario.Partner.Id, mailing);
        Assert.Equal((2, 1, 1, 1), (figures.Sent, figures.Opened, figures.Clicked, figures.Conversions));
    }

    [Fact]
    public async Task Group_NarrowsByCityAndBalance_AndPartnersCannotSeeOthersMailings()
    {
        await MemberAsync("+77010000071", "Aru", "aru@example.com", true, false);
        var group = new AudienceDefinition(AudienceKind.Group, MinBalance: 1_000_000_00);
        Assert.Equal(0, await Get<EstimateAudience>().HandleAsync(Scenario.Partner.Id, MessageChannel.Email, group));
        Assert.Equal(1, await Get<EstimateAudience>().HandleAsync(Scenario.Partner.Id, MessageChannel.Email, group with { MinBalance = 100 }));
        Assert.Equal(1, await Get<EstimateAudience>().HandleAsync(Scenario.Partner.Id, MessageChannel.Email, new AudienceDefinition(AudienceKind.Group, PurchasedWithinDays: 30)));
        Assert.Equal(0, await Get<EstimateAudience>().HandleAsync(Scenario.Partner.Id, MessageChannel.Email, new AudienceDefinition(AudienceKind.Group, InactiveForDays: 30)));

        var mailing = await MailingAsync(MessageChannel.Email, "News");
        var other = Guid.NewGuid();
        var e = await Assert.ThrowsAsync<DomainException>(() => Get<GetMailing>().HandleAsync(other, mailing));
        Assert.Equal(404, e.Status);
        Assert.Empty((await Get<ListMailings>().HandleAsync(null, 0, 10)).Items);
    }

    [Fact]
    public async Task BadTemplates_AndIncompleteDrafts_AreRejectedWithFieldErrors()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => Get<SaveMailing>().HandleAsync(Scenario.Partner.Id, null,
            new MailingDraft("", MessageChannel.Email, "", "Hi {{ first_name ", null, AudienceDefinition.All), "x"));
        Assert.Contains("name", e.Errors.Keys);
        Assert.Contains("subject", e.Errors.Keys);
        Assert.Contains("body", e.Errors.Keys);
        // A segment audience needs its segment (issue 6 plugged segments in; before, the kind itself was refused).
        var segment = await Assert.ThrowsAsync<ValidationException>(() => Get<EstimateAudience>().HandleAsync(null, MessageChannel.Email, new AudienceDefinition(AudienceKind.Segment)));
        Assert.Contains("segmentId", segment.Errors.Keys);
    }

    [Fact]
    public async Task Cancel_SkipsWhatIsStillQueued()
    {
        await MemberAsync("+77010000081", "Aru", "aru@example.com", true, false);
        var mailing = await MailingAsync(MessageChannel.Email, "News");
        await SendNowAsync(mailing, Scenario.Partner.Id);
        await Get<ScheduleMailing>().HandleAsync(Scenario.Partner.Id, mailing, MailingAction.Cancel, null, "x");
        await Get<DispatchOutbox>().HandleAsync();
        Assert.Empty(Database.Email.Sent);
        Assert.Equal(MessageStatus.Skipped, (await RowsAsync(mailing)).Single().Status);
    }
}
