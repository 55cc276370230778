using System.Data.Common;
using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;
using Loyalty.Core.Webhooks;

namespace Loyalty.Core.Pos;

public sealed record Balances(decimal Main, decimal Promo);

/// <param name="CampaignPoints">Campaign bonuses credited on top of <paramref name="EarnedPoints"/>, itemised in <paramref name="Bonuses"/>.</param>
public sealed record PurchaseReceipt(Guid TransactionId, Guid CustomerId, decimal EarnedPoints, decimal RedeemedPoints, decimal Discount, decimal AmountPaid, Balances Balances,
    decimal CampaignPoints = 0, IReadOnlyList<BonusLine>? Bonuses = null, CertificateLine? Certificate = null);

/// <summary>
/// Rings up a purchase: pays part of it with points if asked (up to the cap and the balance), earns points on the part
/// paid in money, settles refund debts, updates the tier. All in one transaction with the idempotency record.
/// This is the till's hot path (≥ 2,000 a second on SQLite, README): reference data comes from
/// <see cref="PosReferenceData"/>, the writes are group-committed by <see cref="WriteBatcher"/>, and they are plain SQL
/// (see <see cref="RawSql"/>).
/// </summary>
public sealed class RecordPurchase(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference, TillReaders readers, WriteBatcher writes, ActiveCampaigns campaigns) : IUseCase
{
    public async Task<Idempotent<PurchaseReceipt>> HandleAsync(PosCaller caller, string? idempotencyKey, PurchaseRequest request, CancellationToken ct = default)
    {
        var key = Idempotency.ValidKey(idempotencyKey);
        var now = clock.GetUtcNow().UtcDateTime;
        var purchase = ValidPurchase.From(request, caller.Currency, now, requireReceipt: true);
        // Hash what the request means (minor units, hundredths), so "10" and "10.00" are the same request.
        var items = purchase.Items.Select(i => new { i.Sku, i.Name, i.Category, i.Quantity, i.Price });
        // A receipt without a cashier hashes as it did before the cashier existed, so a retry that spans an upgrade replays.
        var hash = purchase.Cashier is null
            ? Idempotency.Hash("purchase", new { purchase.Customer, purchase.ReceiptNumber, purchase.Amount, purchase.RedeemPoints, request.OccurredAt, request.CertificateCode, Items = items })
            : Idempotency.Hash("purchase", new { purchase.Customer, purchase.ReceiptNumber, purchase.Amount, purchase.RedeemPoints, request.OccurredAt, request.CertificateCode, Items = items, purchase.Cashier });

        Sale sale;
        ProgramSnapshot program;
        PartnerRules partner;
        try
        {
            program = await reference.ProgramAsync(ct);
            partner = await reference.PartnerAsync(caller.PartnerId, ct);
            sale = await readers.ReadAsync((read, token) => DecideAsync(read, caller, purchase, request.CertificateCode, key, hash, now, program, partner, token), ct);
        }
        catch (DomainException)
        {
            // A retried sale is answered as the first time, even if the member or the rules have changed since.
            if (await EarlierAnswerAsync(caller, key, hash, ct) is { } replay) return replay;
            throw;
        }

        try
        {
            return await writes.RunAsync((db, token) => WriteAsync(db, sale, program, partner, campaigns, token), ct);
        }
        catch (DbException) when (!dbs.HasSingleWriter)
        {
            // Where writers run side by side (SQL Server) a twin request can pass the checks at the same moment, and a
            // unique index refuses the second: answer it as the checks would have (a replay, or a duplicate receipt).
            if (await EarlierAnswerAsync(caller, key, hash, ct) is { } replay) return replay;
            await using var db = dbs.Create();
            if (await ReceiptExistsAsync(await RawSql.OnAsync(db, ct), caller, purchase.ReceiptNumber, ct))
                throw DomainException.Conflict("duplicate-receipt", "This receipt number was already recorded at this store.");
            throw;
        }
    }

