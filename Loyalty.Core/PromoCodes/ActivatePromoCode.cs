using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.TopUps;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

public sealed record ActivationResult(string ProductName, string Brand, int Points, long PromoBalance, bool TopUpRequested);

/// <summary>
/// A member activates a printed code (customer area, QR link, POS or partner API). Exactly once: the code row changes
/// from unused to activated with a guarded UPDATE, and in the same transaction the promo account is credited and the
/// activation recorded (DESIGN.md §4 invariant 6). Of 100 concurrent attempts one wins; the rest read "already used".
/// When the promo balance reaches the threshold, a mobile top-up request reserves the points in the same transaction.
/// </summary>
public sealed class ActivatePromoCode(ILoyaltyDbFactory dbs, TimeProvider clock, PromoCodeHasher hasher, PromoCodeSettings settings, WriteBatcher writes) : IUseCase
{
    public async Task<ActivationResult> HandleAsync(ActivationSource source, string? code, ActivationChannel channel, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await GuessGuard.ThrowIfLockedAsync(db, source, now, ct);
        if (!PromoCodeFormat.TryNormalize(code, out var normalized))
            throw ValidationException.For("code", "This is not a valid code. Check every symbol: the last one is a check symbol that catches typos.");

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == source.CustomerId)
            .Select(c => new { c.Id, c.Status, c.Phone, c.City }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("customer-not-found", "No such member.");
        if (customer.Status == CustomerStatus.Blocked) throw new DomainException("customer-blocked", "This membership is blocked.");

        var hash = hasher.Hash(normalized);
        var found = await db.PromoCodes.AsNoTracking().Where(c => c.Hash == hash).Select(c => new { c.Id, c.Status }).FirstOrDefaultAsync(ct);
        if (found is null)
        {
            await GuessGuard.RecordFailureAsync(dbs, source, settings, now, ct);
            throw DomainException.NotFound("code-not-found", "We do not know this code. Check it and try again.");
        }
        ThrowIfUnusable(found.Status);

        var batchNumber = (int)(found.Id >> CodeBatch.SerialBits);
        var product = await db.CodeBatches.AsNoTracking().Where(b => b.Number == batchNumber)
            .Join(db.Products, b => b.ProductId, p => p.Id, (b, p) => new { p.Id, p.PartnerId, p.Name, p.Brand, p.PointsPerCode, BatchStatus = b.Status })
            .FirstAsync(ct);
        if (product.BatchStatus == CodeBatchStatus.Blocked) ThrowIfUnusable(PromoCodeStatus.Blocked);

        var program = await db.ProgramSettings.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.PointsExpiryMonths, p.DefaultRegion }).FirstOrDefaultAsync(ct)
            ?? new { new ProgramSettings().PointsExpiryMonths, new ProgramSettings().DefaultRegion };
        var promo = await Ledger.CustomerAccountAsync(db, customer.Id, AccountKind.CustomerPromo, ct);
        var issuance = await Ledger.PartnerAccountAsync(db, product.PartnerId, AccountKind.PartnerIssuance, ct);

        // The write is group-committed with other writers (WriteBatcher, decision 0008): it runs in a savepoint of a
        // shared transaction, a refusal thrown here rolls back this activation alone, and the caller hears back only
        // after the commit.
        var codeId = found.Id;
        return await writes.RunAsync(async (w, token) =>
        {
            var won = await w.PromoCodes.Where(c => c.Id == codeId && c.Status == PromoCodeStatus.Generated)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, PromoCodeStatus.Activated), token);
            if (won != 1)
            {
                ThrowIfUnusable(await w.PromoCodes.AsNoTracking().Where(c => c.Id == codeId).Select(c => c.Status).FirstAsync(token));
                throw DomainException.Conflict("code-already-used", "This code has already been used.");
            }

            var points = product.PointsPerCode * 100L;
            await Ledger.PostAsync(w, now, Reasons.PromoCode, $"Promo code: {product.Brand} {product.Name}",
                [new Leg(issuance, -points), new Leg(promo, points)], customer.Id, product.PartnerId,
                lotExpiresAt: now.AddMonths(program.PointsExpiryMonths), ct: token);
            w.PromoActivations.Add(new PromoActivation(codeId, product.PartnerId, product.Id, customer.Id, customer.City,
                product.PointsPerCode, channel, now));

            var balance = await w.LedgerAccounts.Where(a => a.Id == promo.Id).Select(a => a.Balance).FirstAsync(token);
            var threshold = settings.TopUpThresholdPoints * 100L;
            var topUp = false;
            if (threshold > 0 && balance >= threshold)
            {
                // Reserve exactly the threshold; points above it stay for the next top-up. Only one activation in
                // (threshold / points) gets here, so what it alone needs is read here rather than on every activation.
                var payout = await Ledger.SystemAccountAsync(w, AccountKind.TopUpPayout, token);
                var mobileOperators = await w.MobileOperators.AsNoTracking().Where(o => o.IsActive).ToListAsync(token);
                var reserve = await Ledger.PostAsync(w, now, Reasons.TopUpReserved, "Mobile top-up requested",
                    [new Leg(promo, -threshold), new Leg(payout, threshold)], customer.Id, ct: token);
                var mobile = MobileOperator.Resolve(mobileOperators, customer.Phone);
                w.TopUpRequests.Add(new TopUpRequest(customer.Id, customer.Phone, mobile?.Id, mobile?.Name, mobile?.Country ?? program.DefaultRegion,
                    threshold, settings.TopUpThresholdPoints * settings.TopUpMinorPerPoint, settings.TopUpCurrency, reserve, now));
                balance -= threshold;
                topUp = true;
            }
            await w.SaveChangesAsync(token);
            return new ActivationResult(product.Name, product.Brand, product.PointsPerCode, balance, topUp);
        }, ct);
    }

    private static void ThrowIfUnusable(PromoCodeStatus status)
    {
        if (status == PromoCodeStatus.Activated) throw DomainException.Conflict("code-already-used", "This code has already been used.");
        if (status == PromoCodeStatus.Blocked) throw new DomainException("code-blocked", "This code is blocked and cannot be activated.");
    }
}
