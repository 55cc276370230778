using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

/// <summary>
/// Re-evaluates dynamic segments: nightly after RFM (profiles moved), or one segment on demand. Each segment is its own
/// short write, so a long list never holds the writer; running twice gives the same members.
/// </summary>
public sealed class RefreshSegments(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<int> HandleAsync(Guid? ownerPartnerId = null, Guid? segmentId = null, bool allOwners = true, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var query = db.Segments.AsNoTracking().Where(s => s.Kind == SegmentKind.Dynamic);
        if (!allOwners || segmentId is not null) query = query.Where(s => s.OwnerPartnerId == ownerPartnerId);
        if (segmentId is { } id) query = query.Where(s => s.Id == id);
        var segments = await query.ToListAsync(ct);
        if (segmentId is not null && segments.Count == 0) throw DomainException.NotFound("segment-not-found", "This segment does not exist.");
        foreach (var segment in segments) await SegmentMembership.RefreshAsync(db, segment, now, ct);
        return segments.Count;
    }
}
