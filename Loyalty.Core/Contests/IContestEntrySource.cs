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
