using System.Globalization;

namespace Loyalty.Core.Common;

/// <summary>
/// Money is a <c>long</c> in the currency's minor unit. This converts at the edges only (API JSON, screens),
/// using the ISO 4217 exponent of the currency.
/// </summary>
public static class Money
{
    private static readonly Dictionary<string, int> Exponents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["CLP"] = 0, ["ISK"] = 0, ["UZS"] = 2,
        ["KWD"] = 3, ["BHD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3,
    };

    public static int Exponent(string currency) => Exponents.GetValueOrDefault(currency, 2);

    public static decimal ToMajor(long minor, string currency) => minor / Pow10(Exponent(currency));

    /// <summary>Exact conversion or nothing: an amount with more decimals than the currency has is refused, never rounded.</summary>
    public static bool TryToMinor(decimal major, string currency, out long minor)
    {
        minor = 0;
        var scaled = major * Pow10(Exponent(currency));
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue) return false;
        minor = (long)scaled;
        return true;
    }

    public static string Format(long minor, string currency, IFormatProvider? culture = null)
    {
        var exponent = Exponent(currency);
        var number = ToMajor(minor, currency).ToString("N" + exponent, culture ?? CultureInfo.CurrentCulture);
        return $"{number} {currency}";
    }

    private static decimal Pow10(int exponent) => exponent switch { 0 => 1m, 1 => 10m, 2 => 100m, _ => 1000m };
}

/// <summary>Points are a <c>long</c> in hundredths of a point; one point pays one major unit of money.</summary>
public static class PointValue
{
    public const long Scale = 100;

    public static decimal ToDecimal(long hundredths) => hundredths / 100m;

    public static bool TryFromDecimal(decimal points, out long hundredths)
    {
        hundredths = 0;
        var scaled = points * Scale;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue / 2 || scaled < long.MinValue / 2) return false;
        hundredths = (long)scaled;
        return true;
    }

    public static string Format(long hundredths, IFormatProvider? culture = null) =>
        ToDecimal(hundredths).ToString(hundredths % 100 == 0 ? "N0" : "N2", culture ?? CultureInfo.CurrentCulture);
}
