using System.Data.Common;
using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;
using Loyalty.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Pos;

public sealed record RefundRequest(decimal Amount);

public sealed record RefundReceipt(Guid RefundId, Guid TransactionId, decimal RefundedAmount, decimal ReversedPoints, decimal ReturnedPoints, decimal DebtPoints, Balances Balances);

/// <summary>
/// Refunds part or all of a purchase (invariant 7). Refunds together never exceed the purchase. Points are moved in
/// proportion to the refunded share of the receipt, computed on the running total so that rounding never drifts:
/// a full refund reverses exactly what the purchase did. Redeemed points go back first; earned points are taken
/// back from what the member has, and any shortfall becomes a debt that future earnings settle (docs/decisions/0005).
/// </summary>
public sealed class RefundPurchase(ILoyaltyDbFactory dbs, TimeProvider clock, ActiveCampaigns campaigns) : IUseCase
{
    public async Task<Idempotent<RefundReceipt>> HandleAsync(PosCaller caller, Guid transactionId, string? idempotencyKey, RefundRequest request, CancellationToken ct = default)
    {
        var key = Idempotency.ValidKey(idempotencyKey);
        if (request.Amount <= 0 || request.Amount > ValidPurchase.MaxAmount || !Money.TryToMinor(request.Amount, caller.Currency, out var amount))
            throw ValidationException.For("amount", $"The refund amount must be greater than zero, with at most the decimals {caller.Currency} allows.");
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Idempotency.Hash($"refund:{transactionId}", new { amount });
        try
        {
            return await RefundAsync(caller, transactionId, key, hash, amount, now, ct);
        }
        catch (DbException)
        {
            // A twin request that passed the replay check at the same moment on SQL Server: the unique index refused
            // this one, so answer it as the replay it is.
            await using var db = dbs.Create();
            if (await Idempotency.ReplayAsync<RefundReceipt>(await RawSql.OnAsync(db, ct), caller.IdempotencyScope, key, hash, ct) is { } replay) return replay;
            throw;
        }
    }

    private async Task<Idempotent<RefundReceipt>> RefundAsync(PosCaller caller, Guid transactionId, string key, string hash, long amount, DateTime now, CancellationToken ct)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var sql = await RawSql.OnAsync(db, ct);
        if (await Idempotency.ReplayAsync<RefundReceipt>(sql, caller.IdempotencyScope, key, hash, ct) is { } replay) return replay;

        // Another partner's purchase does not exist as far as this terminal is concerned.
        var exists = await db.Purchases.AnyAsync(p => p.Id == transactionId && p.PartnerId == caller.PartnerId, ct);
        if (!exists) throw DomainException.NotFound("purchase-not-found", "No such purchase at this partner.");

        var refunded = await db.Purchases
            .Where(p => p.Id == transactionId && p.RefundedAmount + amount <= p.Amount)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RefundedAmount, p => p.RefundedAmount + amount), ct);
        if (refunded != 1)
            throw new DomainException("refund-exceeds-purchase", "Refunds of a purchase cannot add up to more than the purchase.");

        var purchase = await db.Purchases.AsNoTracking().FirstAsync(p => p.Id == transactionId, ct);
        var program = await GetProgram.LoadAsync(db, ct);
        var main = await Ledger.CustomerAccountAsync(db, purchase.CustomerId, ct: ct);

        var returnTarget = Proportion(purchase.RedeemedPoints, purchase.RefundedAmount, purchase.Amount);
        var toReturn = returnTarget - purchase.ReturnedRedeemed;
        if (toReturn > 0)
        {
            var redemption = await Ledger.PartnerAccountAsync(db, purchase.PartnerId, AccountKind.PartnerRedemption, ct);
            await Ledger.PostAsync(db, now, Reasons.RefundRedeemReturn, $"Points returned for a refund at {caller.PartnerName}",
                [new Leg(redemption, -toReturn), new Leg(main, toReturn)], purchase.CustomerId, purchase.PartnerId, purchase.Id,
                lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: ct);
        }

        var reverseTarget = Proportion(purchase.EarnedPoints, purchase.RefundedAmount, purchase.Amount);
        var toReverse = reverseTarget - purchase.ReversedEarned;
        long debt = 0;
        if (toReverse > 0)
        {
            // What has expired is not there to take back: expire it first, then read what is.
            await Ledger.ExpireDueLotsAsync(db, main, now, ct);
            var available = await Ledger.LockedBalanceAsync(db, main.Id, ct);
            var take = Math.Min(available, toReverse);
            debt = toReverse - take;
            if (take > 0)
            {
                var issuance = await Ledger.PartnerAccountAsync(db, purchase.PartnerId, AccountKind.PartnerIssuance, ct);
                await Ledger.PostAsync(db, now, Reasons.RefundEarnReversal, $"Points taken back for a refund at {caller.PartnerName}",
                    [new Leg(main, -take), new Leg(issuance, take)], purchase.CustomerId, purchase.PartnerId, purchase.Id, ct: ct);
            }
            if (debt > 0) db.PointsDebts.Add(new PointsDebt(purchase.CustomerId, purchase.PartnerId, purchase.Id, debt, now));
        }

        // Campaign bonuses go back in the same proportion; the receipt reports them with the base points.
        var (bonusReversed, bonusDebt) = await CampaignRefunds.ReverseAsync(db, campaigns, purchase, main, caller.PartnerName, now, ct);

        await db.Purchases.Where(p => p.Id == transactionId).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.ReversedEarned, reverseTarget)
            .SetProperty(p => p.ReturnedRedeemed, returnTarget), ct);
        var refund = new Refund(purchase.Id, amount, now, Math.Max(toReverse, 0), Math.Max(toReturn, 0), debt);
        db.Refunds.Add(refund);
        await db.SaveChangesAsync(ct);
        var tierChanged = await TierProgress.UpdateAsync(sql, purchase.CustomerId, program, now, ct);
        await Outbox.AddAsync(sql, purchase.PartnerId, WebhookEvents.Refund, now, new RefundEventData(refund.Id, purchase.Id, purchase.CustomerId,
            Money.ToMajor(amount, caller.Currency), caller.Currency, PointValue.ToDecimal(refund.ReversedEarned), PointValue.ToDecimal(refund.ReturnedRedeemed)), ct);
        if (tierChanged) await TierProgress.AddChangeEventAsync(sql, purchase.PartnerId, purchase.CustomerId, program, now, ct);

        var (mainBalance, promoBalance) = await MemberLookup.BalancesAsync(db, purchase.CustomerId, ct);
        var receipt = new RefundReceipt(refund.Id, purchase.Id, Money.ToMajor(amount, caller.Currency), PointValue.ToDecimal(refund.ReversedEarned + bonusReversed),
            PointValue.ToDecimal(refund.ReturnedRedeemed), PointValue.ToDecimal(debt + bonusDebt), new Balances(PointValue.ToDecimal(mainBalance), PointValue.ToDecimal(promoBalance)));
        await Idempotency.RememberAsync(sql, caller.IdempotencyScope, key, hash, 201, receipt, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Idempotent<RefundReceipt>(receipt, false);
    }

    /// <summary>floor(points × refunded / amount), exact in 128-bit arithmetic.</summary>
    internal static long Proportion(long points, long refunded, long amount) => (long)((Int128)points * refunded / amount);
}
