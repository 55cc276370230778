namespace Loyalty.Web.Analytics;

public enum ColumnKind
{
    Text,
    Count,
    Money,
    Points,
    Percent,
    Number,
}

public sealed record AnalyticsColumn(string Header, ColumnKind Kind);

/// <summary>
/// One analytics table as both the screen and the Excel file show it: the same headers, the same rows, so what a user
/// exports is exactly what they looked at. Money cells hold major units, percents fractions (0.25 = 25 %).
/// </summary>
public sealed record AnalyticsTable(string Key, string Title, IReadOnlyList<AnalyticsColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// A cell that says its own kind: a figure/value table mixes counts, money and percents in one column, and each must
/// read (and export) as what it is, not as the column's "number" with two decimals.
/// </summary>
public sealed record KindedCell(object? Value, ColumnKind Kind);
