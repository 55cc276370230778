using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Pos;

/// <summary>Resolves what a cashier types or scans, and the rates that apply to the member at the caller's partner.</summary>
internal static class MemberLookup
{
    /// <summary>A customer id, a card number or a phone number.</summary>
    public static async Task<Customer> FindAsync(ILoyaltyDb db, string? identifier, string defaultRegion, CancellationToken ct)
    {
        identifier = identifier?.Trim();
        if (string.IsNullOrEmpty(identifier) || identifier.Length > 64)
            throw ValidationException.For("customer", "Scan the card or enter the member's card number or phone.");

        Customer? customer = null;
        if (Guid.TryParse(identifier, out var id))
        {
            customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        }
        else if (CardNumber.IsValid(identifier))
        {
            var number = CardNumber.Normalize(identifier);
            var card = await db.Cards.AsNoTracking().Where(c => c.Number == number).Select(c => new { c.CustomerId, c.Status }).FirstOrDefaultAsync(ct);
            if (card?.Status == CardStatus.Blocked) throw new DomainException("card-blocked", "This card is blocked. Ask the member for their phone number.");
            if (card?.CustomerId is { } owner) customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == owner, ct);
        }
        else if (PhoneNumber.TryParse(identifier, defaultRegion, out var phone))
        {
            customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Phone == phone!.Value, ct);
        }
        else if (identifier.All(char.IsAsciiDigit) && identifier.Length == CardNumber.Length)
        {
            throw new DomainException("card-check-digit", "The card number's check digit is wrong: check for a typo.");
        }

        if (customer is null) throw DomainException.NotFound("customer-not-found", "No member with this card or phone.");
        if (customer.Status == CustomerStatus.Blocked) throw new DomainException("customer-blocked", "This membership is blocked.");
        return customer;
    }

    public static async Task<RewardRates> RatesAsync(ILoyaltyDb db, Guid partnerId, Customer customer, ProgramSnapshot program, CancellationToken ct)
    {
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new { p.EarnRateBp, p.RedemptionCapBp, p.UsesProgramTiers, p.ProgramType, p.DiscountBp }).FirstAsync(ct);
        var noCategories = new Dictionary<string, int>();
        if (partner.ProgramType == ProgramType.FlatDiscount)
            return new RewardRates(0, partner.RedemptionCapBp, noCategories, partner.DiscountBp);
        if (partner.ProgramType == ProgramType.CumulativeDiscount)
        {
            var spend = await db.Purchases.Where(p => p.PartnerId == partnerId && p.CustomerId == customer.Id)
                .SumAsync(p => (long?)(p.Amount - p.RefundedAmount), ct) ?? 0;
            var step = await db.PartnerDiscountSteps.Where(s => s.PartnerId == partnerId && s.SpendThreshold <= spend)
                .OrderByDescending(s => s.SpendThreshold).Select(s => (int?)s.DiscountBp).FirstOrDefaultAsync(ct);
            return new RewardRates(0, partner.RedemptionCapBp, noCategories, step ?? 0);
        }
        var tier = customer.TierId is { } tierId ? program.Tiers.FirstOrDefault(t => t.Id == tierId) : null;
        if (partner.UsesProgramTiers && tier is not null)
            return new RewardRates(tier.EarnRateBp, tier.RedemptionCapBp, noCategories);
        var categories = await db.PartnerCategoryRates.AsNoTracking().Where(r => r.PartnerId == partnerId)
            .ToDictionaryAsync(r => r.Category, r => r.EarnRateBp, StringComparer.OrdinalIgnoreCase, ct);
        return new RewardRates(partner.EarnRateBp, partner.RedemptionCapBp, categories);
    }

    public static async Task<(long Main, long Promo)> BalancesAsync(ILoyaltyDb db, Guid customerId, CancellationToken ct)
    {
        var balances = await db.LedgerAccounts.AsNoTracking().Where(a => a.CustomerId == customerId)
            .Select(a => new { a.Kind, a.Balance }).ToListAsync(ct);
        return (balances.Where(b => b.Kind == AccountKind.CustomerMain).Sum(b => b.Balance),
                balances.Where(b => b.Kind == AccountKind.CustomerPromo).Sum(b => b.Balance));
    }
}
