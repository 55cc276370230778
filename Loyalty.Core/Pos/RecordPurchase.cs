using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Pos;

public sealed record Balances(decimal Main, decimal Promo);

public sealed record PurchaseReceipt(Guid TransactionId, Guid CustomerId, decimal EarnedPoints, decimal RedeemedPoints, decimal Discount, decimal AmountPaid, Balances Balances);

/// <summary>
/// Rings up a purchase: pays part of it with points if asked (up to the cap and the balance), earns points on the part
/// paid in money, settles refund debts, updates the tier. All in one transaction with the idempotency record.
/// </summary>
public sealed class RecordPurchase(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<Idempotent<PurchaseReceipt>> HandleAsync(PosCaller caller, string? idempotencyKey, PurchaseRequest request, CancellationToken ct = default)
    {
        var key = Idempotency.ValidKey(idempotencyKey);
        var now = clock.GetUtcNow().UtcDateTime;
        var purchase = ValidPurchase.From(request, caller.Currency, now, requireReceipt: true);
        // Hash what the request means (minor units, hundredths), so "10" and "10.00" are the same request.
        var hash = Idempotency.Hash("purchase", new
        {
            purchase.Customer, purchase.ReceiptNumber, purchase.Amount, purchase.RedeemPoints, request.OccurredAt,
            Items = purchase.Items.Select(i => new { i.Sku, i.Name, i.Category, i.Quantity, i.Price }),
        });

        // Everything that only reads happens before the write transaction: SQLite has one writer at a time, so the
        // lock is held for the writes alone. A replay is answered here without taking the lock at all.
        ProgramSnapshot program;
        Customers.Customer customer;
        RewardRates rates;
        LedgerAccount? main, issuance, redemption;
        bool owesPoints;
        await using (var read = dbs.Create())
        {
            if (await Idempotency.ReplayAsync<PurchaseReceipt>(read, caller.IdempotencyScope, key, hash, ct) is { } early) return early;
            program = await GetProgram.LoadAsync(read, ct);
            customer = await MemberLookup.FindAsync(read, purchase.Customer, program.Settings.DefaultRegion, ct);
            rates = await MemberLookup.RatesAsync(read, caller.PartnerId, customer, program, ct);
            // The cap applies to what is left to pay after a discount program's discount.
            if (purchase.RedeemPoints > RewardRules.MaxRedeemable(purchase.Amount - RewardRules.Discount(purchase.Amount, rates), caller.Currency, rates))
                throw new DomainException("redemption-over-cap", $"At most {rates.RedemptionCapBp / 100m:0.##} % of this receipt may be paid with points.");
            main = await Ledger.FindAccountAsync(read, LedgerAccount.KeyFor(AccountKind.CustomerMain, customer.Id), ct);
            issuance = await Ledger.FindAccountAsync(read, LedgerAccount.KeyFor(AccountKind.PartnerIssuance, caller.PartnerId), ct);
            redemption = await Ledger.FindAccountAsync(read, LedgerAccount.KeyFor(AccountKind.PartnerRedemption, caller.PartnerId), ct);
            // A debt recorded after this read is settled by the member's next earning instead: nothing is lost.
            owesPoints = await read.PointsDebts.AnyAsync(d => d.CustomerId == customer.Id && d.Remaining > 0, ct);
        }

        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        // Checked again under the lock: a concurrent request with the same key may have committed meanwhile.
        if (await Idempotency.ReplayAsync<PurchaseReceipt>(db, caller.IdempotencyScope, key, hash, ct) is { } replay) return replay;
        if (await db.Purchases.AnyAsync(p => p.PartnerId == caller.PartnerId && p.StoreId == caller.StoreId && p.ReceiptNumber == purchase.ReceiptNumber, ct))
            throw DomainException.Conflict("duplicate-receipt", "This receipt number was already recorded at this store.");

        var entity = new Purchase(caller.PartnerId, caller.StoreId, caller.TerminalId, customer.Id, purchase.ReceiptNumber,
            purchase.Amount, caller.Currency, purchase.OccurredAt, purchase.Items);
        db.Purchases.Add(entity);

        // Accounts missing until now (a partner's first sale) are created inside the transaction: a refused sale leaves none behind.
        main ??= await Ledger.CustomerAccountAsync(db, customer.Id, ct: ct);
        issuance ??= await Ledger.PartnerAccountAsync(db, caller.PartnerId, AccountKind.PartnerIssuance, ct);
        redemption ??= await Ledger.PartnerAccountAsync(db, caller.PartnerId, AccountKind.PartnerRedemption, ct);
        if (purchase.RedeemPoints > 0)
        {
            await Ledger.PostAsync(db, now, Reasons.PurchaseRedeem, $"Paid with points at {caller.PartnerName}",
                [new Leg(main, -purchase.RedeemPoints), new Leg(redemption, purchase.RedeemPoints)], customer.Id, caller.PartnerId, entity.Id, ct: ct);
            entity.RedeemedPoints = purchase.RedeemPoints;
        }

        var discount = RewardRules.Discount(purchase.Amount, rates);
        entity.DiscountAmount = discount;
        var paid = Math.Max(0, purchase.Amount - discount - RewardRules.RedeemedValueMinor(purchase.RedeemPoints, caller.Currency));
        var earned = RewardRules.Earned(purchase.Amount, paid, caller.Currency, rates, purchase.Lines);
        if (earned > 0)
        {
            await Ledger.PostAsync(db, now, Reasons.PurchaseEarn, $"Points for a purchase at {caller.PartnerName}",
                [new Leg(issuance, -earned), new Leg(main, earned)], customer.Id, caller.PartnerId, entity.Id,
                lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: ct);
            entity.EarnedPoints = earned;
            if (owesPoints) await Debts.SettleAsync(db, customer.Id, main, now, ct);
        }

        // Balances are already final (the ledger updates them in place), so the receipt and its idempotency record
        // are saved together with the purchase in one round trip; the tier follows from the saved purchase.
        var (mainBalance, promoBalance) = await MemberLookup.BalancesAsync(db, customer.Id, ct);
        var receipt = new PurchaseReceipt(entity.Id, customer.Id, PointValue.ToDecimal(earned), PointValue.ToDecimal(purchase.RedeemPoints),
            Money.ToMajor(discount, caller.Currency), Money.ToMajor(paid, caller.Currency), new Balances(PointValue.ToDecimal(mainBalance), PointValue.ToDecimal(promoBalance)));
        Idempotency.Remember(db, caller.IdempotencyScope, key, hash, 201, receipt, now);
        await db.SaveChangesAsync(ct);
        await TierProgress.UpdateAsync(db, customer.Id, program, now, ct);
        await tx.CommitAsync(ct);
        return new Idempotent<PurchaseReceipt>(receipt, false);
    }
}
