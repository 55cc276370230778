using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Referrals;

public sealed record ReferralRun(int Purchases, int Rewards, long PointsCredited, int Reversals, long PointsReversed, bool More);

/// <summary>
/// Pays referral rewards on referred members' purchases and takes them back on refunds, outside the till's write path
/// (0008): every few seconds it anti-joins the purchases since its cursor against <see cref="ReferralReward"/> (unique per
/// purchase and level), so a second run, a second node or a crash mid-way never pays twice. One write transaction per
/// batch: the reward rows and their ledger transfers commit together. The operator pays (0065).
/// </summary>
public sealed class ProcessReferralRewards(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    /// <summary>Purchases are stamped before they commit: each run looks this far behind its cursor again.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    public const int BatchSize = 500;

    public async Task<ReferralRun> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var program = await GetProgram.LoadAsync(db, ct);
        var rates = ReferralRules.ParseRates(program.Settings.ReferralRatesBp);
        var cursor = await db.ReferralCursors.AsNoTracking().FirstOrDefaultAsync(ct);
        var purchasesSince = cursor is null ? DateTime.MinValue : cursor.PurchasesUntil - Overlap;
        var refundsSince = cursor is null ? DateTime.MinValue : cursor.RefundsUntil - Overlap;

        await using var tx = await db.BeginWriteAsync(ct);
        var (purchases, rewards, credited, newest) = rates.Count == 0 ? (0, 0, 0L, (DateTime?)null) : await RewardAsync(db, rates, purchasesSince, now, program.Settings.PointsExpiryMonths, ct);
        var (reversals, reversed) = await ReverseAsync(db, refundsSince, now, ct);

        // A full batch means more is waiting: the cursor stops at the last purchase handled, the next run continues there.
        var more = purchases == BatchSize;
        var state = await db.ReferralCursors.FirstOrDefaultAsync(ct);
        if (state is null) db.ReferralCursors.Add(state = new ReferralCursor());
        state.PurchasesUntil = more && newest is { } last ? last : now;
        state.RefundsUntil = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ReferralRun(purchases, rewards, credited, reversals, reversed, more);
    }

    private sealed record Candidate(Guid Id, Guid PartnerId, Guid CustomerId, long Amount, long DiscountAmount, long RedeemedPoints,
        long RefundedAmount, string Currency, DateTime OccurredAt, Guid ReferrerId);

    private static async Task<(int Purchases, int Rewards, long Credited, DateTime? Newest)> RewardAsync(
        ILoyaltyDb db, IReadOnlyList<int> rates, DateTime since, DateTime now, int expiryMonths, CancellationToken ct)
    {
        // Set-based: the range of the OccurredAt index, members with a referrer linked before the purchase, and no reward row yet.
        var candidates = await (
            from p in db.Purchases
            join c in db.Customers on p.CustomerId equals c.Id
            where p.OccurredAt >= since && p.OccurredAt <= now && !p.IsImported && p.RefundedAmount < p.Amount
                  && c.ReferrerId != null && c.ReferredAt != null && p.OccurredAt >= c.ReferredAt
                  && !db.ReferralRewards.Any(r => r.PurchaseId == p.Id)
            orderby p.OccurredAt
            select new Candidate(p.Id, p.PartnerId, p.CustomerId, p.Amount, p.DiscountAmount, p.RedeemedPoints, p.RefundedAmount, p.Currency, p.OccurredAt, c.ReferrerId!.Value))
            .Take(BatchSize).ToListAsync(ct);
        if (candidates.Count == 0) return (0, 0, 0, null);

        // The chain above the batch's referrers, one query per level for the whole batch.
        var chain = new Dictionary<Guid, (Guid? ReferrerId, CustomerStatus Status, string Name)>();
        var wanted = candidates.Select(c => c.ReferrerId).Distinct().ToList();
        for (var level = 0; level < rates.Count && wanted.Count > 0; level++)
        {
            var rows = await db.Customers.AsNoTracking().Where(c => wanted.Contains(c.Id))
                .Select(c => new { c.Id, c.ReferrerId, c.Status, c.FirstName }).ToListAsync(ct);
            foreach (var row in rows) chain[row.Id] = (row.ReferrerId, row.Status, row.FirstName);
            wanted = rows.Where(r => r.ReferrerId is { } up && !chain.ContainsKey(up)).Select(r => r.ReferrerId!.Value).Distinct().ToList();
        }
        var friendNames = await db.Customers.AsNoTracking().Where(c => candidates.Select(x => x.CustomerId).Contains(c.Id))
            .Select(c => new { c.Id, c.FirstName }).ToDictionaryAsync(c => c.Id, c => c.FirstName, ct);

        var operatorAccount = await Ledger.SystemAccountAsync(db, AccountKind.Operator, ct);
        int rewards = 0;
        long credited = 0;
        foreach (var purchase in candidates)
        {
            var baseAmount = ReferralRules.BaseAmount(purchase.Amount, purchase.DiscountAmount, purchase.RedeemedPoints, purchase.Currency);
            Guid? beneficiary = purchase.ReferrerId;
            var seen = new HashSet<Guid> { purchase.CustomerId };
            for (var level = 1; level <= rates.Count && beneficiary is { } who && seen.Add(who) && chain.TryGetValue(who, out var node); level++)
            {
                var rate = rates[level - 1];
                // A blocked member earns nothing, but the row is written so the purchase is done and the level above still earns.
                var points = node.Status == CustomerStatus.Active ? ReferralRules.Reward(baseAmount, purchase.Currency, rate) : 0;
                var reward = new ReferralReward(purchase.Id, level, purchase.CustomerId, who, purchase.PartnerId, rate, baseAmount,
                    purchase.Currency, points, 0, purchase.OccurredAt, now);
                db.ReferralRewards.Add(reward);
                if (points > 0)
                {
                    var main = await Ledger.CustomerAccountAsync(db, who, ct: ct);
                    var friend = friendNames.GetValueOrDefault(purchase.CustomerId, "a friend");
                    var description = level == 1 ? $"Referral reward: {friend} made a purchase" : $"Referral reward (level {level}): a friend of your friends made a purchase";
                    reward.TransferId = await Ledger.PostAsync(db, now, Reasons.ReferralReward, description,
                        [new Leg(operatorAccount, -points), new Leg(main, points)], who, purchase.PartnerId, purchase.Id,
                        lotExpiresAt: now.AddMonths(expiryMonths), ct: ct);
                    credited += points;
                }
                rewards++;
                beneficiary = node.ReferrerId;
            }
        }
        await db.SaveChangesAsync(ct);
        return (candidates.Count, rewards, credited, candidates[^1].OccurredAt);
    }

    private static async Task<(int Reversals, long Reversed)> ReverseAsync(ILoyaltyDb db, DateTime since, DateTime now, CancellationToken ct)
    {
        var refunded = db.Refunds.Where(f => f.OccurredAt >= since).Select(f => f.PurchaseId);
        var due = await (
            from r in db.ReferralRewards
            join p in db.Purchases on r.PurchaseId equals p.Id
            where refunded.Contains(r.PurchaseId) && p.RefundedAmount > r.RefundedAmount
            select new { Reward = r, p.RefundedAmount, p.Amount })
            .ToListAsync(ct);
        if (due.Count == 0) return (0, 0);

        var operatorAccount = await Ledger.SystemAccountAsync(db, AccountKind.Operator, ct);
        long reversed = 0;
        foreach (var item in due)
        {
            var reward = item.Reward;
            var toReverse = ReferralRules.ToReverse(reward.Points, reward.ReversedPoints, item.RefundedAmount, item.Amount);
            reward.RefundedAmount = item.RefundedAmount;
            if (toReverse == 0) continue;
            var main = await Ledger.CustomerAccountAsync(db, reward.ReferrerId, ct: ct);
            // Take back only what is there: points already spent are written off by the operator, never a negative balance.
            await Ledger.ExpireDueLotsAsync(db, main, now, ct);
            var available = await Ledger.LockedBalanceAsync(db, main.Id, ct);
            var take = Math.Min(available, toReverse);
            if (take > 0)
            {
                await Ledger.PostAsync(db, now, Reasons.ReferralReversal, "Referral reward taken back: your friend's purchase was refunded",
                    [new Leg(main, -take), new Leg(operatorAccount, take)], reward.ReferrerId, reward.PartnerId, reward.PurchaseId, ct: ct);
            }
            reward.ReversedPoints += toReverse;
            reward.UnrecoveredPoints += toReverse - take;
            reversed += take;
        }
        await db.SaveChangesAsync(ct);
        return (due.Count, reversed);
    }
}
