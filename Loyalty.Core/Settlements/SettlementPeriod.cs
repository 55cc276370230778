using Loyalty.Core.Common;

namespace Loyalty.Core.Settlements;

/// <summary>A settlement period: one calendar month in UTC, [Start, End).</summary>
public readonly record struct SettlementPeriod(int Year, int Month)
{
    public DateTime Start => new(Year, Month, 1, 0, 0, 0, DateTimeKind.Utc);
    public DateTime End => Start.AddMonths(1);

    public static SettlementPeriod Of(DateTime at) => new(at.Year, at.Month);

    /// <summary>The last month that has fully ended at <paramref name="now"/>.</summary>
    public static SettlementPeriod LastFinished(DateTime now) => Of(now).Previous;

    public SettlementPeriod Previous => Of(Start.AddMonths(-1));

    public static SettlementPeriod Create(int year, int month)
    {
        if (year is < 2000 or > 2999 || month is < 1 or > 12) throw ValidationException.For("period", "Choose a month.");
        return new(year, month);
    }

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
