using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

/// <summary>
/// The SQL behind a dynamic segment: active members, for a partner only those who bought there or subscribed to it (the
/// same reach as the partner's mailings), narrowed by the rules. Used for the live estimate and to refresh membership.
/// </summary>
internal static class SegmentMembership
{
    public static SqlBuilder FromWhere(Guid? ownerPartnerId, SegmentRules rules, DateTime now)
    {
        var sql = new SqlBuilder().Append("FROM \"Customers\" c WHERE c.\"Status\" = ").Param((int)CustomerStatus.Active);
        if (ownerPartnerId is { } partner)
        {
            sql.Append(" AND (EXISTS (SELECT 1 FROM \"CustomerProfiles\" op WHERE op.\"CustomerId\" = c.\"Id\" AND op.\"PartnerId\" = ").Param(partner)
                .Append(") OR EXISTS (SELECT 1 FROM \"Purchases\" pp WHERE pp.\"CustomerId\" = c.\"Id\" AND pp.\"PartnerId\" = ").Param(partner)
                .Append(") OR EXISTS (SELECT 1 FROM \"PartnerSubscriptions\" ps WHERE ps.\"CustomerId\" = c.\"Id\" AND ps.\"PartnerId\" = ").Param(partner).Append("))");
        }
        return SegmentSql.AppendPredicate(sql, rules, ownerPartnerId, now);
    }

    /// <summary>Replaces a dynamic segment's members in one write: DELETE then INSERT … SELECT, never through memory.</summary>
    public static async Task<int> RefreshAsync(ILoyaltyDb db, Segment segment, DateTime now, CancellationToken ct)
    {
        var rules = SegmentRules.FromJson(segment.RulesJson);
        await using var tx = await db.BeginWriteAsync(ct);
        await db.SegmentMembers.Where(m => m.SegmentId == segment.Id).ExecuteDeleteAsync(ct);
        var members = await db.Database.ExecuteSqlAsync(new SqlBuilder()
            .Append("INSERT INTO \"SegmentMembers\" (\"SegmentId\", \"CustomerId\") SELECT ").Param(segment.Id).Append(", c.\"Id\" ")
            .Append(FromWhere(segment.OwnerPartnerId, rules, now)).Build(), ct);
        await db.Segments.Where(s => s.Id == segment.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Members, members).SetProperty(x => x.RefreshedAt, now), ct);
        await tx.CommitAsync(ct);
        return members;
    }
}
