namespace Loyalty.Core.Common;

/// <summary>Percentages as people type them (5.25) and as rules store them (basis points, 525).</summary>
public static class Percent
{
    /// <summary>Converts exactly, or records a field error and returns 0: more than two decimals or outside 0–100 is refused.</summary>
    public static int ToBasisPoints(decimal percent, string field, string what, IDictionary<string, string[]> errors)
    {
        var bp = percent * 100m;
        if (percent is < 0 or > 100 || bp != decimal.Truncate(bp))
        {
            errors[field] = [$"{what} is a percentage from 0 to 100 with at most two decimals."];
            return 0;
        }
        return (int)bp;
    }
}
