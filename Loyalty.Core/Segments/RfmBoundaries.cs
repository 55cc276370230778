using Loyalty.Core.Common;
using Loyalty.Core.Messaging;

namespace Loyalty.Core.Segments;

/// <summary>
/// The RFM quintile boundaries of one scope, read by position along the profile indexes (0068), and the score expression
/// built from them. Plain ADO.NET: the boundaries go back into the scoring UPDATE exactly as stored.
/// </summary>
internal static class RfmBoundaries
{
    /// <summary>Members of the scope that get scores (some purchase not fully refunded).</summary>
    public static async Task<long> ScoredAsync(ILoyaltyDb db, Guid scope, CancellationToken ct) =>
        await (await RawSql.OnAsync(db, ct)).ScalarAsync<long>(
            "SELECT COUNT(*) FROM \"CustomerProfiles\" WHERE \"PartnerId\" = @p AND \"PurchasesTotal\" > 0", ct, ("@p", scope));

    /// <summary>
    /// <c>(1 + [v &gt; b1] + [v &gt; b2] + [v &gt; b3] + [v &gt; b4])</c> with the four boundaries read from the scope's ordered
    /// index; a single scored member has PERCENT_RANK 0, so scores 1. Boundaries go in as the stored values themselves.
    /// </summary>
    public static async Task<SqlBuilder> ScoreAsync(ILoyaltyDb db, ProfileSql sql, Guid scope, long members, string column, CancellationToken ct)
    {
        var raw = await RawSql.OnAsync(db, ct);
        var expression = new SqlBuilder().Append("(1");
        if (members > 1)
        {
            var query = $"SELECT \"{column}\" FROM \"CustomerProfiles\" WHERE \"PartnerId\" = @p AND \"PurchasesTotal\" > 0 ORDER BY \"{column}\"" + sql.Offset("@o");
            for (var k = 1; k <= 4; k++)
            {
                var position = (k * (members - 1) + 4) / 5 - 1; // ⌈k(n − 1)/5⌉ − 1, at least 0 when n > 1
                object boundary;
                await using (var reader = await raw.ReaderAsync(query, ct, ("@p", scope), ("@o", position)))
                {
                    await reader.ReadAsync(ct);
                    boundary = reader.GetValue(0);
                }
                expression.Append($" + CASE WHEN \"{column}\" > ").Param(boundary).Append(" THEN 1 ELSE 0 END");
            }
        }
        return expression.Append(")");
    }
}
