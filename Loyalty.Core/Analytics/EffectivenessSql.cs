using Loyalty.Core.Messaging;

namespace Loyalty.Core.Analytics;

/// <summary>
/// The member figures of <see cref="GetProgramEffectiveness"/> as set-based SQL (decision 0210). Asked per receipt ("nothing
/// here before?", "bought again?", "was referred?"), SQLite answered each question by walking the partner's whole history and
/// the 30-day figures of a 300,000-customer partner took minutes. Here:
/// <list type="bullet">
/// <item>buyers, repeaters, previous buyers and churn come from one grouping of the two periods' receipts by member, read
/// from the (PartnerId, OccurredAt, Amount, RefundedAmount, CustomerId) index alone;</item>
/// <item>referred members' revenue starts from the referred members, certificate revenue from the certificates.</item>
/// </list>
/// Members, new members and first receipts' revenue come from the roll-ups (<see cref="RollupSql.FirstPurchases"/>, 0230).
/// Scope: one partner, or the coalition (null).
/// </summary>
internal sealed class EffectivenessSql(Guid? partnerId, bool isSqlite)
{
    public Guid? PartnerId => partnerId;

    private SqlBuilder InScope(string alias) =>
        partnerId is { } p ? new SqlBuilder().Append($" AND {alias}.\"PartnerId\" = ").Param(p) : new SqlBuilder();

    /// <summary>
    /// Buyers in [from, to), those with two receipts or more, buyers of [previousFrom, from) and those of them who did not
    /// come back. <paramref name="memberOrder"/>: read the scope's receipts along (PartnerId, CustomerId, OccurredAt), or the
    /// member index for the coalition, so the grouping streams instead of sorting (long periods, 0220).
    /// </summary>
    public SqlBuilder Buyers(DateTime previousFrom, DateTime from, DateTime to, bool memberOrder = false) => new SqlBuilder()
        .Append("""
            SELECT COALESCE(SUM(CASE WHEN b.cur > 0 THEN 1 ELSE 0 END), 0) AS "Active", COALESCE(SUM(CASE WHEN b.cur > 1 THEN 1 ELSE 0 END), 0) AS "Repeaters",
                COALESCE(SUM(CASE WHEN b.prev > 0 THEN 1 ELSE 0 END), 0) AS "PreviousActive", COALESCE(SUM(CASE WHEN b.prev > 0 AND b.cur = 0 THEN 1 ELSE 0 END), 0) AS "Churned"
            FROM (SELECT p."CustomerId", SUM(CASE WHEN p."OccurredAt" >= 
            """).Param(from).Append(" THEN 1 ELSE 0 END) AS cur, SUM(CASE WHEN p.\"OccurredAt\" < ").Param(from).Append(" THEN 1 ELSE 0 END) AS prev")
        .Append(" FROM \"Purchases\" p").Append(memberOrder && isSqlite ? (partnerId is null ? " INDEXED BY \"IX_Purchases_CustomerId_OccurredAt_Currency_Amount_RefundedAmount\"" : " INDEXED BY \"IX_Purchases_PartnerId_CustomerId_OccurredAt\"") : "")
        .Append(" WHERE p.\"OccurredAt\" >= ").Param(previousFrom).Append(" AND p.\"OccurredAt\" < ").Param(to).Append(InScope("p"))
        .Append(" GROUP BY p.\"CustomerId\") b");

    /// <summary>
    /// What the receipts of [<paramref name="through"/>, <paramref name="to"/>) (today's, on a period that goes on) change in
    /// the buyers of the closed days before them (<see cref="PeriodBuyers"/>, 0250): for each member who bought then, their
    /// receipts in [from, through) and in [previousFrom, from), read on the member's own receipts. Columns NewBuyers (none in
    /// the closed days), NewRepeaters (two or more only with the later ones), Returned (bought in the previous period but not
    /// in the closed days: no longer churned).
    /// </summary>
    public SqlBuilder LaterBuyers(DateTime previousFrom, DateTime from, DateTime through, DateTime to)
    {
        SqlBuilder Receipts(DateTime since, DateTime until) => new SqlBuilder()
            .Append("(SELECT COUNT(*) FROM \"Purchases\" q WHERE q.\"CustomerId\" = l.cid").Append(InScope("q"))
            .Append(" AND q.\"OccurredAt\" >= ").Param(since).Append(" AND q.\"OccurredAt\" < ").Param(until).Append(")");
        return new SqlBuilder().Append("""
            SELECT COALESCE(SUM(CASE WHEN t.closed = 0 THEN 1 ELSE 0 END), 0) AS "NewBuyers",
                COALESCE(SUM(CASE WHEN t.closed < 2 AND t.closed + t.later >= 2 THEN 1 ELSE 0 END), 0) AS "NewRepeaters",
                COALESCE(SUM(CASE WHEN t.closed = 0 AND t.prev > 0 THEN 1 ELSE 0 END), 0) AS "Returned"
            FROM (SELECT l.later, 
            """).Append(Receipts(from, through)).Append(" AS closed, ").Append(Receipts(previousFrom, from)).Append(" AS prev")
            .Append(" FROM (SELECT p.\"CustomerId\" AS cid, COUNT(*) AS later FROM \"Purchases\" p WHERE p.\"OccurredAt\" >= ").Param(through)
            .Append(" AND p.\"OccurredAt\" < ").Param(to).Append(InScope("p")).Append(" GROUP BY p.\"CustomerId\") l) t");
    }

