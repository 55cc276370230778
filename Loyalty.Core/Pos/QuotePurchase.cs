using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;

namespace Loyalty.Core.Pos;

/// <param name="Bonuses">Campaign bonuses the rules give this receipt (a spent budget or limit can still drop one at the purchase).</param>
/// <param name="Certificate">The certificate the receipt would use; its discount is part of <paramref name="Discount"/>.</param>
public sealed record PurchaseQuote(Guid CustomerId, decimal EarnedPoints, decimal MaxRedeemablePoints, decimal RedeemPoints, decimal Discount, decimal AmountToPay, decimal MainBalance,
    decimal CampaignPoints = 0, IReadOnlyList<BonusLine>? Bonuses = null, CertificateLine? Certificate = null);

/// <summary>What a purchase would earn and how much may be paid with points. Changes nothing.</summary>
public sealed class QuotePurchase(TillReaders readers, TimeProvider clock, PosReferenceData reference, ActiveCampaigns campaigns) : IUseCase
{
    public async Task<PurchaseQuote> HandleAsync(PosCaller caller, PurchaseRequest request, CancellationToken ct = default)
    {
        var purchase = ValidPurchase.From(request, caller.Currency, clock.GetUtcNow().UtcDateTime, requireReceipt: false);
        return await readers.ReadAsync((db, token) => QuoteAsync(db, caller, request, purchase, token), ct);
    }

    private async Task<PurchaseQuote> QuoteAsync(ILoyaltyDb db, PosCaller caller, PurchaseRequest request, ValidPurchase purchase, CancellationToken ct)
    {
        var program = await reference.ProgramAsync(ct);
        var partner = await reference.PartnerAsync(caller.PartnerId, ct);
        var customer = await MemberLookup.FindAsync(db, purchase.Customer, program.Settings.DefaultRegion, clock.GetUtcNow().UtcDateTime, ct);
        var rates = await MemberLookup.RatesAsync(db, caller.PartnerId, partner, customer, program, ct);
        var (main, _) = await MemberLookup.BalancesAsync(db, customer.Id, ct);

        var discount = RewardRules.Discount(purchase.Amount, rates);
        var certificate = await CampaignsAtTill.CertificateAsync(db, caller, customer.Id, request.CertificateCode, purchase.Amount - discount, clock.GetUtcNow().UtcDateTime, ct);
        discount += certificate?.Discount ?? 0;
        var maxRedeemable = Math.Min(main, RewardRules.MaxRedeemable(purchase.Amount - discount, caller.Currency, rates));
        var redeem = Math.Min(purchase.RedeemPoints, maxRedeemable);
        var paid = Math.Max(0, purchase.Amount - discount - RewardRules.RedeemedValueMinor(redeem, caller.Currency));
        var earned = RewardRules.Earned(purchase.Amount, paid, caller.Currency, rates, purchase.Lines);
        var bonuses = await CampaignsAtTill.BonusesAsync(db, campaigns, caller, customer.Id, purchase.OccurredAt, purchase.Amount, paid, earned, purchase.Items, ct);
        return new PurchaseQuote(customer.Id, PointValue.ToDecimal(earned), PointValue.ToDecimal(maxRedeemable), PointValue.ToDecimal(redeem),
            Money.ToMajor(discount, caller.Currency), Money.ToMajor(paid, caller.Currency), PointValue.ToDecimal(main),
            PointValue.ToDecimal(bonuses.Sum(b => b.Points)), CampaignsAtTill.Lines(bonuses),
            certificate is null ? null : new CertificateLine(certificate.Code, certificate.Title, Money.ToMajor(certificate.Discount, caller.Currency)));
    }
}
