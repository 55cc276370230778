using Loyalty.Core.Common;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;

namespace Loyalty.Core.Pos;

public sealed record PurchaseQuote(Guid CustomerId, decimal EarnedPoints, decimal MaxRedeemablePoints, decimal RedeemPoints, decimal Discount, decimal AmountToPay, decimal MainBalance);

/// <summary>What a purchase would earn and how much may be paid with points. Changes nothing.</summary>
public sealed class QuotePurchase(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference) : IUseCase
{
    public async Task<PurchaseQuote> HandleAsync(PosCaller caller, PurchaseRequest request, CancellationToken ct = default)
    {
        var purchase = ValidPurchase.From(request, caller.Currency, clock.GetUtcNow().UtcDateTime, requireReceipt: false);
        await using var db = dbs.Create();
        var program = await reference.ProgramAsync(ct);
        var partner = await reference.PartnerAsync(caller.PartnerId, ct);
        var customer = await MemberLookup.FindAsync(db, purchase.Customer, program.Settings.DefaultRegion, clock.GetUtcNow().UtcDateTime, ct);
        var rates = await MemberLookup.RatesAsync(db, caller.PartnerId, partner, customer, program, ct);
        var (main, _) = await MemberLookup.BalancesAsync(db, customer.Id, ct);

        var discount = RewardRules.Discount(purchase.Amount, rates);
        var maxRedeemable = Math.Min(main, RewardRules.MaxRedeemable(purchase.Amount - discount, caller.Currency, rates));
        var redeem = Math.Min(purchase.RedeemPoints, maxRedeemable);
        var paid = Math.Max(0, purchase.Amount - discount - RewardRules.RedeemedValueMinor(redeem, caller.Currency));
        var earned = RewardRules.Earned(purchase.Amount, paid, caller.Currency, rates, purchase.Lines);
        return new PurchaseQuote(customer.Id, PointValue.ToDecimal(earned), PointValue.ToDecimal(maxRedeemable), PointValue.ToDecimal(redeem),
            Money.ToMajor(discount, caller.Currency), Money.ToMajor(paid, caller.Currency), PointValue.ToDecimal(main));
    }
}
