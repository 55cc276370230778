using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;

namespace Loyalty.Core.Pos;

public sealed record Balances(decimal Main, decimal Promo);

public sealed record PurchaseReceipt(Guid TransactionId, Guid CustomerId, decimal EarnedPoints, decimal RedeemedPoints, decimal Discount, decimal AmountPaid, Balances Balances);

/// <summary>
/// Rings up a purchase: pays part of it with points if asked (up to the cap and the balance), earns points on the part
/// paid in money, settles refund debts, updates the tier. All in one transaction with the idempotency record.
/// This is the till's hot path (≥ 2,000 a second on SQLite, README): reference data comes from
/// <see cref="PosReferenceData"/>, and everything under the writer lock is plain SQL (see <see cref="RawSql"/>).
/// </summary>
public sealed class RecordPurchase(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference) : IUseCase
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

        var program = await reference.ProgramAsync(ct);
        var partner = await reference.PartnerAsync(caller.PartnerId, ct);
        await using var db = dbs.Create();

        // The member and their rates are read before the write transaction: SQLite has one writer at a time, so the
        // lock is held for the writes alone. A replay is answered from inside the transaction.
        var customer = await MemberLookup.FindAsync(db, purchase.Customer, program.Settings.DefaultRegion, ct);
        var rates = await MemberLookup.RatesAsync(db, caller.PartnerId, partner, customer, program, ct);
        var discount = RewardRules.Discount(purchase.Amount, rates);
        // The cap applies to what is left to pay after a discount program's discount.
        if (purchase.RedeemPoints > RewardRules.MaxRedeemable(purchase.Amount - discount, caller.Currency, rates))
            throw new DomainException("redemption-over-cap", $"At most {rates.RedemptionCapBp / 100m:0.##} % of this receipt may be paid with points.");
        var paid = Math.Max(0, purchase.Amount - discount - RewardRules.RedeemedValueMinor(purchase.RedeemPoints, caller.Currency));
        var earned = RewardRules.Earned(purchase.Amount, paid, caller.Currency, rates, purchase.Lines);

        await using var tx = await db.BeginWriteAsync(ct);
        var sql = await RawSql.OnAsync(db, ct);
        if (await Idempotency.ReplayAsync<PurchaseReceipt>(sql, caller.IdempotencyScope, key, hash, ct) is { } replay) return replay;
        if (await sql.ScalarAsync<long?>(
                $"""SELECT {sql.Top(1)}1 FROM "Purchases" WHERE "PartnerId" = @partner AND "StoreId" = @store AND "ReceiptNumber" = @receipt{sql.Limit(1)}""",
                ct, ("@partner", caller.PartnerId), ("@store", caller.StoreId), ("@receipt", purchase.ReceiptNumber)) is not null)
            throw DomainException.Conflict("duplicate-receipt", "This receipt number was already recorded at this store.");

        var purchaseId = Guid.CreateVersion7();
        await InsertPurchaseAsync(sql, purchaseId, caller, customer.Id, purchase, earned, discount, ct);
        var main = await MainAccountAsync(db, sql, customer.Id, ct);
        if (purchase.RedeemPoints > 0)
        {
            await Ledger.PostAsync(db, now, Reasons.PurchaseRedeem, $"Paid with points at {caller.PartnerName}",
                [new Leg(main, -purchase.RedeemPoints), new Leg(partner.Redemption ?? await Ledger.PartnerAccountAsync(db, caller.PartnerId, AccountKind.PartnerRedemption, ct), purchase.RedeemPoints)], customer.Id, caller.PartnerId, purchaseId, ct: ct);
        }
        if (earned > 0)
        {
            await Ledger.PostAsync(db, now, Reasons.PurchaseEarn, $"Points for a purchase at {caller.PartnerName}",
                [new Leg(partner.Issuance ?? await Ledger.PartnerAccountAsync(db, caller.PartnerId, AccountKind.PartnerIssuance, ct), -earned), new Leg(main, earned)], customer.Id, caller.PartnerId, purchaseId,
                lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: ct);
            if (await sql.ScalarAsync<long?>(
                    $"""SELECT {sql.Top(1)}1 FROM "PointsDebts" WHERE "CustomerId" = @customer AND "Remaining" > 0{sql.Limit(1)}""",
                    ct, ("@customer", customer.Id)) is not null)
                await Debts.SettleAsync(db, customer.Id, main, now, ct);
        }
        await TierProgress.UpdateAsync(sql, customer.Id, program, now, ct);

        var (mainBalance, promoBalance) = await MemberLookup.BalancesAsync(db, customer.Id, ct);
        var receipt = new PurchaseReceipt(purchaseId, customer.Id, PointValue.ToDecimal(earned), PointValue.ToDecimal(purchase.RedeemPoints),
            Money.ToMajor(discount, caller.Currency), Money.ToMajor(paid, caller.Currency), new Balances(PointValue.ToDecimal(mainBalance), PointValue.ToDecimal(promoBalance)));
        await Idempotency.RememberAsync(sql, caller.IdempotencyScope, key, hash, 201, receipt, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Idempotent<PurchaseReceipt>(receipt, false);
    }

    private static async Task InsertPurchaseAsync(RawSql sql, Guid id, PosCaller caller, Guid customerId, ValidPurchase purchase, long earned, long discount, CancellationToken ct)
    {
        await sql.ExecuteAsync(
            """
            INSERT INTO "Purchases" ("Id", "PartnerId", "StoreId", "TerminalId", "CustomerId", "ReceiptNumber", "Amount", "Currency", "OccurredAt",
                "EarnedPoints", "RedeemedPoints", "DiscountAmount", "RefundedAmount", "ReversedEarned", "ReturnedRedeemed", "IsImported")
            VALUES (@id, @partner, @store, @terminal, @customer, @receipt, @amount, @currency, @at, @earned, @redeemed, @discount, 0, 0, 0, 0)
            """,
            ct, ("@id", id), ("@partner", caller.PartnerId), ("@store", caller.StoreId), ("@terminal", caller.TerminalId), ("@customer", customerId),
            ("@receipt", purchase.ReceiptNumber), ("@amount", purchase.Amount), ("@currency", caller.Currency), ("@at", purchase.OccurredAt),
            ("@earned", earned), ("@redeemed", purchase.RedeemPoints), ("@discount", discount));
        foreach (var item in purchase.Items)
        {
            await sql.ExecuteAsync(
                """INSERT INTO "PurchaseItems" ("PurchaseId", "Sku", "Name", "Category", "Quantity", "Price") VALUES (@purchase, @sku, @name, @category, @quantity, @price)""",
                ct, ("@purchase", id), ("@sku", item.Sku), ("@name", item.Name), ("@category", item.Category), ("@quantity", item.Quantity), ("@price", item.Price));
        }
    }

    /// <summary>Every member gets a main account at registration; one missing (an old import) is created on the spot.</summary>
    private static async Task<LedgerAccount> MainAccountAsync(ILoyaltyDb db, RawSql sql, Guid customerId, CancellationToken ct)
    {
        var id = await sql.ScalarAsync<long?>("""SELECT "Id" FROM "LedgerAccounts" WHERE "Key" = @key""",
            ct, ("@key", LedgerAccount.KeyFor(AccountKind.CustomerMain, customerId)));
        return id is { } known
            ? LedgerAccount.ExistingForCustomer(known, customerId, AccountKind.CustomerMain)
            : await Ledger.CustomerAccountAsync(db, customerId, ct: ct);
    }
}
