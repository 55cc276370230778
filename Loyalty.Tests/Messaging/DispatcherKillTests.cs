using Loyalty.Core.Messaging;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Loyalty.Tests.Messaging;

/// <summary>
/// The crash test, for real: the app runs as its own process and sends a 10,000-recipient mailing through its Quartz
/// dispatcher to aiosmtpd; the process is killed with SIGKILL mid-mailing, restarted on the same database, and finishes.
/// </summary>
public class DispatcherKillTests : IAsyncLifetime
{
    private const int Recipients = 10_000;
    private const int Workers = 4;
    private const int KillAfter = 3_000;

    private SmtpSink _smtp = default!;
    private TestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        // The sink accepts KillAfter messages, then holds every DATA unanswered.
        _smtp = await SmtpSink.StartAsync(holdFrom: KillAfter);
        // Real time: the app process will judge when the mailing is due and when leases run out by its own clock.
        _database = await TestDatabase.CreateAsync(s => s.Replace(ServiceDescriptor.Singleton(TimeProvider.System)));
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task KilledMidMailing_Restarted_EveryRecipientGetsExactlyOneMessage()
    {
        await BulkMembers.InsertAsync(_database.FilePath, Recipients, i => $"member{i}@kill.test", DateTime.UtcNow);
        var mailing = await _database.Get<SaveMailing>().HandleAsync(null, null,
            new MailingDraft("Crash test", MessageChannel.Email, "Hello {{ first_name }}", "Hello {{ first_name }}, news for you.", null, AudienceDefinition.All), "test");
        await _database.Get<ScheduleMailing>().HandleAsync(null, mailing, MailingAction.SendNow, null, "test");
        // Left for the app's QueueMailingsJob to fan out.

        var environment = new Dictionary<string, string>
        {
            ["Demo__Seed"] = "false",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = _smtp.Port.ToString(),
            ["Smtp__Security"] = "None",
            ["Smtp__FromAddress"] = "news@onecard.test",
            ["Smtp__MaxConnections"] = Workers.ToString(),
            // A held DATA must not time out on a slow, busy machine before the last worker is held too.
            ["Smtp__TimeoutSeconds"] = "600",
            ["Messaging__Workers"] = Workers.ToString(),
            ["Messaging__EmailPerSecond"] = "0",
            ["Messaging__PollSeconds"] = "1",
            ["Messaging__LeaseSeconds"] = "3",
            ["Messaging__PublicBaseUrl"] = "https://onecard.test",
            ["Messaging__LinkSecret"] = "kill-test",
        };

        var first = await AppProcess.StartAsync(_database.FilePath, environment);
        try
        {
            // Every worker is now stuck inside a hand-over (DATA sent, no reply): the deterministic moment to pull the plug.
            await Until(() => _smtp.Held >= Workers, TimeSpan.FromSeconds(180), () => $"{_smtp.Count} accepted, {_smtp.Held} held\n{first.Output}");
        }
        finally
        {
            await first.KillAsync();
        }
        _smtp.Release();

        Assert.Equal(KillAfter, _smtp.Count);
        Assert.Equal(Workers, _smtp.Held);
        await using (var db = _database.Open())
        {
            var rows = db.OutgoingMessages.Where(m => m.MailingId == mailing);
            Assert.Equal(Recipients, await rows.CountAsync());
            // Every message the server acknowledged was recorded; the held ones are the only rows left in doubt.
            Assert.Equal(KillAfter, await rows.CountAsync(m => m.Status == MessageStatus.Sent));
            Assert.Equal(Workers, await rows.CountAsync(m => m.Status == MessageStatus.Sending));
        }

        await using var second = await AppProcess.StartAsync(_database.FilePath, environment);
        var getMailing = _database.Get<GetMailing>();
        await Until(async () => (await getMailing.HandleAsync(null, mailing)).Status == MailingStatus.Completed, TimeSpan.FromSeconds(240),
            () => $"{_smtp.Count} accepted\n{second.Output}");
        await _smtp.WaitForAsync(Recipients, TimeSpan.FromSeconds(10));

        var perRecipient = _smtp.CountByRecipient();
        Assert.Equal(Recipients, perRecipient.Count);
        Assert.DoesNotContain(perRecipient, r => r.Value != 1);
        var figures = await _database.Get<GetMailingFigures>().HandleAsync(null, mailing);
        Assert.Equal((Recipients, Recipients, 0, 0, 0), (figures.Recipients, figures.Sent, figures.Failed, figures.Queued, figures.Skipped));
        Assert.Equal(Workers, figures.ResentAfterCrash);
    }

    private static Task Until(Func<bool> condition, TimeSpan timeout, Func<string> describe) =>
        Until(() => Task.FromResult(condition()), timeout, describe);

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("Gave up waiting: " + describe());
            await Task.Delay(100);
        }
    }
}
