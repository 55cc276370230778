using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record SegmentForm(string? Name, SegmentRules Rules);

/// <summary>Creates or changes a dynamic segment and fills its membership at once, so the new count is there when it returns.</summary>
public sealed class SaveSegment(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<Guid> HandleAsync(Guid? ownerPartnerId, Guid? id, SegmentForm form, CancellationToken ct = default)
    {
        var name = form.Name?.Trim() ?? "";
        if (name.Length == 0) throw ValidationException.For("name", "Give the segment a name.");
        if (name.Length > Segment.NameMaxLength) throw ValidationException.For("name", $"A name has at most {Segment.NameMaxLength} characters.");
        SegmentSql.Validate(form.Rules);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        Segment segment;
        if (id is { } existing)
        {
            // Ownership is part of the lookup: another partner's segment is simply not found.
            segment = await db.Segments.FirstOrDefaultAsync(s => s.Id == existing && s.OwnerPartnerId == ownerPartnerId, ct)
                ?? throw DomainException.NotFound("segment-not-found", "This segment does not exist.");
            if (segment.Kind != SegmentKind.Dynamic) throw DomainException.Conflict("segment-is-static", "An imported group has no rules to change.");
            segment.Change(name, form.Rules.ToJson(), now);
        }
        else
        {
            segment = new Segment(ownerPartnerId, name, SegmentKind.Dynamic, form.Rules.ToJson(), now);
            db.Segments.Add(segment);
        }
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await SegmentMembership.RefreshAsync(db, segment, now, ct);
        return segment.Id;
    }
}