    /// <summary>
    /// Reads the member and their rates and settles the amounts, before the write: SQLite has one writer at a time, so
    /// the lock is held for the writes alone. A replay is answered from inside the write, where a concurrent twin is visible.
    /// </summary>
    private async Task<Sale> DecideAsync(ILoyaltyDb read, PosCaller caller, ValidPurchase purchase, string? certificateCode, string key, string hash, DateTime now,
        ProgramSnapshot program, PartnerRules partner, CancellationToken ct)
    {
        var customer = await MemberLookup.FindAsync(read, purchase.Customer, program.Settings.DefaultRegion, now, ct);
        var rates = await MemberLookup.RatesAsync(read, caller.PartnerId, partner, customer, program, ct);
        var discount = RewardRules.Discount(purchase.Amount, rates);
        // A certificate is money off like a discount program's discount; the write marks it used exactly once.
        var certificate = await CampaignsAtTill.CertificateAsync(read, caller, customer.Id, certificateCode, purchase.Amount - discount, now, ct);
        discount += certificate?.Discount ?? 0;
        // The cap applies to what is left to pay after a discount program's discount.
        if (purchase.RedeemPoints > RewardRules.MaxRedeemable(purchase.Amount - discount, caller.Currency, rates))
            throw new DomainException("redemption-over-cap", $"At most {rates.RedemptionCapBp / 100m:0.##} % of this receipt may be paid with points.");
        var paid = Math.Max(0, purchase.Amount - discount - RewardRules.RedeemedValueMinor(purchase.RedeemPoints, caller.Currency));
        var earned = RewardRules.Earned(purchase.Amount, paid, caller.Currency, rates, purchase.Lines);
        var bonuses = await CampaignsAtTill.BonusesAsync(read, campaigns, caller, customer.Id, purchase.OccurredAt, purchase.Amount, paid, earned, purchase.Items, ct);
        return new Sale(caller, purchase, customer, hash, key, now, discount, paid, earned, bonuses, certificate);
    }

    private async Task<Idempotent<PurchaseReceipt>?> EarlierAnswerAsync(PosCaller caller, string key, string hash, CancellationToken ct)
    {
        await using var db = dbs.Create();
        return await Idempotency.ReplayAsync<PurchaseReceipt>(await RawSql.OnAsync(db, ct), caller.IdempotencyScope, key, hash, ct);
    }

    private static async Task<bool> ReceiptExistsAsync(RawSql sql, PosCaller caller, string receiptNumber, CancellationToken ct) =>
        await sql.ScalarAsync<long?>(
            $"""SELECT {sql.Top(1)}1 FROM "Purchases" WHERE "PartnerId" = @partner AND "StoreId" = @store AND "ReceiptNumber" = @receipt{sql.Limit(1)}""",
            ct, ("@partner", caller.PartnerId), ("@store", caller.StoreId), ("@receipt", receiptNumber)) is not null;

    /// <summary>What was decided before the write, for the write.</summary>
    private sealed record Sale(PosCaller Caller, ValidPurchase Purchase, Member Customer, string Hash, string Key, DateTime Now, long Discount, long Paid, long Earned,
        IReadOnlyList<CampaignBonus> Bonuses, TillCertificate? Certificate);

