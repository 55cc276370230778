using System.Collections.Concurrent;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record DispatchReport(int Sent, int Failed, int Retrying, int Skipped, int Resent)
{
    public int Total => Sent + Failed + Retrying + Skipped;
}

/// <summary>
/// Works through the outbox: workers claim batches of due rows with a lease, render each message, and hand them to their
/// channel one at a time. A row is marked <see cref="MessageStatus.Sending"/> in a commit of its own just before the
/// hand-over and Sent/Failed/retry just after (the "done" of one message shares its commit with the "sending" of the next),
/// so at any moment a worker has at most one message in doubt. After a hard crash such a row (Sending, lease expired) is
/// queued again and resent with the same <c>Message-ID</c>: at least once, with a window of one message per worker in
/// which a recipient can get a duplicate that downstream systems can recognise (docs/decisions/0015).
/// Cancellation is cooperative: a message already handed over is always marked before the worker stops.
/// </summary>
public sealed class DispatchOutbox(
    ILoyaltyDbFactory dbs, IEmailSender email, ISmsSender sms, MessageRenderer renderer, ChannelThrottle throttle,
    MessagingOptions options, TimeProvider clock) : IUseCase
{
    public const string InboxProvider = "inbox";

    /// <summary>Error code kept on a row that was resent after a crash left it mid-hand-over: it may have arrived twice.</summary>
    public const string InDoubt = "in-doubt";

    public async Task<DispatchReport> HandleAsync(CancellationToken ct = default)
    {
        var resent = await RequeueInDoubtAsync();
        var counts = new int[4];
        var contents = new ConcurrentDictionary<Guid, MailingContent?>();
        var crew = new Crew(Math.Max(1, options.Workers));
        await Task.WhenAll(Enumerable.Range(0, crew.Size).Select(_ => Task.Run(() => WorkAsync(counts, contents, crew, ct), CancellationToken.None)));
        await Outbox.CompleteFinishedMailingsAsync(dbs, Now, CancellationToken.None);
        return new DispatchReport(counts[0], counts[1], counts[2], counts[3], resent);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Rows a dead dispatcher left Sending (their lease ran out) go back to the queue, due now, keeping their attempt count
    /// and the <see cref="InDoubt"/> mark; one that has used up its attempts fails instead of looping on a crash.
    /// </summary>
    private async Task<int> RequeueInDoubtAsync()
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync();
        var now = Now;
        var inDoubt = db.OutgoingMessages.Where(m => m.Status == MessageStatus.Sending && m.LeaseUntil < now);
        var failed = await inDoubt.Where(m => m.Attempts >= options.MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Failed).SetProperty(m => m.ErrorCode, InDoubt)
                .SetProperty(m => m.Error, "The dispatcher stopped while handing this message over, on its last attempt; it may have been delivered.")
                .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null));
        var requeued = await inDoubt
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Queued).SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.ErrorCode, InDoubt)
                .SetProperty(m => m.Error, "The dispatcher stopped while handing this message over; it was sent again with the same Message-ID and may have arrived twice.")
                .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null));
        await tx.CommitAsync();
        return requeued + failed;
    }

    /// <summary>
    /// The run's workers. A worker that finds nothing due does not leave on its own: it looks again shortly, because rows
    /// may be landing right now (a fan-out committing while the run starts) and a worker that left would be missing for
    /// the rest of the run. The run ends when every worker's last look found nothing.
    /// </summary>
    private sealed class Crew(int size)
    {
        private int _idle;
        private volatile bool _done;

        public int Size => size;
        public bool Done => _done;

        /// <returns>True when this made the whole crew idle: the run is over.</returns>
        public bool BecameIdle()
        {
            if (Interlocked.Increment(ref _idle) != size) return false;
            _done = true;
            return true;
        }

        public void BackToWork() => Interlocked.Decrement(ref _idle);
    }

    private async Task WorkAsync(int[] counts, ConcurrentDictionary<Guid, MailingContent?> contents, Crew crew, CancellationToken ct)
    {
        var run = Guid.NewGuid();
        var idle = false;
        while (!ct.IsCancellationRequested && !crew.Done)
        {
            List<OutgoingMessage> batch;
            try { batch = await ClaimAsync(run, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; } // stopped while waiting to claim: nothing is held
            if (batch.Count > 0)
            {
                if (idle) { crew.BackToWork(); idle = false; }
                await ProcessClaimedAsync(run, batch, contents, counts, ct);
                continue;
            }
            if (!idle)
            {
                idle = true;
                if (crew.BecameIdle()) return;
            }
            try { await Task.Delay(IdlePoll, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);

    /// <summary>The batch is ours now: loading what it needs is not cancelled (short); the hand-over checks cancellation between messages.</summary>
    private async Task ProcessClaimedAsync(Guid run, List<OutgoingMessage> batch, ConcurrentDictionary<Guid, MailingContent?> contents, int[] counts, CancellationToken ct)
    {
        Dictionary<Guid, RecipientData> recipients;
        await using (var db = dbs.Create())
        {
            foreach (var mailingId in batch.Where(m => m.MailingId != null).Select(m => m.MailingId!.Value).Distinct())
                if (!contents.ContainsKey(mailingId)) contents[mailingId] = await LoadContentAsync(db, mailingId, CancellationToken.None);
            recipients = await Recipients.LoadAsync(db, batch.Where(m => m.CustomerId != null).Select(m => m.CustomerId!.Value).Distinct().ToList(), CancellationToken.None);
        }
        await ProcessBatchAsync(run, batch, contents, recipients, counts, ct);
    }

    private sealed record Prepared(OutgoingMessage Row, string Address, RenderedMessage Rendered, RecipientData? Recipient);

    private async Task ProcessBatchAsync(Guid run, List<OutgoingMessage> batch, ConcurrentDictionary<Guid, MailingContent?> contents,
        Dictionary<Guid, RecipientData> recipients, int[] counts, CancellationToken ct)
    {
        var toSend = new List<Prepared>();
        var settled = new List<(long Id, MessageStatus Status, string Code, string Error)>();
        var inbox = new List<Prepared>();
        foreach (var row in batch)
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
        // Skips and inbox deliveries never leave the database: settled together, nothing is in doubt.
        if (settled.Count > 0 || inbox.Count > 0)
        {
            await using var tx = await db.BeginWriteAsync(CancellationToken.None);
            foreach (var (id, status, code, error) in settled)
                if (await SettleAsync(db, run, id, status, code, error)) Interlocked.Increment(ref counts[3]);
            foreach (var p in inbox)
                if (await FinishAsync(db, run, p, SendResult.Ok(InboxProvider, null))) Interlocked.Increment(ref counts[0]);
            await tx.CommitAsync(CancellationToken.None);
        }

        // One message at a time: the commit that records how message n went also marks message n+1 Sending.
        (Prepared P, SendResult Result)? previous = null;
        var next = 0;
        for (; next < toSend.Count && !ct.IsCancellationRequested; next++)
        {
            var p = toSend[next];
            bool mine;
            await using (var tx = await db.BeginWriteAsync(CancellationToken.None))
            {
                if (previous is { } done) await RecordAsync(db, run, done.P, done.Result, counts);
                mine = await MarkSendingAsync(db, run, p, Now.AddSeconds(options.LeaseSeconds));
                await tx.CommitAsync(CancellationToken.None);
            }
            // From the commit above until the next one this row is in flight; no cancellation in between. The throttle waits
            // here, after the previous outcome is committed: a crash while waiting resends a message that never left.
            if (!mine) { previous = null; continue; }
            await throttle.WaitAsync(p.Row.Channel, CancellationToken.None);
            previous = (p, await SendAsync(p));
        }
        if (previous is { } last)
        {
            await using var tx = await db.BeginWriteAsync(CancellationToken.None);
            await RecordAsync(db, run, last.P, last.Result, counts);
            await tx.CommitAsync(CancellationToken.None);
        }
        if (next < toSend.Count) await ReleaseAsync(run, toSend.Skip(next).Select(p => p.Row.Id).ToList());
    }

    private async Task RecordAsync(ILoyaltyDb db, Guid run, Prepared p, SendResult result, int[] counts)
    {
        if (!await FinishAsync(db, run, p, result)) return;
        var outcome = result.Outcome switch
        {
            SendOutcome.Sent => 0,
            SendOutcome.TemporaryFailure when p.Row.Attempts + 1 < options.MaxAttempts => 2,
            _ => 1,
        };
        Interlocked.Increment(ref counts[outcome]);
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
            // From the commit on the rows are leased to this run: a stop that arrived now must not leave them held
            // (another run could not claim them until the lease ran out), so the commit and the read are not cancelled.
            await tx.CommitAsync(CancellationToken.None);
        }
        return await db.OutgoingMessages.AsNoTracking().Where(m => m.LeaseOwner == run && m.Status == MessageStatus.Queued)
            .OrderBy(m => m.Id).ToListAsync(CancellationToken.None);
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
            // Recipient and text were written when the row was marked Sending; inbox rows skip that step and get them here.
            return await mine.ExecuteUpdateAsync(s =>
            {
                s.SetProperty(m => m.Status, MessageStatus.Sent).SetProperty(m => m.SentAt, now)
                    .SetProperty(m => m.Provider, result.Provider).SetProperty(m => m.ProviderMessageId, result.ProviderMessageId)
                    // A resend after a crash keeps its mark: the log and the figures show it may have arrived twice.
                    .SetProperty(m => m.ErrorCode, m => m.ErrorCode == InDoubt ? InDoubt : null).SetProperty(m => m.Error, m => m.ErrorCode == InDoubt ? m.Error : null)
                    .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null);
                if (p.Row.Channel == MessageChannel.InApp)
                    s.SetProperty(m => m.Recipient, p.Address).SetProperty(m => m.Subject, p.Rendered.Subject).SetProperty(m => m.Body, p.Rendered.Text);
            }) == 1;
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
