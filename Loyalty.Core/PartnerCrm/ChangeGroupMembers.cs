using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

/// <summary>
/// Adds customers to one of the partner's static groups or takes them out (dynamic segments are kept by their rules).
/// Only the partner's own customers can be added; the member count is recounted in the same write.
/// </summary>
public sealed class ChangeGroupMembers(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxPerCall = 1000;

    public async Task<int> HandleAsync(PartnerStaff staff, Guid groupId, IReadOnlyCollection<Guid> customerIds, bool add, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        if (customerIds.Count is 0 or > MaxPerCall) throw ValidationException.For("customers", $"Choose 1 to {MaxPerCall} customers.");
        await using var db = dbs.Create();
        var group = await db.Segments.AsNoTracking().FirstOrDefaultAsync(s => s.Id == groupId && s.OwnerPartnerId == staff.PartnerId, ct)
            ?? throw DomainException.NotFound("group-not-found", "This group does not exist.");
        if (group.Kind != SegmentKind.Static)
            throw new DomainException("group-is-dynamic", "Members of a dynamic segment follow its rules; add them to a group instead.");
        foreach (var id in customerIds.Distinct())
            await PartnerCustomerAccess.EnsureCustomerAsync(db, staff.PartnerId, id, ct);

        await using var tx = await db.BeginWriteAsync(ct);
        var changed = 0;
        foreach (var id in customerIds.Distinct())
        {
            changed += add
                ? await db.Database.ExecuteSqlAsync(new SqlBuilder()
                    .Append("INSERT INTO \"SegmentMembers\" (\"SegmentId\", \"CustomerId\") SELECT ").Param(groupId).Append(", ").Param(id)
                    .Append(" WHERE NOT EXISTS (SELECT 1 FROM \"SegmentMembers\" WHERE \"SegmentId\" = ").Param(groupId).Append(" AND \"CustomerId\" = ").Param(id).Append(")").Build(), ct)
                : await db.SegmentMembers.Where(m => m.SegmentId == groupId && m.CustomerId == id).ExecuteDeleteAsync(ct);
        }
        var members = await db.SegmentMembers.CountAsync(m => m.SegmentId == groupId, ct);
        await db.Segments.Where(s => s.Id == groupId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Members, members).SetProperty(x => x.UpdatedAt, clock.GetUtcNow().UtcDateTime), ct);
        await tx.CommitAsync(ct);
        return changed;
    }
}
