using Loyalty.Core.Messaging;

namespace Loyalty.Core.Contests;

/// <summary>
/// Where a draw's entries come from. Each source answers one set-based question — how many entries does each member hold
/// right now — as SQL returning "CustomerId" and "Score" (entries). The entry job compares that with the entries stored and
/// writes the difference. Sources are registered by convention (<c>AddLoyaltyCore</c>): the reviews lane adds entries per
/// review by adding one class here that counts a member's published reviews in the period. Until one exists, the editor
/// refuses "per review".
/// </summary>
public interface IContestEntrySource
{
    EntryRule Rule { get; }

    SqlBuilder Entries(Contest contest);
}

/// <summary>One entry per qualifying receipt in the period; a receipt refunded in full loses its entry.</summary>
public sealed class PurchaseEntrySource : IContestEntrySource
{
    public EntryRule Rule => EntryRule.PerPurchase;

    public SqlBuilder Entries(Contest contest) =>
        new SqlBuilder().Append("SELECT q.\"CustomerId\", COUNT(*) AS \"Score\", MAX(q.\"At\") AS \"ReachedAt\" ").Append(ContestSql.CountingPurchases(contest))
            .Append(" GROUP BY q.\"CustomerId\"");
}

/// <summary>One entry per full amount step spent in the period, summed over the member's receipts, net of refunds.</summary>
public sealed class AmountStepEntrySource : IContestEntrySource
{
    public EntryRule Rule => EntryRule.PerAmountStep;

    public SqlBuilder Entries(Contest contest) =>
        new SqlBuilder().Append("SELECT q.\"CustomerId\", SUM(q.\"Net\") / ").Param(Math.Max(1, contest.AmountStep)).Append(" AS \"Score\", MAX(q.\"At\") AS \"ReachedAt\" ")
            .Append(ContestSql.CountingPurchases(contest)).Append(" GROUP BY q.\"CustomerId\" HAVING SUM(q.\"Net\") >= ").Param(Math.Max(1, contest.AmountStep));
}

/// <summary>One entry per promo-code activation of the chosen products (any of the owner's, if none chosen) in the period.</summary>
public sealed class ActivationEntrySource : IContestEntrySource
{
    public EntryRule Rule => EntryRule.PerActivation;

    public SqlBuilder Entries(Contest contest) =>
        new SqlBuilder().Append("SELECT a.\"CustomerId\", COUNT(*) AS \"Score\", MAX(a.\"ActivatedAt\") AS \"ReachedAt\" ").Append(ContestSql.Activations(contest))
            .Append(" GROUP BY a.\"CustomerId\"");
}

/// <summary>
/// One entry per review written in the period at a partner in scope and still published: a review the partner flags or
/// the operator hides loses its entry at the next sync (like a refunded receipt), and since reviews are tied one-to-one to
/// a purchase (<see cref="Reviews.Review"/>), a member cannot farm entries with reviews of receipts they never had.
/// </summary>
public sealed class ReviewEntrySource : IContestEntrySource
{
    public EntryRule Rule => EntryRule.PerReview;

    public SqlBuilder Entries(Contest contest)
    {
        var sql = new SqlBuilder().Append("SELECT r.\"CustomerId\", COUNT(*) AS \"Score\", MAX(r.\"CreatedAt\") AS \"ReachedAt\" ")
            .Append("FROM \"Reviews\" r INNER JOIN \"Customers\" c ON c.\"Id\" = r.\"CustomerId\" WHERE c.\"Status\" = ").Param((int)Customers.CustomerStatus.Active)
            .Append(" AND r.\"Status\" = ").Param((int)Reviews.ReviewStatus.Published)
            .Append(" AND r.\"CreatedAt\" >= ").Param(contest.StartsAt).Append(" AND r.\"CreatedAt\" < ").Param(contest.EndsAt);
        ContestSql.AppendScope(sql, contest.Scope, partnerColumn: "r.\"PartnerId\"", storeColumn: "r.\"StoreId\"");
        return sql.Append(" GROUP BY r.\"CustomerId\"");
    }
}
