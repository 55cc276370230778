using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Messaging;

/// <summary>
/// A mailing's test send (<see cref="SendTestMessage"/>): one message to the address the staff member typed, logged in the
/// outbox as a test, never to the audience and never picked up by the dispatcher.
/// </summary>
public class TestSendTests : MessagingTest
{
    private static MailingDraft Draft(MessageChannel channel) =>
        new("Autumn news", channel, channel == MessageChannel.Sms ? null : "News for {{ first_name }}", "Hello {{ first_name }}, you have {{ balance }} points. {{ offer }}",
            "20% off coffee", AudienceDefinition.All);

    private async Task<List<OutgoingMessage>> OutboxAsync()
    {
        await using var db = Database.Open();
        return await db.OutgoingMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    [Fact]
    public async Task Email_GoesOnlyToTheTypedAddress_RenderedForASampleMember_AndIsLoggedAsATest()
    {
        await MemberAsync("+77010004001", "Aru", "aru@example.com", emailConsent: true, smsConsent: true);
        await MemberAsync("+77010004002", "Bek", "bek@example.com", emailConsent: true, smsConsent: true);

        var result = await Get<SendTestMessage>().HandleAsync(Scenario.Partner.Id, Draft(MessageChannel.Email), "  me@staff.test ", "KZ");

        Assert.True(result.Succeeded);
        var mail = Assert.Single(Database.Email.Sent);
        Assert.Equal("me@staff.test", mail.To);
        Assert.Equal("[TEST] News for Dana", mail.Subject);
        Assert.Contains("Hello Dana, you have 1,234.5", mail.Text);
        Assert.Contains("20% off coffee", mail.Text);
        var row = Assert.Single(await OutboxAsync());
        Assert.True(row.IsTest);
        Assert.Equal((MessageChannel.Email, "me@staff.test", MessageStatus.Sent), (row.Channel, row.Recipient, row.Status));
        Assert.Equal((Scenario.Partner.Id, (Guid?)null, (Guid?)null), (row.OwnerPartnerId, row.CustomerId, row.MailingId));
        Assert.Equal("[TEST] News for Dana", row.Subject);
        Assert.Equal(mail.Text, row.Body);
        Assert.Equal($"t{row.Id}", mail.MessageKey);
        await using (var db = Database.Open()) Assert.Equal(0, await db.Mailings.CountAsync());

        // The outbox has nothing left for the audience, nor the test to send again.
        var dispatched = await Get<DispatchOutbox>().HandleAsync();
        Assert.Equal(0, dispatched.Total);
        Assert.Single(Database.Email.Sent);
        Assert.Single(await OutboxAsync());
    }

    [Fact]
    public async Task Sms_GoesOnlyToTheTypedPhone_InItsInternationalForm()
    {
        await MemberAsync("+77010004011", "Aru", "aru@example.com", emailConsent: true, smsConsent: true);
        var smsBefore = Database.Sms.Sent.Count;

        var result = await Get<SendTestMessage>().HandleAsync(Scenario.Partner.Id, Draft(MessageChannel.Sms), "8 (701) 555-00-99", "KZ");

        Assert.True(result.Succeeded);
        var sms = Assert.Single(Database.Sms.Sent.Skip(smsBefore));
        Assert.Equal("+77015550099", sms.To);
        Assert.StartsWith("Hello Dana", sms.Body);
        Assert.Empty(Database.Email.Sent);
        var row = Assert.Single(await OutboxAsync());
        Assert.True(row.IsTest);
        Assert.Equal((MessageChannel.Sms, "+77015550099", MessageStatus.Sent, (Guid?)null), (row.Channel, row.Recipient, row.Status, row.CustomerId));
    }

    [Theory]
    [InlineData(MessageChannel.Email, "", "Enter an e-mail address, for example you@example.com.")]
    [InlineData(MessageChannel.Email, "not an address", "Enter an e-mail address, for example you@example.com.")]
    [InlineData(MessageChannel.Email, "me@localhost", "Enter an e-mail address, for example you@example.com.")]
    [InlineData(MessageChannel.Sms, "12", "Enter a mobile number with its country code.")]
    [InlineData(MessageChannel.Sms, "me@staff.test", "Enter a mobile number with its country code.")]
    [InlineData(MessageChannel.InApp, "me@staff.test", "In-app messages cannot be test-sent; use the preview.")]
    public async Task ABadAddress_IsAFieldError_AndNothingIsSentOrLogged(MessageChannel channel, string address, string message)
    {
        await MemberAsync("+77010004021", "Aru", "aru@example.com", emailConsent: true, smsConsent: true);
        var smsBefore = Database.Sms.Sent.Count;

        var error = await Assert.ThrowsAsync<ValidationException>(() => Get<SendTestMessage>().HandleAsync(Scenario.Partner.Id, Draft(channel), address, "KZ"));

        Assert.Equal(message, Assert.Single(error.Errors["testAddress"]));
        Assert.Empty(Database.Email.Sent);
        Assert.Equal(smsBefore, Database.Sms.Sent.Count);
        Assert.Empty(await OutboxAsync());
    }

    /// <summary>
    /// The test's outbox row exists before the message is handed over (its id is the Message-ID and the tracking links' key),
    /// and the app's dispatcher runs every few seconds: while the mail server is still answering, the dispatcher must not
    /// take the row for a queued message and send it a second time (it would go out blank: the text is written afterwards).
    /// </summary>
    [Fact]
    public async Task WhileTheMailServerIsStillAnswering_TheDispatcherDoesNotSendTheTestAgain()
    {
        await using var smtp = await SmtpSink.StartAsync(holdFrom: 0);
        await using var mailServer = new SmtpEmailSender(Microsoft.Extensions.Options.Options.Create(new SmtpOptions
        {
            Host = "127.0.0.1", Port = smtp.Port, Security = MailKit.Security.SecureSocketOptions.None, FromAddress = "news@onecard.test", TimeoutSeconds = 120,
        }), NullLogger<SmtpEmailSender>.Instance);
        var testSend = ActivatorUtilities.CreateInstance<SendTestMessage>(Database.Services, (IEmailSender)mailServer);

        var sending = testSend.HandleAsync(Scenario.Partner.Id, Draft(MessageChannel.Email), "me@staff.test", "KZ");
        var until = DateTime.UtcNow.AddSeconds(60);
        while (smtp.Held < 1 && !sending.IsCompleted && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.Equal(1, smtp.Held);

        var dispatched = await Get<DispatchOutbox>().HandleAsync();
        smtp.Release();
        var result = await sending;

        Assert.Equal(0, dispatched.Total);
        Assert.Empty(Database.Email.Sent);
        Assert.False(result.Succeeded); // the held message was refused with 451 in the end
        var row = Assert.Single(await OutboxAsync());
        Assert.True(row.IsTest);
        Assert.Equal(MessageStatus.Failed, row.Status);
        Assert.Equal(0, (await Get<DispatchOutbox>().HandleAsync()).Total);
    }

    /// <summary>
    /// A mail server set up without a host makes MailKit throw rather than answer: the test row, born "sending" and never
    /// taken by the dispatcher, is closed as failed with the reason instead of showing "sending" in the log for good.
    /// </summary>
    [Fact]
    public async Task ASendThatThrows_LeavesItsRowFailedWithTheReason_NotSendingForever()
    {
        await using var misconfigured = new SmtpEmailSender(Microsoft.Extensions.Options.Options.Create(new SmtpOptions
        {
            Host = "", Port = 25, Security = MailKit.Security.SecureSocketOptions.None, FromAddress = "news@onecard.test",
        }), NullLogger<SmtpEmailSender>.Instance);
        var testSend = ActivatorUtilities.CreateInstance<SendTestMessage>(Database.Services, (IEmailSender)misconfigured);

        await Assert.ThrowsAnyAsync<Exception>(() => testSend.HandleAsync(Scenario.Partner.Id, Draft(MessageChannel.Email), "me@staff.test", "KZ"));

        var row = Assert.Single(await OutboxAsync());
        Assert.True(row.IsTest);
        Assert.Equal(MessageStatus.Failed, row.Status);
        Assert.False(string.IsNullOrWhiteSpace(row.Error));
        Assert.Equal("[TEST] News for Dana", row.Subject);
        Assert.Equal(0, (await Get<DispatchOutbox>().HandleAsync()).Total);
    }
}
