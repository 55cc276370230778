using System.Collections.Concurrent;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record DispatchReport(int Sent, int Failed, int Retrying, int Skipped, int Uncertain)
{
    public int Total => Sent + Failed + Retrying + Skipped;
}

/// <summary>
/// Works through the outbox: workers claim batches of due rows with a lease, render each message, and hand them to their
/// channel in small groups. A group's rows are marked <see cref="MessageStatus.Sending"/> (committed) just before the
/// hand-over and Sent/Failed/retry just after, so a crash leaves at most <see cref="HandOverGroup"/> rows per worker in doubt. Such a row (Sending, lease expired)
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
            Dictionary<Guid, RecipientData> recipients;
            await using (var db = dbs.Create())
            {
                foreach (var mailingId in batch.Where(m => m.MailingId != null).Select(m => m.MailingId!.Value).Distinct())
                    if (!contents.ContainsKey(mailingId)) contents[mailingId] = await LoadContentAsync(db, mailingId, ct);
                recipients = await Recipients.LoadAsync(db, batch.Where(m => m.CustomerId != null).Select(m => m.CustomerId!.Value).Distinct().ToList(), ct);
            }

            for (var i = 0; i < batch.Count; i += HandOverGroup)
            {
                if (ct.IsCancellationRequested)
                {
                    await ReleaseAsync(run, batch.Skip(i).Select(m => m.Id).ToList());
                    return;
                }
                foreach (var outcome in await ProcessGroupAsync(run, batch.Skip(i).Take(HandOverGroup).ToList(), contents, recipients))
                    if (outcome >= 0) Interlocked.Increment(ref counts[outcome]);
            }
        }
    }

    /// <summary>
    /// Rows handed over per database round trip: marked Sending together, sent one by one, settled together. A hard crash
    /// leaves at most this many rows per worker in doubt (never resent); smaller is safer, larger is faster.
    /// </summary>
    public const int HandOverGroup = 10;

    private sealed record Prepared(OutgoingMessage Row, string Address, RenderedMessage Rendered, RecipientData? Recipient);

    /// <returns>Per row an index into the counters: 0 sent, 1 failed, 2 retrying, 3 skipped; -1 when the row was not ours any more.</returns>
    private async Task<List<int>> ProcessGroupAsync(Guid run, List<OutgoingMessage> group, ConcurrentDictionary<Guid, MailingContent?> contents, Dictionary<Guid, RecipientData> recipients)
    {
        var outcomes = new List<int>();
        var toSend = new List<Prepared>();
        var settled = new List<(long Id, MessageStatus Status, string Code, string Error)>();
        var inbox = new List<Prepared>();
        foreach (var row in group)
        {
            RecipientData? recipient = row.CustomerId is { } cid ? recipients.GetValueOrDefault(cid) : null;
            if (row.MailingId is { } mailingId)
            {
                var content = contents.GetValueOrDefault(mailingId);
                if (content is null) { settled.Add((row.Id, MessageStatus.Skipped, "cancelled", "The mailing was cancelled.")); continue; }
                var address = recipient?.AddressFor(row.Channel);
                if (address is null) { settled.Add((row.Id, MessageStatus.Skipped, "no-consent", "The member withdrew consent or has no address for this channel.")); continue; }
                var prepared = new Prepared(row, address, renderer.Render(content, recipient!.Model(content.SenderName), row.Id), recipient);
                (row.Channel == MessageChannel.InApp ? inbox : toSend).Add(prepared);
            }
            else
            {
                // A single message queued with its text (a trigger or a system notice).
                var prepared = new Prepared(row, row.Recipient, new RenderedMessage(row.Subject, row.Body ?? "", null, null), recipient);
                (row.Channel == MessageChannel.InApp ? inbox : toSend).Add(prepared);
            }
        }

        await using var db = dbs.Create();
        if (settled.Count > 0 || inbox.Count > 0)
        {
            await using var tx = await db.BeginWriteAsync();
            foreach (var (id, status, code, error) in settled) outcomes.Add(await SettleAsync(db, run, id, status, code, error) ? 3 : -1);
            foreach (var p in inbox) outcomes.Add(await FinishAsync(db, run, p, SendResult.Ok(InboxProvider, null)) ? 0 : -1);
            await tx.CommitAsync();
        }
        if (toSend.Count == 0) return outcomes;

        // Committed before the first hand-over: from here on these rows are in flight and never claimed again.
        var mine = new List<Prepared>();
        await using (var tx = await db.BeginWriteAsync())
        {
            var leaseUntil = Now.AddSeconds(options.LeaseSeconds);
            foreach (var p in toSend)
                if (await MarkSendingAsync(db, run, p, leaseUntil)) mine.Add(p); else outcomes.Add(-1);
            await tx.CommitAsync();
        }

        // No cancellation from here until every outcome is written.
        var results = new List<(Prepared, SendResult)>();
        foreach (var p in mine)
        {
            await throttle.WaitAsync(p.Row.Channel, CancellationToken.None);
            results.Add((p, await SendAsync(p)));
        }
        await using (var tx = await db.BeginWriteAsync())
        {
            foreach (var (p, result) in results)
            {
                await FinishAsync(db, run, p, result);
                outcomes.Add(result.Outcome switch
                {
                    SendOutcome.Sent => 0,
                    SendOutcome.TemporaryFailure when p.Row.Attempts + 1 < options.MaxAttempts => 2,
                    _ => 1,
                });
            }
            await tx.CommitAsync();
        }
        return outcomes;
    }

    private async Task<SendResult> SendAsync(Prepared p)
    {
        try
        {
            return p.Row.Channel == MessageChannel.Email
                ? await email.SendAsync(new EmailMessage(p.Address, p.Recipient?.FirstName, p.Rendered.Subject ?? "",
                    p.Rendered.Html ?? System.Net.WebUtility.HtmlEncode(p.Rendered.Text), p.Rendered.Text, p.Rendered.UnsubscribeUrl, $"m{p.Row.Id}"), CancellationToken.None)
                : await sms.SendAsync(p.Address, p.Rendered.Text, CancellationToken.None, p.Row.Id);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return SendResult.Temporary("unknown", "exception", e.Message);
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

    private static async Task<bool> MarkSendingAsync(ILoyaltyDb db, Guid run, Prepared p, DateTime leaseUntil) =>
        await db.OutgoingMessages.Where(m => m.Id == p.Row.Id && m.LeaseOwner == run && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sending).SetProperty(m => m.Recipient, p.Address)
                .SetProperty(m => m.Subject, p.Rendered.Subject).SetProperty(m => m.Body, p.Rendered.Text)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LeaseUntil, leaseUntil)) == 1;

    private async Task<bool> FinishAsync(ILoyaltyDb db, Guid run, Prepared p, SendResult result)
    {
        var now = Now;
        var mine = db.OutgoingMessages.Where(m => m.Id == p.Row.Id && m.LeaseOwner == run);
        if (result.Succeeded)
        {
            return await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sent).SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Provider, result.Provider).SetProperty(m => m.ProviderMessageId, result.ProviderMessageId)
                .SetProperty(m => m.Recipient, p.Address).SetProperty(m => m.Subject, p.Rendered.Subject).SetProperty(m => m.Body, p.Rendered.Text)
                .SetProperty(m => m.ErrorCode, (string?)null).SetProperty(m => m.Error, (string?)null)
                .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null)) == 1;
        }
        var retry = result.Outcome == SendOutcome.TemporaryFailure && p.Row.Attempts + 1 < options.MaxAttempts;
        var error = OutgoingMessage.Truncate(result.Error ?? "Unknown error");
        var next = retry ? now + MessagingOptions.Backoff(p.Row.Attempts + 1) : p.Row.NextAttemptAt;
        return await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, retry ? MessageStatus.Queued : MessageStatus.Failed)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.Provider, result.Provider).SetProperty(m => m.ErrorCode, result.ErrorCode).SetProperty(m => m.Error, error)
            .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null)) == 1;
    }

    private static async Task<bool> SettleAsync(ILoyaltyDb db, Guid run, long id, MessageStatus status, string code, string error) =>
        await db.OutgoingMessages.Where(m => m.Id == id && m.LeaseOwner == run && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status).SetProperty(m => m.ErrorCode, code).SetProperty(m => m.Error, error)
                .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null)) == 1;
}
