using Loyalty.Core.Common;
using Loyalty.Core.Messaging;

namespace Loyalty.Core.Segments;

/// <summary>
/// The RFM quintile boundaries of one scope, read by position along the profile indexes (0068), and the score expression
/// that compares a profile with them. Plain ADO.NET: the boundaries go back into the scoring UPDATE exactly as stored.
/// </summary>
internal sealed record RfmBoundaries(Guid Scope, long Members, object[] Recency, object[] Frequency, object[] Monetary)
{
    /// <summary>The measured columns, in the order of the boundary columns r1–r4, f1–f4, m1–m4.</summary>
    private static readonly (string Column, string Prefix)[] Measures = [("LastPurchaseAt", "r"), ("PurchasesTotal", "f"), ("SpendTotal", "m")];

    /// <summary>The boundaries of a scope, or null when none of its members gets scores (no purchase that was not fully refunded).</summary>
    public static async Task<RfmBoundaries?> ReadAsync(ILoyaltyDb db, ProfileSql sql, Guid scope, CancellationToken ct)
    {
        var raw = await RawSql.OnAsync(db, ct);
        var members = await raw.ScalarAsync<long>(
            "SELECT COUNT(*) FROM \"CustomerProfiles\" WHERE \"PartnerId\" = @p AND \"PurchasesTotal\" > 0", ct, ("@p", scope));
        if (members == 0) return null;
        var values = new object[3][];
        for (var i = 0; i < Measures.Length; i++)
        {
            var column = Measures[i].Column;
            var query = $"SELECT \"{column}\" FROM \"CustomerProfiles\" WHERE \"PartnerId\" = @p AND \"PurchasesTotal\" > 0 ORDER BY \"{column}\"" + sql.Offset("@o");
            values[i] = new object[4];
            for (var k = 1; k <= 4; k++)
            {
                // ⌈k(n − 1)/5⌉ − 1; a single member is its own boundary, so it scores 1 (its PERCENT_RANK is 0).
                var position = Math.Max(0, (k * (members - 1) + 4) / 5 - 1);
                await using var reader = await raw.ReaderAsync(query, ct, ("@p", scope), ("@o", position));
                await reader.ReadAsync(ct);
                values[i][k - 1] = reader.GetValue(0);
            }
        }
        return new RfmBoundaries(scope, members, values[0], values[1], values[2]);
    }

    /// <summary>The columns of <see cref="AsTable"/> after pid.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        Measures.SelectMany(m => Enumerable.Range(1, 4).Select(k => $"{m.Prefix}{k}")).ToArray();

    /// <summary>
    /// The scopes' boundaries as a derived table <c>(pid, r1 … r4, f1 … f4, m1 … m4)</c>, one row per scope, so a single
    /// statement can score every scope.
    /// </summary>
    public static SqlBuilder AsTable(IReadOnlyList<RfmBoundaries> scopes)
    {
        var sql = new SqlBuilder();
        for (var s = 0; s < scopes.Count; s++)
        {
            sql.Append(s == 0 ? "SELECT " : " UNION ALL SELECT ").Param(scopes[s].Scope).Append(" AS pid");
            var measures = new[] { scopes[s].Recency, scopes[s].Frequency, scopes[s].Monetary };
            for (var i = 0; i < Measures.Length; i++)
                for (var k = 0; k < 4; k++)
                    sql.Append(", ").Param(measures[i][k]).Append($" AS {Measures[i].Prefix}{k + 1}");
        }
        return sql;
    }

    /// <summary>
    /// <c>score = 1 + ⌊5 × PERCENT_RANK⌋</c> written as <c>1 + [v &gt; b1] + [v &gt; b2] + [v &gt; b3] + [v &gt; b4]</c> against
    /// the boundary table <c>a</c>; <paramref name="measure"/> is 0 (recency), 1 (frequency) or 2 (monetary).
    /// </summary>
    public static string Score(int measure)
    {
        var (column, prefix) = Measures[measure];
        var expression = "(1";
        for (var k = 1; k <= 4; k++) expression += $" + CASE WHEN cp.\"{column}\" > a.{prefix}{k} THEN 1 ELSE 0 END";
        return expression + ")";
    }
}
