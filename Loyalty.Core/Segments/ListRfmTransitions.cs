using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record RfmMoveOnDay(DateTime Day, RfmSegment From, RfmSegment To, int Customers);

/// <summary>
/// Every move between segments in one scope since a day, newest day first (the RFM page shows only the latest day's top
/// twelve; the Excel file carries them all). The history is one small row per scope, day and pair of segments.
/// </summary>
public sealed class ListRfmTransitions(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<RfmMoveOnDay>> HandleAsync(Guid scope, DateTime since, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.RfmTransitions.AsNoTracking().Where(t => t.PartnerId == scope && t.Day >= since)
            .OrderByDescending(t => t.Day).ThenByDescending(t => t.Customers).ThenBy(t => t.FromSegment).ThenBy(t => t.ToSegment)
            .Select(t => new RfmMoveOnDay(t.Day, t.FromSegment, t.ToSegment, t.Customers)).ToListAsync(ct);
    }
}
