using ClosedXML.Excel;
using Loyalty.Core.Common;

namespace Loyalty.Web.Exports;

/// <summary>
/// The one way a workbook leaves the app (docs/decisions/0113, 0123). Before saving, every cell of every sheet is looked
/// at: text that a spreadsheet would run as a formula gets <see cref="SpreadsheetText.Safe"/>'s apostrophe, and a cell
/// holding a formula is turned into that formula's text — the exports never write formulas, so one there came from data.
/// Whatever an exporter forgot, the file is safe; exporters may still call Safe themselves (it is idempotent).
/// </summary>
public static class SafeWorkbook
{
    public static void Save(XLWorkbook workbook, Stream stream)
    {
        foreach (var sheet in workbook.Worksheets)
        {
            foreach (var cell in sheet.CellsUsed())
            {
                if (cell.HasFormula) cell.SetValue(SpreadsheetText.Safe("=" + cell.FormulaA1));
                // A cell written as Value = "'=…" is stored with Excel's quote prefix (text, shown as typed): already safe.
                else if (cell.DataType == XLDataType.Text && !cell.Style.IncludeQuotePrefix && cell.GetString() is { Length: > 0 } text
                         && SpreadsheetText.Safe(text) is var safe && safe != text)
                    cell.SetValue(safe);
            }
        }
        workbook.SaveAs(stream);
    }
}
