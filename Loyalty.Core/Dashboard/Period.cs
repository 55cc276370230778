namespace Loyalty.Core.Dashboard;

/// <summary>A half-open range of instants [From, To) and the equally long range just before it, for comparisons.</summary>
public sealed record Period(DateTime From, DateTime To)
{
    public Period Previous => new(From - (To - From), From);

    public static Period LastDays(int days, DateTime now) => new(now.Date.AddDays(1 - days), now.Date.AddDays(1));
}

/// <summary>A figure for the period and the same figure for the previous period.</summary>
public sealed record Comparison(decimal Current, decimal Previous)
{
    /// <summary>Change in percent, or null when there is nothing to compare with.</summary>
    public decimal? ChangePercent => Previous == 0 ? null : Math.Round((Current - Previous) / Previous * 100m, 1);
}

public sealed record MonthlyPoint(int Year, int Month, long Revenue, int Purchases);
