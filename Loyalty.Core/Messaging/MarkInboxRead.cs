using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>Marks one of the member's own in-app messages (or all of them, with no id) as read.</summary>
public sealed class MarkInboxRead(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<int> HandleAsync(Guid customerId, long? messageId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var query = db.OutgoingMessages.Where(m => m.CustomerId == customerId && m.Channel == MessageChannel.InApp && m.ReadAt == null);
        if (messageId is { } id) query = query.Where(m => m.Id == id);
        var rows = await query.ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now).SetProperty(m => m.OpenedAt, m => m.OpenedAt ?? now), ct);
        await tx.CommitAsync(ct);
        return rows;
    }
}
