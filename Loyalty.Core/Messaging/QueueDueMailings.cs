using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>
/// Fans out every due scheduled mailing into the outbox with INSERT … SELECT over its audience (in slices of the key range):
/// no member is loaded into memory. The NOT EXISTS guard and the unique (MailingId, CustomerId) index make a re-run after a
/// crash harmless. Bodies are rendered later, at dispatch, so a
/// member's balance and tier are current when the message leaves.
/// </summary>
public sealed class QueueDueMailings(ILoyaltyDbFactory dbs, AudienceQuery audiences, MessagingOptions options, TimeProvider clock) : IUseCase
{
    public async Task<int> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = dbs.Create())
        {
            due = await db.Mailings.Where(m => m.Status == MailingStatus.Scheduled && m.ScheduledAt <= now)
                .OrderBy(m => m.ScheduledAt).Select(m => m.Id).ToListAsync(ct);
        }
        var queued = 0;
        foreach (var id in due) queued += await QueueAsync(id, now, ct);
        return queued;
    }

    private async Task<int> QueueAsync(Guid mailingId, DateTime now, CancellationToken ct)
    {
        Mailing mailing;
        var starts = new List<Guid>();
        await using (var db = dbs.Create())
        {
            mailing = await db.Mailings.AsNoTracking().FirstAsync(m => m.Id == mailingId, ct);
            if (mailing.Status != MailingStatus.Scheduled) return 0;
            // Slice boundaries in the server's own key order, so "Id >= a AND Id < b" means the same on both providers.
            for (var skip = options.FanOutSlice; ; skip += options.FanOutSlice)
            {
                var start = await db.Customers.OrderBy(c => c.Id).Select(c => (Guid?)c.Id).Skip(skip).FirstOrDefaultAsync(ct);
                if (start is null) break;
                starts.Add(start.Value);
            }
        }

        var scope = new AudienceScope(mailing.OwnerPartnerId, mailing.Channel, now);
        for (var i = 0; i <= starts.Count; i++)
        {
            var sql = new SqlBuilder()
                .Append("INSERT INTO \"Messages\" (\"Channel\", \"Recipient\", \"CustomerId\", \"MailingId\", \"OwnerPartnerId\", \"IsTransactional\", \"IsTest\", ")
                .Append("\"CreatedAt\", \"Status\", \"Attempts\", \"NextAttemptAt\") SELECT ")
                .Param((int)mailing.Channel).Append(", '', c.\"Id\", ").Param(mailing.Id).Append(", ").Param(mailing.OwnerPartnerId)
                .Append(", 0, 0, ").Param(now).Append(", ").Param((int)MessageStatus.Queued).Append(", 0, ").Param(now).Append(" ")
                .Append(audiences.FromWhere(mailing.Audience, scope))
                .Append(" AND NOT EXISTS (SELECT 1 FROM \"Messages\" x WHERE x.\"MailingId\" = ").Param(mailing.Id).Append(" AND x.\"CustomerId\" = c.\"Id\")");
            if (i > 0) sql.Append(" AND c.\"Id\" >= ").Param(starts[i - 1]);
            if (i < starts.Count) sql.Append(" AND c.\"Id\" < ").Param(starts[i]);
            await using var db = dbs.Create();
            await using var tx = await db.BeginWriteAsync(ct);
            await db.Database.ExecuteSqlAsync(sql.Build(), ct);
            await tx.CommitAsync(ct);
        }

        // The mailing turns Sending only once every slice is in: a crash before this leaves it Scheduled, and the next run
        // redoes the slices (NOT EXISTS skips the members already queued).
        await using (var db = dbs.Create())
        {
            await using var tx = await db.BeginWriteAsync(ct);
            var tracked = await db.Mailings.FirstAsync(m => m.Id == mailingId, ct);
            if (tracked.Status != MailingStatus.Scheduled) return 0;
            var queued = await db.OutgoingMessages.CountAsync(m => m.MailingId == mailingId, ct);
            tracked.MarkQueued(queued, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return queued;
        }
    }
}
