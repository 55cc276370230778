using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>Set-based steps on the outbox shared by the use cases.</summary>
internal static class Outbox
{
    public static Task<int> SkipQueuedAsync(ILoyaltyDb db, Guid mailingId, string code, string error, CancellationToken ct) =>
        db.OutgoingMessages.Where(m => m.MailingId == mailingId && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Skipped).SetProperty(m => m.ErrorCode, code).SetProperty(m => m.Error, error)
                .SetProperty(m => m.LeaseOwner, (Guid?)null).SetProperty(m => m.LeaseUntil, (DateTime?)null), ct);

    /// <summary>A mailing whose rows are all settled (none queued or being handed over) is complete.</summary>
    public static async Task<int> CompleteFinishedMailingsAsync(ILoyaltyDbFactory dbs, DateTime now, CancellationToken ct)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var done = await db.Mailings
            .Where(m => m.Status == MailingStatus.Sending
                && !db.OutgoingMessages.Any(o => o.MailingId == m.Id && (o.Status == MessageStatus.Queued || o.Status == MessageStatus.Sending)))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MailingStatus.Completed).SetProperty(m => m.CompletedAt, now).SetProperty(m => m.UpdatedAt, now), ct);
        await tx.CommitAsync(ct);
        return done;
    }
}
