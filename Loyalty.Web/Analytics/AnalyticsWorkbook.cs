using ClosedXML.Excel;

namespace Loyalty.Web.Analytics;

/// <summary>
/// An analytics table as an .xlsx file: a title, the scope and period, a bold header row, typed cells with number formats.
/// Widths are set by hand (ClosedXML 0.95's AdjustToContents needs GDI+, which Linux lacks). Text that a spreadsheet
/// would run as a formula (= + - @, tab, CR: a store or category name typed by a partner) gets a leading apostrophe.
/// </summary>
public static class AnalyticsWorkbook
{
    public static byte[] Build(AnalyticsTable table, string subtitle) => Build([table], subtitle);

    /// <summary>One sheet per table, in order (a campaign's results and its A/B arms; segment sizes and their history).</summary>
    public static byte[] Build(IReadOnlyList<AnalyticsTable> tables, string subtitle)
    {
        using var workbook = new XLWorkbook();
        foreach (var table in tables) AddSheet(workbook, table, subtitle);
        using var stream = new MemoryStream();
        Exports.SafeWorkbook.Save(workbook, stream);
        return stream.ToArray();
    }

    private static void AddSheet(XLWorkbook workbook, AnalyticsTable table, string subtitle)
    {
        var name = SheetName(table.Title);
        for (var n = 2; workbook.Worksheets.Contains(name); n++) name = SheetName(table.Title)[..Math.Min(27, SheetName(table.Title).Length)] + " " + n;
        var sheet = workbook.AddWorksheet(name);
        sheet.Cell(1, 1).Value = Core.Common.SpreadsheetText.Safe(table.Title);
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 14;
        sheet.Cell(2, 1).Value = Core.Common.SpreadsheetText.Safe(subtitle);
        sheet.Cell(2, 1).Style.Font.FontColor = XLColor.Gray;
        const int header = 4;
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var cell = sheet.Cell(header, c + 1);
            cell.Value = Core.Common.SpreadsheetText.Safe(table.Columns[c].Header);
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = XLColor.FromHtml("#EEF2F7");
            sheet.Column(c + 1).Width = c == 0 ? 32 : 16;
        }
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            for (var c = 0; c < table.Columns.Count && c < row.Length; c++)
            {
                var cell = sheet.Cell(header + 1 + r, c + 1);
                var (value, kind) = row[c] is KindedCell kinded ? (kinded.Value, kinded.Kind) : (row[c], table.Columns[c].Kind);
                switch (value)
                {
                    case null: break;
                    case string text: cell.Value = Core.Common.SpreadsheetText.Safe(text); break;
                    case DateTime date: cell.Value = date; cell.Style.DateFormat.Format = "yyyy-mm-dd"; break;
                    default: cell.Value = Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture); break;
                }
                cell.Style.NumberFormat.Format = kind switch
                {
                    ColumnKind.Money or ColumnKind.Points => "#,##0.00",
                    ColumnKind.Percent => "0.0%",
                    ColumnKind.Count => "#,##0",
                    ColumnKind.Number => "0.00",
                    _ => cell.Style.NumberFormat.Format,
                };
            }
        }
        sheet.SheetView.FreezeRows(header);
    }


    private static string SheetName(string title)
    {
        var clean = new string(title.Where(ch => ch is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray());
        return clean.Length > 31 ? clean[..31] : clean.Length == 0 ? "Sheet1" : clean;
    }
}
