using System.Globalization;
using Loyalty.Core.Common;
using Loyalty.Core.Purchases;

namespace Loyalty.Core.Referrals;

/// <summary>The arithmetic of referral rewards, pure so it is unit-tested without a database.</summary>
public static class ReferralRules
{
    /// <summary>3 % / 1 % / 1 % over three levels, as the program's owners asked.</summary>
    public const string DefaultRates = "300,100,100";

    public const int MaxLevels = 5;

    /// <summary>No level may give away more than a fifth of a friend's receipt.</summary>
    public const int MaxRateBp = 2_000;

    /// <summary>The rates of the levels in basis points, level 1 first ("300,100,100"); null is the default, empty turns referral rewards off.</summary>
    public static IReadOnlyList<int> ParseRates(string? text)
    {
        text ??= DefaultRates;
        if (string.IsNullOrWhiteSpace(text)) return [];
        var rates = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var bp) || bp > MaxRateBp) return [];
            rates.Add(bp);
        }
        return rates.Count > MaxLevels ? [] : rates;
    }

    public static string FormatRates(IEnumerable<int> ratesBp) => string.Join(",", ratesBp.Select(r => r.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Percents as the operator types them ("3; 1; 1" or "3, 1, 1") → basis points, or a message.</summary>
    public static bool TryParsePercents(string? text, out IReadOnlyList<int> ratesBp, out string? error)
    {
        ratesBp = [];
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var list = new List<int>();
        foreach (var part in text.Split([';', ' ', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!decimal.TryParse(part.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var percent) || percent < 0
                || percent * 100 != decimal.Truncate(percent * 100) || percent * 100 > MaxRateBp)
            {
                error = $"Each level's rate is a percent from 0 to {MaxRateBp / 100} with at most two decimals, separated by semicolons (3; 1; 1).";
                return false;
            }
            list.Add((int)(percent * 100));
        }
        if (list.Count > MaxLevels)
        {
            error = $"At most {MaxLevels} referral levels.";
            return false;
        }
        ratesBp = list;
        return true;
    }

    /// <summary>What the friend paid: the receipt less the discount and the points spent on it.</summary>
    public static long BaseAmount(long amount, long discount, long redeemedPoints, string currency) =>
        Math.Max(0, amount - discount - RewardRules.RedeemedValueMinor(redeemedPoints, currency));

    /// <summary>Hundredths of a point for a level: rate × paid, rounded down (one point per major unit, like earning).</summary>
    public static long Reward(long baseAmount, string currency, int rateBp) =>
        baseAmount <= 0 || rateBp <= 0 ? 0 : (long)decimal.Floor(Money.ToMajor(baseAmount, currency) * rateBp / 10_000m * PointValue.Scale);

    /// <summary>
    /// How many more points a refund takes back: the reward's share of the refunded part of the receipt, on the running total
    /// (like the purchase's own points, 0005), so partial refunds add up to exactly the full reward.
    /// </summary>
    public static long ToReverse(long points, long alreadyReversed, long refundedAmount, long purchaseAmount)
    {
        if (points <= 0 || purchaseAmount <= 0) return 0;
        var target = (long)((Int128)points * Math.Min(refundedAmount, purchaseAmount) / purchaseAmount);
        return Math.Max(0, target - alreadyReversed);
    }

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>An 8-character code without look-alike characters (no 0/O, 1/I): read out loud or typed from a poster.</summary>
    public static string NewCode()
    {
        Span<char> chars = stackalloc char[ReferralCode.Length];
        for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(chars);
    }

    /// <summary>Codes are typed by people: case and spaces do not matter.</summary>
    public static string Normalize(string? code) => (code ?? "").Trim().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
}