    /// <summary>
    /// Revenue and buyers of referred members in [from, to): from the referred members (their index; SQLite, without
    /// statistics, read all members) to each one's receipts on the member's own index (CROSS JOIN keeps that order; the
    /// COALESCE keeps SQLite off the partner's index, which it otherwise walked for every referred member: 80 s for 90 days).
    /// </summary>
    public SqlBuilder Referred(DateTime from, DateTime to)
    {
        var sql = new SqlBuilder().Append("SELECT COALESCE(SUM(p.\"Amount\" - p.\"RefundedAmount\"), 0) AS \"Revenue\", COUNT(DISTINCT p.\"CustomerId\") AS \"Buyers\" FROM \"Customers\" c")
            .Append(isSqlite ? " INDEXED BY \"IX_Customers_ReferrerId\"" : "").Append(" CROSS JOIN \"Purchases\" p")
            .Append(" WHERE c.\"ReferrerId\" IS NOT NULL AND p.\"CustomerId\" = c.\"Id\" AND p.\"OccurredAt\" >= ").Param(from).Append(" AND p.\"OccurredAt\" < ").Param(to);
        return partnerId is { } p ? sql.Append(" AND COALESCE(p.\"PartnerId\", p.\"PartnerId\") = ").Param(p) : sql;
    }

    /// <summary>
    /// Revenue in the period of receipts paid partly with a certificate: from the certificates redeemed since
    /// <see cref="AnalyticsQuery.WrittenSince"/> (in the receipt's own write) to their receipts, each receipt once. Led by the
    /// period's receipts, a year of a busy partner took a second (0230).
    /// </summary>
    public SqlBuilder CertificateRevenue(AnalyticsQuery query) => new SqlBuilder()
        .Append("SELECT COALESCE(SUM(p.\"Amount\" - p.\"RefundedAmount\"), 0) AS \"Value\" FROM (SELECT DISTINCT c.\"PurchaseId\" AS purchase_id FROM \"Certificates\" c")
        .Append(isSqlite ? " INDEXED BY \"IX_Certificates_Redeemed\"" : "").Append(" WHERE c.\"RedeemedAt\" IS NOT NULL AND c.\"RedeemedAt\" >= ").Param(query.WrittenSince)
        .Append(" AND c.\"PurchaseId\" IS NOT NULL) c CROSS JOIN \"Purchases\" p WHERE p.\"Id\" = c.purchase_id")
        .Append(" AND p.\"OccurredAt\" >= ").Param(query.From).Append(" AND p.\"OccurredAt\" < ").Param(query.To).Append(InScope("p"));
}

internal sealed class BuyerCounts
{
    public int Active { get; init; }
    public int Repeaters { get; init; }
    public int PreviousActive { get; init; }
    public int Churned { get; init; }
}

/// <summary>One row of <see cref="RollupSql.FirstPurchases"/>.</summary>
internal sealed class FirstPurchases
{
    public int Members { get; init; }
    public long Revenue { get; init; }
    public int Ever { get; init; }
}

/// <summary>One row of <see cref="EffectivenessSql.LaterBuyers"/>.</summary>
internal sealed class LaterBuyers
{
    public int NewBuyers { get; init; }
    public int NewRepeaters { get; init; }
    public int Returned { get; init; }
}

internal sealed class ReferredSales
{
    public long Revenue { get; init; }
    public int Buyers { get; init; }
}
