using Loyalty.Core.Common;

namespace Loyalty.Core.Purchases;

/// <summary>The rates that apply to one member at one partner.</summary>
/// <summary>The rates for one member at one partner. A discount program has a discount and earns nothing.</summary>
public sealed record RewardRates(int EarnRateBp, int RedemptionCapBp, IReadOnlyDictionary<string, int> CategoryRatesBp, int DiscountBp = 0);

public sealed record ReceiptLine(string? Category, long Price);

/// <summary>
/// Earning and spending arithmetic, pure and exact. One point pays one major unit of money; points are hundredths.
/// Points are earned only on the part of the receipt paid in money, and always rounded down (never in the member's
/// disfavour by more than a hundredth of a point, never creating points from rounding).
/// </summary>
public static class RewardRules
{
    /// <summary>The most points (hundredths) this receipt may be paid with.</summary>
    public static long MaxRedeemable(long amountMinor, string currency, RewardRates rates)
    {
        var capMinor = amountMinor * (decimal)rates.RedemptionCapBp / 10_000m;
        return (long)decimal.Floor(Money.ToMajor((long)decimal.Floor(capMinor), currency) * PointValue.Scale);
    }

    /// <summary>The discount a discount program gives on this receipt, rounded down to the minor unit.</summary>
    public static long Discount(long amountMinor, RewardRates rates) => (long)((Int128)amountMinor * rates.DiscountBp / 10_000);

    /// <summary>Money value (minor units) of redeemed points; exact because points have two decimals.</summary>
    public static long RedeemedValueMinor(long points, string currency) =>
        (long)decimal.Floor(points / (decimal)PointValue.Scale * Pow10(Money.Exponent(currency)));

    /// <summary>Points (hundredths) earned on a receipt of which <paramref name="paidMinor"/> was paid in money.</summary>
    public static long Earned(long amountMinor, long paidMinor, string currency, RewardRates rates, IReadOnlyList<ReceiptLine>? lines)
    {
        if (paidMinor <= 0 || amountMinor <= 0) return 0;
        var rateBp = EffectiveRateBp(rates, lines);
        var paidMajor = Money.ToMajor(paidMinor, currency);
        return (long)decimal.Floor(paidMajor * rateBp / 10_000m * PointValue.Scale);
    }

    /// <summary>Category overrides weighted by line totals; lines without an override earn the base rate.</summary>
    public static decimal EffectiveRateBp(RewardRates rates, IReadOnlyList<ReceiptLine>? lines)
    {
        if (lines is null || lines.Count == 0 || rates.CategoryRatesBp.Count == 0) return rates.EarnRateBp;
        var total = lines.Sum(l => (decimal)l.Price);
        if (total <= 0) return rates.EarnRateBp;
        return lines.Sum(l => l.Price * (decimal)(l.Category is not null && rates.CategoryRatesBp.TryGetValue(l.Category, out var r) ? r : rates.EarnRateBp)) / total;
    }

    private static decimal Pow10(int exponent) => exponent switch { 0 => 1m, 1 => 10m, 2 => 100m, _ => 1000m };
}
