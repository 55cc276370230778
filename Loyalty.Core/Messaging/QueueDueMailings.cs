using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>
/// Fans out every due scheduled mailing into the outbox with one INSERT … SELECT over its audience: no member is loaded
/// into memory, and the rows appear together with the mailing's status change (one transaction) or not at all. The NOT EXISTS
/// guard and the unique (MailingId, CustomerId) index make a re-run harmless. Bodies are rendered later, at dispatch, so a
/// member's balance and tier are current when the message leaves.
/// </summary>
public sealed class QueueDueMailings(ILoyaltyDbFactory dbs, AudienceQuery audiences, TimeProvider clock) : IUseCase
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
        await using var db = dbs.Create();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await using var tx = await db.BeginWriteAsync(ct);
        var mailing = await db.Mailings.FirstAsync(m => m.Id == mailingId, ct);
        if (mailing.Status != MailingStatus.Scheduled) return 0;

        var scope = new AudienceScope(mailing.OwnerPartnerId, mailing.Channel, now);
        var sql = new SqlBuilder()
            .Append("INSERT INTO \"Messages\" (\"Channel\", \"Recipient\", \"CustomerId\", \"MailingId\", \"OwnerPartnerId\", \"IsTransactional\", \"IsTest\", ")
            .Append("\"CreatedAt\", \"Status\", \"Attempts\", \"NextAttemptAt\") SELECT ")
            .Param((int)mailing.Channel).Append(", '', c.\"Id\", ").Param(mailing.Id).Append(", ").Param(mailing.OwnerPartnerId)
            .Append(", 0, 0, ").Param(now).Append(", ").Param((int)MessageStatus.Queued).Append(", 0, ").Param(now).Append(" ")
            .Append(audiences.FromWhere(mailing.Audience, scope))
            .Append(" AND NOT EXISTS (SELECT 1 FROM \"Messages\" x WHERE x.\"MailingId\" = ").Param(mailing.Id).Append(" AND x.\"CustomerId\" = c.\"Id\")");
        var inserted = await db.Database.ExecuteSqlAsync(sql.Build(), ct);

        mailing.MarkQueued(inserted, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return inserted;
    }
}
