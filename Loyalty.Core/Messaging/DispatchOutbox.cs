using System.Collections.Concurrent;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record DispatchReport(int Sent, int Failed, int Retrying, int Skipped, int Uncertain)
{
    public int Total => Sent + Failed + Retrying + Skipped;
}

/// <summary>
/// Works through the outbox: workers claim batches of due rows with a lease, render each message, and hand it to its
/// channel one by one. The row is marked <see cref="MessageStatus.Sending"/> (committed) just before the hand-over and
/// Sent/Failed/retry just after, so a crash leaves at most one row per worker in doubt. Such a row (Sending, lease expired)
/// becomes <see cref="MessageStatus.Uncertain"/> and is never sent again: nobody gets a message twice (docs/decisions/0015).
/// Cancellation is cooperative: a message already handed over is always marked before the worker stops.
/// </summary>
public sealed class DispatchOutbox(
    ILoyaltyDbFactory dbs, IEmailSender email, ISmsSender sms, MessageRenderer renderer, ChannelThrottle throttle,
    MessagingOptions options, TimeProvider clock) : IUseCase
{
    public const string InboxProvider = "inbox";

    public async Task<DispatchReport> HandleAsync(CancellationToken ct = default)
    {
        var uncertain = await RecoverInDoubtAsync();
        var counts = new int[4];
        var contents = new ConcurrentDictionary<Guid, MailingContent?>();
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => Task.Run(() => WorkAsync(counts, contents, ct), CancellationToken.None)));
        await Outbox.CompleteFinishedMailingsAsync(dbs, Now, CancellationToken.None);
        return new DispatchReport(counts[0], counts[1], counts[2], counts[3], uncertain);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<int> RecoverInDoubtAsync()
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync();
        var now = Now;
        var rows = await db.OutgoingMessages.Where(m => m.Status == MessageStatus.Sending && m.LeaseUntil < now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Uncertain).SetProperty(m => m.ErrorCode, "in-doubt")
                .SetProperty(m => m.Error, "The dispatcher stopped while handing this message over; it may have been delivered, so it is not sent again.")
                .SetProperty(m => m.LeaseOwner, (Guid?)null));
        await tx.CommitAsync();
        return rows;
    }

    private async Task WorkAsync(int[] counts, ConcurrentDictionary<Guid, MailingContent?> contents, CancellationToken ct)
    {
        var run = Guid.NewGuid();
        while (!ct.IsCancellationRequested)
        {
            var batch = await ClaimAsync(run, ct);
            if (batch.Count == 0) return;
            await using var db = dbs.Create();
            foreach (var mailingId in batch.Where(m => m.MailingId != null).Select(m => m.MailingId!.Value).Distinct())
                if (!contents.ContainsKey(mailingId)) contents[mailingId] = await LoadContentAsync(db, mailingId, ct);
            var recipients = await Recipients.LoadAsync(db, batch.Where(m => m.CustomerId != null).Select(m => m.CustomerId!.Value).Distinct().ToList(), ct);

            for (var i = 0; i < batch.Count; i++)
            {
                if (ct.IsCancellationRequested)
                {
                    await ReleaseAsync(run, batch.Skip(i).Select(m => m.Id).ToList());
                    return;
                }
                var outcome = await ProcessAsync(run, batch[i], contents, recipients);
                if (outcome >= 0) Interlocked.Increment(ref counts[outcome]);
            }
        }
    }

    /// <summary>Claims the oldest due, unleased rows for this worker; the conditional update decides races between workers and nodes.</summary>
    private async Task<List<OutgoingMessage>> ClaimAsync(Guid run, CancellationToken ct)
    {
        var size = Math.Max(1, options.BatchSize);
        await using var db = dbs.Create();
        var now = Now;
        var leaseUntil = now.AddSeconds(options.LeaseSeconds);
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            var ids = await db.OutgoingMessages
                .Where(m => m.Status == MessageStatus.Queued && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
                .OrderBy(m => m.Id).Select(m => m.Id).Take(size).ToListAsync(ct);
            if (ids.Count == 0) return [];
            await db.OutgoingMessages
                .Where(m => ids.Contains(m.Id) && m.Status == MessageStatus.Queued && (m.LeaseUntil == null || m.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, run).SetProperty(m => m.LeaseUntil, leaseUntil), ct);
            await tx.CommitAsync(ct);
        }
        return await db.OutgoingMessages.AsNoTracking().Where(m => m.LeaseOwner == run && m.Status == MessageStatus.Queued)
            .OrderBy(m => m.Id).ToListAsync(ct);
    }

    private async Task ReleaseAsync(Guid run, List<long> ids)
    {
        if (ids.Count == 0) return;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync();
        await db.OutgoingMessages.Where(m => ids.Contains(m.Id) && m.LeaseOwner == run && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null));
        await tx.CommitAsync();
    }

    private static async Task<MailingContent?> LoadContentAsync(ILoyaltyDb db, Guid mailingId, CancellationToken ct)
    {
        var m = await db.Mailings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == mailingId, ct);
        if (m is null || m.Status == MailingStatus.Cancelled) return null;
        return new MailingContent(m.Id, m.UpdatedAt, m.Channel, m.Subject, m.Body, m.Offer, await Recipients.SenderNameAsync(db, m.OwnerPartnerId, ct));
    }

    /// <returns>Index into the counters: 0 sent, 1 failed, 2 retrying, 3 skipped; -1 when the row was not ours any more.</returns>
    private async Task<int> ProcessAsync(Guid run, OutgoingMessage row, ConcurrentDictionary<Guid, MailingContent?> contents, Dictionary<Guid, RecipientData> recipients)
    {
        RecipientData? recipient = row.CustomerId is { } cid ? recipients.GetValueOrDefault(cid) : null;
        RenderedMessage rendered;
        string? address;
        if (row.MailingId is { } mailingId)
        {
            var content = contents.GetValueOrDefault(mailingId);
            if (content is null) return await SettleAsync(run, row.Id, MessageStatus.Skipped, "cancelled", "The mailing was cancelled.") ? 3 : -1;
            address = recipient?.AddressFor(row.Channel);
            if (address is null)
                return await SettleAsync(run, row.Id, MessageStatus.Skipped, "no-consent", "The member withdrew consent or has no address for this channel.") ? 3 : -1;
            rendered = renderer.Render(content, recipient!.Model(content.SenderName), row.Id);
        }
        else
        {
            // A single message queued with its text (a trigger or a system notice).
            address = row.Recipient;
            rendered = new RenderedMessage(row.Subject, row.Body ?? "", null, null);
        }

        if (row.Channel == MessageChannel.InApp)
            return await FinishAsync(run, row, address, rendered, SendResult.Ok(InboxProvider, null)) ? 0 : -1;

        await throttle.WaitAsync(row.Channel, CancellationToken.None);
        if (!await MarkSendingAsync(run, row.Id, address, rendered)) return -1;
        // From here on the message is in flight: no cancellation until its outcome is written.
        SendResult result;
        try
        {
            result = row.Channel == MessageChannel.Email
                ? await email.SendAsync(new EmailMessage(address, recipient?.FirstName, rendered.Subject ?? "", rendered.Html ?? System.Net.WebUtility.HtmlEncode(rendered.Text),
                    rendered.Text, rendered.UnsubscribeUrl, $"m{row.Id}"), CancellationToken.None)
                : await sms.SendAsync(address, rendered.Text, CancellationToken.None, row.Id);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result = SendResult.Temporary("unknown", "exception", e.Message);
        }
        await FinishAsync(run, row, address, rendered, result);
        return result.Outcome switch
        {
            SendOutcome.Sent => 0,
            SendOutcome.TemporaryFailure when row.Attempts + 1 < options.MaxAttempts => 2,
            _ => 1,
        };
    }

    private async Task<bool> MarkSendingAsync(Guid run, long id, string address, RenderedMessage rendered)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync();
        var now = Now;
        var rows = await db.OutgoingMessages.Where(m => m.Id == id && m.LeaseOwner == run && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sending).SetProperty(m => m.Recipient, address)
                .SetProperty(m => m.Subject, rendered.Subject).SetProperty(m => m.Body, rendered.Text)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LeaseUntil, now.AddSeconds(options.LeaseSeconds)));
        await tx.CommitAsync();
        return rows == 1;
    }

    private async Task<bool> FinishAsync(Guid run, OutgoingMessage row, string address, RenderedMessage rendered, SendResult result)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync();
        var now = Now;
        var mine = db.OutgoingMessages.Where(m => m.Id == row.Id && m.LeaseOwner == run);
        int rows;
        if (result.Succeeded)
        {
            rows = await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sent).SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Provider, result.Provider).SetProperty(m => m.ProviderMessageId, result.ProviderMessageId)
                .SetProperty(m => m.Recipient, address).SetProperty(m => m.Subject, rendered.Subject).SetProperty(m => m.Body, rendered.Text)
                .SetProperty(m => m.ErrorCode, (string?)null).SetProperty(m => m.Error, (string?)null)
                .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null));
        }
        else
        {
            var retry = result.Outcome == SendOutcome.TemporaryFailure && row.Attempts + 1 < options.MaxAttempts;
            var error = OutgoingMessage.Truncate(result.Error ?? "Unknown error");
            rows = await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, retry ? MessageStatus.Queued : MessageStatus.Failed)
                .SetProperty(m => m.NextAttemptAt, retry ? now + MessagingOptions.Backoff(row.Attempts + 1) : row.NextAttemptAt)
                .SetProperty(m => m.Provider, result.Provider).SetProperty(m => m.ErrorCode, result.ErrorCode).SetProperty(m => m.Error, error)
                .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null));
        }
        await tx.CommitAsync();
        return rows == 1;
    }

    private async Task<bool> SettleAsync(Guid run, long id, MessageStatus status, string code, string error)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync();
        var rows = await db.OutgoingMessages.Where(m => m.Id == id && m.LeaseOwner == run && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status).SetProperty(m => m.ErrorCode, code).SetProperty(m => m.Error, error)
                .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null));
        await tx.CommitAsync();
        return rows == 1;
    }
}