    private static async Task<Idempotent<PurchaseReceipt>> WriteAsync(ILoyaltyDb db, Sale sale, ProgramSnapshot program, PartnerRules partner, ActiveCampaigns campaigns, CancellationToken ct)
    {
        var (caller, purchase, customerId, now) = (sale.Caller, sale.Purchase, sale.Customer.Id, sale.Now);
        var sql = await RawSql.OnAsync(db, ct);
        if (await Idempotency.ReplayAsync<PurchaseReceipt>(sql, caller.IdempotencyScope, sale.Key, sale.Hash, ct) is { } replay) return replay;

        var purchaseId = Guid.CreateVersion7();
        try
        {
            await InsertPurchaseAsync(sql, purchaseId, caller, customerId, purchase, sale.Earned, sale.Discount, ct);
        }
        catch (DbException)
        {
            // The unique index on the receipt refused it: asking first would cost every sale a statement under the lock.
            if (!await ReceiptExistsAsync(sql, caller, purchase.ReceiptNumber, ct)) throw;
            throw DomainException.Conflict("duplicate-receipt", "This receipt number was already recorded at this store.");
        }
        var main = sale.Customer.MainAccountId is { } mainId
            ? LedgerAccount.ExistingForCustomer(mainId, customerId, AccountKind.CustomerMain)
            : await Ledger.CustomerAccountAsync(db, customerId, ct: ct);
        LedgerAccount? redemption = partner.Redemption;
        if (sale.Certificate is { } certificate)
        {
            redemption ??= await Ledger.PartnerAccountAsync(db, caller.PartnerId, AccountKind.PartnerRedemption, ct);
            await CampaignsAtTill.RedeemAsync(db, campaigns, certificate, caller, redemption, customerId, purchaseId, now, ct);
        }
        if (purchase.RedeemPoints > 0)
        {
            redemption = partner.Redemption ?? await Ledger.PartnerAccountAsync(db, caller.PartnerId, AccountKind.PartnerRedemption, ct);
            await Ledger.PostAsync(db, now, Reasons.PurchaseRedeem, $"Paid with points at {caller.PartnerName}",
                [new Leg(main, -purchase.RedeemPoints), new Leg(redemption, purchase.RedeemPoints)], customerId, caller.PartnerId, purchaseId, ct: ct);
        }
        if (sale.Earned > 0)
        {
            var issuance = partner.Issuance ?? await Ledger.PartnerAccountAsync(db, caller.PartnerId, AccountKind.PartnerIssuance, ct);
            await Ledger.PostAsync(db, now, Reasons.PurchaseEarn, $"Points for a purchase at {caller.PartnerName}",
                [new Leg(issuance, -sale.Earned), new Leg(main, sale.Earned)], customerId, caller.PartnerId, purchaseId,
                lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: ct);
            // A debt recorded after the member was read is settled by their next earning instead: nothing is lost.
            if (sale.Customer.OwesPoints) await Debts.SettleAsync(db, customerId, main, now, ct);
        }
        var bonuses = await CampaignsAtTill.GrantAsync(db, campaigns, sale.Bonuses, caller, customerId, main, purchaseId, now, now.AddMonths(program.Settings.PointsExpiryMonths), ct);
        var tierChanged = await TierProgress.UpdateAsync(sql, customerId, program, now, ct);

        // The outbox row for webhooks (decision 0101): one prepared INSERT in this transaction, delivered later.
        await Outbox.AddAsync(sql, caller.PartnerId, WebhookEvents.Purchase, now, new PurchaseEventData(purchaseId, customerId, caller.StoreId,
            purchase.ReceiptNumber, Money.ToMajor(purchase.Amount, caller.Currency), caller.Currency, PointValue.ToDecimal(sale.Earned),
            PointValue.ToDecimal(purchase.RedeemPoints), purchase.OccurredAt), ct);
        if (tierChanged) await TierProgress.AddChangeEventAsync(sql, caller.PartnerId, customerId, program, now, ct);

        var (mainBalance, promoBalance) = await MemberLookup.BalancesAsync(db, customerId, ct);
        var receipt = new PurchaseReceipt(purchaseId, customerId, PointValue.ToDecimal(sale.Earned), PointValue.ToDecimal(purchase.RedeemPoints),
            Money.ToMajor(sale.Discount, caller.Currency), Money.ToMajor(sale.Paid, caller.Currency), new Balances(PointValue.ToDecimal(mainBalance), PointValue.ToDecimal(promoBalance)),
            PointValue.ToDecimal(bonuses.Sum(b => b.Points)), CampaignsAtTill.Lines(bonuses),
            sale.Certificate is { } used ? new CertificateLine(used.Code, used.Title, Money.ToMajor(used.Discount, caller.Currency)) : null);
        await Idempotency.RememberAsync(sql, caller.IdempotencyScope, sale.Key, sale.Hash, 201, receipt, now, ct);
        await db.SaveChangesAsync(ct);
        return new Idempotent<PurchaseReceipt>(receipt, false);
    }

    private static async Task InsertPurchaseAsync(RawSql sql, Guid id, PosCaller caller, Guid customerId, ValidPurchase purchase, long earned, long discount, CancellationToken ct)
    {
        await sql.ExecuteAsync(
            """
            INSERT INTO "Purchases" ("Id", "PartnerId", "StoreId", "TerminalId", "CustomerId", "ReceiptNumber", "Amount", "Currency", "OccurredAt",
                "EarnedPoints", "RedeemedPoints", "DiscountAmount", "RefundedAmount", "ReversedEarned", "ReturnedRedeemed", "IsImported", "Cashier")
            VALUES (@id, @partner, @store, @terminal, @customer, @receipt, @amount, @currency, @at, @earned, @redeemed, @discount, 0, 0, 0, 0, @cashier)
            """,
            ct, ("@id", id), ("@partner", caller.PartnerId), ("@store", caller.StoreId), ("@terminal", caller.TerminalId), ("@customer", customerId),
            ("@receipt", purchase.ReceiptNumber), ("@amount", purchase.Amount), ("@currency", caller.Currency), ("@at", purchase.OccurredAt),
            ("@earned", earned), ("@redeemed", purchase.RedeemPoints), ("@discount", discount), ("@cashier", purchase.Cashier));
        foreach (var item in purchase.Items)
        {
            await sql.ExecuteAsync(
                """INSERT INTO "PurchaseItems" ("PurchaseId", "Sku", "Name", "Category", "Quantity", "Price") VALUES (@purchase, @sku, @name, @category, @quantity, @price)""",
                ct, ("@purchase", id), ("@sku", item.Sku), ("@name", item.Name), ("@category", item.Category), ("@quantity", item.Quantity), ("@price", item.Price));
        }
    }
}
