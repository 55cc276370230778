using Loyalty.Core.Messaging;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Loyalty.Tests.Messaging;

/// <summary>Real e-mail through MailKit to a real SMTP server (aiosmtpd) on loopback.</summary>
public class SmtpDeliveryTests : MessagingTest
{
    protected override bool UseSmtp => true;

    [Fact]
    public async Task Mailing_ArrivesWithHtmlTextAndUnsubscribeHeaders_AndTheLinkUnsubscribes()
    {
        var aru = await MemberAsync("+77010000091", "Aru", "aru@example.com", true, false);
        var mailing = await MailingAsync(MessageChannel.Email, "Hi {{ first_name }}!\n\nOffer: {{ offer }} at https://shop.example/deal", subject: "News for {{ first_name }}");
        await SendNowAsync(mailing, Scenario.Partner.Id);
        Assert.Equal(1, (await Get<DispatchOutbox>().HandleAsync()).Sent);

        await Smtp!.WaitForAsync(1, TimeSpan.FromSeconds(10));
        var (to, message) = Assert.Single(Smtp.Messages());
        Assert.Equal("aru@example.com", to);
        Assert.Equal("News for Aru", message.Subject);
        Assert.Equal("news@onecard.test", message.From.Mailboxes.Single().Address);
        Assert.Contains("Hi Aru!", message.TextBody);
        Assert.Contains("Offer: 20% off coffee", message.HtmlBody);
        Assert.Contains("https://onecard.test/m/c/", message.HtmlBody);
        Assert.Contains("https://onecard.test/m/o/", message.HtmlBody);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        var header = message.Headers["List-Unsubscribe"]!;
        Assert.Matches("^<https://onecard.test/u/[A-Za-z0-9_-]+>$", header);
        var link = header.Trim('<', '>');
        Assert.Contains(link, message.TextBody);
        Assert.StartsWith("m", message.MessageId);

        Assert.True((await Get<Unsubscribe>().HandleAsync(link[(link.LastIndexOf('/') + 1)..])).Succeeded);
        Assert.False((await Get<ContactPreferences>().GetAsync(aru.Id)).EmailConsent);
        Assert.Equal(0, await Get<EstimateAudience>().HandleAsync(Scenario.Partner.Id, MessageChannel.Email, AudienceDefinition.All));
    }

    [Fact]
    public async Task ServerRefusals_550IsPermanent_451IsRetried()
    {
        await MemberAsync("+77010000092", "Rex", "reject@example.com", true, false);
        await MemberAsync("+77010000093", "Bea", "busy@example.com", true, false);
        var mailing = await MailingAsync(MessageChannel.Email, "News");
        await SendNowAsync(mailing, Scenario.Partner.Id);
        var report = await Get<DispatchOutbox>().HandleAsync();

        Assert.Equal((0, 1, 1), (report.Sent, report.Failed, report.Retrying));
        var rows = await RowsAsync(mailing);
        Assert.Equal((MessageStatus.Failed, "smtp-550"), rows.Where(r => r.Recipient.StartsWith("reject")).Select(r => (r.Status, r.ErrorCode)).Single());
        var busy = rows.Single(r => r.Recipient.StartsWith("busy"));
        Assert.Equal((MessageStatus.Queued, "smtp-451"), (busy.Status, busy.ErrorCode));
        Assert.True(busy.NextAttemptAt > Database.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(0, Smtp!.Count);
    }

    [Fact]
    public async Task DispatcherStoppedMidMailing_ThenRestarted_SendsEveryoneExactlyOneMessage()
    {
        const int recipients = 3_000; // the 10,000-recipient crash is DispatcherKillTests (a real SIGKILL); this is the cooperative stop
        Options.FanOutSlice = 1_000; // three slices: the fan-out's key ranges must neither overlap nor leave gaps
        await BulkMembers.InsertAsync(Database.FilePath, recipients, i => $"member{i}@crash.test", Database.Clock.GetUtcNow().UtcDateTime);
        var mailing = await MailingAsync(MessageChannel.Email, "Hello {{ first_name }}", useScenarioPartner: false);
        await SendNowAsync(mailing, null);
        Assert.Equal(recipients, (await RowsAsync(mailing)).Count);

        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (Smtp!.Count < 1_000) await Task.Delay(10);
            await stop.CancelAsync();
        });
        var first = await Get<DispatchOutbox>().HandleAsync(stop.Token);
        await watcher;
        Assert.InRange(first.Sent, 1_000, recipients - 1);

