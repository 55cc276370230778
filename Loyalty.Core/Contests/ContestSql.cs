using Loyalty.Core.Customers;
using Loyalty.Core.Messaging;

namespace Loyalty.Core.Contests;

/// <summary>A member's figure in a contest: entries owed for a draw, or a leaderboard score and when it was reached.</summary>
public sealed class MemberFigure
{
    public Guid CustomerId { get; set; }
    public long Score { get; set; }
    public DateTime ReachedAt { get; set; }
}

/// <summary>
/// The set-based SQL behind entries and standings: one statement over the period's purchases (or activations), grouped by
/// member, never a loop over receipts. Values go in as parameters only; the text is fixed here.
/// </summary>
internal static class ContestSql
{
    /// <summary>
    /// One row per qualifying receipt: member, time and net qualifying amount ("Net"). Net is what is left after refunds —
    /// of the whole receipt, or of its matching lines (SKU or category) scaled by the share not refunded, since a refund
    /// names an amount, not lines. A receipt refunded in full never qualifies.
    /// </summary>
    public static SqlBuilder QualifyingPurchases(Contest contest)
    {
        var scope = contest.Scope;
        var sql = new SqlBuilder().Append("SELECT p.\"CustomerId\" AS \"CustomerId\", p.\"OccurredAt\" AS \"At\", ");
        if (scope.FiltersItems)
        {
            sql.Append("(SELECT COALESCE(SUM(i.\"Price\"), 0) FROM \"PurchaseItems\" i WHERE i.\"PurchaseId\" = p.\"Id\" AND (");
            AppendItemMatch(sql, scope);
            sql.Append(")) * (p.\"Amount\" - p.\"RefundedAmount\") / p.\"Amount\"");
        }
        else
        {
            sql.Append("p.\"Amount\" - p.\"RefundedAmount\"");
        }
        sql.Append(" AS \"Net\" FROM \"Purchases\" p INNER JOIN \"Customers\" c ON c.\"Id\" = p.\"CustomerId\" WHERE c.\"Status\" = ").Param((int)CustomerStatus.Active)
            .Append(" AND p.\"OccurredAt\" >= ").Param(contest.StartsAt).Append(" AND p.\"OccurredAt\" < ").Param(contest.EndsAt)
            .Append(" AND p.\"Amount\" > 0 AND p.\"RefundedAmount\" < p.\"Amount\"");
        AppendScope(sql, scope, partnerColumn: "p.\"PartnerId\"", storeColumn: "p.\"StoreId\"");
        return sql;
    }

    /// <summary>The partners, stores and segment of a scope, for a source whose rows carry a partner and a store and join the member as c.</summary>
    public static void AppendScope(SqlBuilder sql, ContestScope scope, string partnerColumn, string storeColumn)
    {
        AppendIn(sql, partnerColumn, scope.PartnerIds);
        AppendIn(sql, storeColumn, scope.StoreIds);
        AppendSegment(sql, scope);
    }

    /// <summary>Receipts that count: something qualifying is left and it reaches the minimum receipt.</summary>
    public static SqlBuilder CountingPurchases(Contest contest) =>
        new SqlBuilder().Append("FROM (").Append(QualifyingPurchases(contest)).Append(") q WHERE q.\"Net\" > 0 AND q.\"Net\" >= ").Param(contest.MinPurchase);

    public static SqlBuilder Activations(Contest contest)
    {
        var scope = contest.Scope;
        var sql = new SqlBuilder().Append("FROM \"PromoActivations\" a INNER JOIN \"Customers\" c ON c.\"Id\" = a.\"CustomerId\" WHERE c.\"Status\" = ").Param((int)CustomerStatus.Active)
            .Append(" AND a.\"ActivatedAt\" >= ").Param(contest.StartsAt).Append(" AND a.\"ActivatedAt\" < ").Param(contest.EndsAt);
        AppendIn(sql, "a.\"PartnerId\"", scope.PartnerIds);
        AppendIn(sql, "a.\"ProductId\"", scope.ProductIds);
        AppendSegment(sql, scope);
        return sql;
    }

    /// <summary>A leaderboard's figures for every member who has one; the best first, ties to whoever got there first.</summary>
    public static SqlBuilder Standings(Contest contest, bool isSqlite)
    {
        var counting = CountingPurchases(contest);
        var sql = new SqlBuilder();
        switch (contest.Metric)
        {
            case LeaderboardMetric.MostPurchases:
                sql.Append("SELECT q.\"CustomerId\", COUNT(*) AS \"Score\", MAX(q.\"At\") AS \"ReachedAt\" ").Append(counting).Append(" GROUP BY q.\"CustomerId\"");
                break;
            case LeaderboardMetric.MostVisits:
                // A visit is a UTC day with a qualifying receipt. SQLite stores instants as ISO text, so the day is its first ten characters.
                var day = isSqlite ? "substr(q.\"At\", 1, 10)" : "CAST(q.\"At\" AS date)";
                sql.Append($"SELECT q.\"CustomerId\", COUNT(DISTINCT {day}) AS \"Score\", MAX(q.\"At\") AS \"ReachedAt\" ").Append(counting).Append(" GROUP BY q.\"CustomerId\"");
                break;
            case LeaderboardMetric.MostSpent:
                sql.Append("SELECT q.\"CustomerId\", SUM(q.\"Net\") AS \"Score\", MAX(q.\"At\") AS \"ReachedAt\" ").Append(counting).Append(" GROUP BY q.\"CustomerId\"");
                break;
            case LeaderboardMetric.FirstActivations:
                // Everyone scores 1; the order is who activated first.
                sql.Append("SELECT a.\"CustomerId\", 1 AS \"Score\", MIN(a.\"ActivatedAt\") AS \"ReachedAt\" ").Append(Activations(contest)).Append(" GROUP BY a.\"CustomerId\"");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(contest), contest.Metric, null);
        }
        return sql;
    }

    private static void AppendItemMatch(SqlBuilder sql, ContestScope scope)
    {
        var first = true;
        if (scope.Skus.Count > 0)
        {
            sql.Append("i.\"Sku\" IN (");
            AppendList(sql, scope.Skus);
            sql.Append(")");
            first = false;
        }
        if (scope.Categories.Count > 0)
        {
            if (!first) sql.Append(" OR ");
            sql.Append("i.\"Category\" IN (");
            AppendList(sql, scope.Categories);
            sql.Append(")");
        }
    }

    private static void AppendSegment(SqlBuilder sql, ContestScope scope)
    {
        if (scope.SegmentId is { } segment)
            sql.Append(" AND EXISTS (SELECT 1 FROM \"SegmentMembers\" sm WHERE sm.\"SegmentId\" = ").Param(segment).Append(" AND sm.\"CustomerId\" = c.\"Id\")");
    }

    private static void AppendIn<T>(SqlBuilder sql, string column, IReadOnlyList<T> values)
    {
        if (values.Count == 0) return;
        sql.Append($" AND {column} IN (");
        AppendList(sql, values);
        sql.Append(")");
    }

    private static void AppendList<T>(SqlBuilder sql, IReadOnlyList<T> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) sql.Append(", ");
            sql.Param(values[i]);
        }
    }
}
