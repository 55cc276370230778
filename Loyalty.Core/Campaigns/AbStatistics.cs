namespace Loyalty.Core.Campaigns;

/// <summary>What one arm of a test did: members, how many converted, and their revenue (sum and sum of squares, major units).</summary>
public sealed record ArmFigures(TestArm Variant, long Members, long Conversions, decimal Revenue, decimal RevenueSquares)
{
    public double ConversionRate => Members == 0 ? 0 : (double)Conversions / Members;
    public double RevenuePerMember => Members == 0 ? 0 : (double)Revenue / Members;

    /// <summary>Sample variance of revenue per member (n − 1 in the denominator).</summary>
    public double RevenueVariance => Members < 2 ? 0 : Math.Max(0, ((double)RevenueSquares - Members * RevenuePerMember * RevenuePerMember) / (Members - 1));
}

/// <summary>A difference between an arm and control with its 95 % confidence interval; <paramref name="Relative"/> is the difference over control's value.</summary>
public sealed record Uplift(double Difference, double Low, double High, double? Relative)
{
    /// <summary>The interval excludes zero.</summary>
    public bool Significant => Low > 0 || High < 0;
}

/// <summary>
/// Uplift against the held-out control (docs/decisions/0063-ab-tests.md). Normal approximation, 95 % (z = 1.96):
/// conversion: Δ = p_t − p_c, SE = √(p_t(1−p_t)/n_t + p_c(1−p_c)/n_c);
/// revenue per member: Δ = mean_t − mean_c, SE = √(s²_t/n_t + s²_c/n_c) (Welch).
/// CI = Δ ± 1.96·SE. Null when either arm is empty.
/// </summary>
public static class AbStatistics
{
    public const double Z95 = 1.959963984540054;

    public static Uplift? Conversion(ArmFigures treated, ArmFigures control)
    {
        if (treated.Members == 0 || control.Members == 0) return null;
        var (pt, pc) = (treated.ConversionRate, control.ConversionRate);
        var se = Math.Sqrt(pt * (1 - pt) / treated.Members + pc * (1 - pc) / control.Members);
        return Make(pt - pc, se, pc);
    }

    public static Uplift? RevenuePerMember(ArmFigures treated, ArmFigures control)
    {
        if (treated.Members == 0 || control.Members == 0) return null;
        var se = Math.Sqrt(treated.RevenueVariance / treated.Members + control.RevenueVariance / control.Members);
        return Make(treated.RevenuePerMember - control.RevenuePerMember, se, control.RevenuePerMember);
    }

    private static Uplift Make(double difference, double se, double baseline) =>
        new(difference, difference - Z95 * se, difference + Z95 * se, baseline == 0 ? null : difference / baseline);
}
