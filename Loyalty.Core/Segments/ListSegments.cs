using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record SegmentRow(Guid Id, string Name, SegmentKind Kind, int Members, DateTime? RefreshedAt, DateTime UpdatedAt, string RulesJson);

/// <summary>The caller's own segments (a partner's, or the operator's when the owner is null).</summary>
public sealed class ListSegments(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<SegmentRow>> HandleAsync(Guid? ownerPartnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var rows = await db.Segments.AsNoTracking().Where(s => s.OwnerPartnerId == ownerPartnerId)
            .OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.Kind, s.Members, s.RefreshedAt, s.UpdatedAt, s.RulesJson })
            .ToListAsync(ct);
        return rows.Select(s => new SegmentRow(s.Id, s.Name, s.Kind, s.Members, s.RefreshedAt, s.UpdatedAt, s.RulesJson)).ToList();
    }
}

/// <summary>Removes a segment and its members. A mailing that already fanned out keeps its recipients.</summary>
public sealed class DeleteSegment(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task HandleAsync(Guid? ownerPartnerId, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        if (!await db.Segments.AnyAsync(s => s.Id == id && s.OwnerPartnerId == ownerPartnerId, ct))
            throw DomainException.NotFound("segment-not-found", "This segment does not exist.");
        await db.SegmentMembers.Where(m => m.SegmentId == id).ExecuteDeleteAsync(ct);
        await db.Segments.Where(s => s.Id == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }
}
