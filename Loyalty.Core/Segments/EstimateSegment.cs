using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

/// <summary>The live size of rules being edited: one COUNT in the database over the same SQL that fills the segment.</summary>
public sealed class EstimateSegment(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<int> HandleAsync(Guid? ownerPartnerId, SegmentRules rules, CancellationToken ct = default)
    {
        SegmentSql.Validate(rules);
        await using var db = dbs.Create();
        var sql = new SqlBuilder().Append("SELECT c.* ").Append(SegmentMembership.FromWhere(ownerPartnerId, rules, clock.GetUtcNow().UtcDateTime));
        return await db.Customers.FromSql(sql.Build()).CountAsync(ct);
    }
}