        var second = await Get<DispatchOutbox>().HandleAsync();
        Assert.Equal(recipients, first.Sent + second.Sent);
        await Smtp!.WaitForAsync(recipients, TimeSpan.FromSeconds(30));

        var perRecipient = Smtp.CountByRecipient();
        Assert.Equal(recipients, perRecipient.Count);
        Assert.All(perRecipient, r => Assert.Equal(1, r.Value));
        await using var db = Database.Open();
        Assert.Equal(recipients, await db.OutgoingMessages.CountAsync(m => m.MailingId == mailing && m.Status == MessageStatus.Sent));
    }

    [Fact]
    public async Task RowLeftMidHandOverByADeadDispatcher_IsResentOnceLeaseExpires_WithTheSameMessageId()
    {
        await MemberAsync("+77010000094", "Aru", "aru@example.com", true, false);
        await MemberAsync("+77010000095", "Bek", "bek@example.com", true, false);
        var mailing = await MailingAsync(MessageChannel.Email, "News");
        await SendNowAsync(mailing, Scenario.Partner.Id);
        // What a killed process leaves behind: one row marked Sending (attempt 1) under a lease that then runs out.
        var id = (await RowsAsync(mailing)).First().Id;
        await using (var db = Database.Open())
        {
            var until = Database.Clock.GetUtcNow().UtcDateTime.AddSeconds(30);
            await db.OutgoingMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sending).SetProperty(m => m.Attempts, 1)
                .SetProperty(m => m.LeaseOwner, Guid.NewGuid()).SetProperty(m => m.LeaseUntil, until).SetProperty(m => m.Recipient, "aru@example.com"));
        }
        var first = await Get<DispatchOutbox>().HandleAsync();
        Assert.Equal((1, 0), (first.Sent, first.Resent)); // the lease still holds: the other dispatcher may be alive
        Assert.Equal(MailingStatus.Sending, (await Get<GetMailing>().HandleAsync(Scenario.Partner.Id, mailing)).Status);

        Database.Clock.Advance(TimeSpan.FromMinutes(1));
        var report = await Get<DispatchOutbox>().HandleAsync();

        Assert.Equal((1, 1), (report.Sent, report.Resent));
        await Smtp!.WaitForAsync(2, TimeSpan.FromSeconds(5));
        var arrived = Smtp.Messages();
        Assert.Equal(["bek@example.com", "aru@example.com"], arrived.Select(m => m.EnvelopeTo));
        Assert.Equal($"m{id}@onecard.test", arrived[1].Message.MessageId); // the same on every attempt: a receiver can drop a duplicate
        var row = (await RowsAsync(mailing)).Single(r => r.Id == id);
        Assert.Equal((MessageStatus.Sent, 2, DispatchOutbox.InDoubt), (row.Status, row.Attempts, row.ErrorCode));
        var figures = await Get<GetMailingFigures>().HandleAsync(Scenario.Partner.Id, mailing);
        Assert.Equal((2, 1, 0), (figures.Sent, figures.ResentAfterCrash, figures.Uncertain));
        Assert.Equal(MailingStatus.Completed, (await Get<GetMailing>().HandleAsync(Scenario.Partner.Id, mailing)).Status);
    }

    [Fact]
    public async Task RowInDoubtOnItsLastAttempt_Fails_InsteadOfLoopingOnACrash()
    {
        await MemberAsync("+77010000096", "Aru", "aru@example.com", true, false);
        var mailing = await MailingAsync(MessageChannel.Email, "News");
        await SendNowAsync(mailing, Scenario.Partner.Id);
        await using (var db = Database.Open())
        {
            var until = Database.Clock.GetUtcNow().UtcDateTime.AddSeconds(30);
            await db.OutgoingMessages.Where(m => m.MailingId == mailing).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sending)
                .SetProperty(m => m.Attempts, Options.MaxAttempts).SetProperty(m => m.LeaseOwner, Guid.NewGuid()).SetProperty(m => m.LeaseUntil, until));
        }
        Database.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((0, 1), ((await Get<DispatchOutbox>().HandleAsync()).Sent, (await RowsAsync(mailing)).Count(r => r.Status == MessageStatus.Failed && r.ErrorCode == DispatchOutbox.InDoubt)));
        Assert.Equal(0, Smtp!.Count);
    }
}
