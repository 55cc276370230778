using System.Text;
using ClosedXML.Excel;
using Loyalty.Core.Common;
using Loyalty.Core.PartnerCrm;
using Loyalty.Web.Settlements;

namespace Loyalty.Web.PartnerCrm;

/// <summary>
/// The partner's customers as an Excel file, with the grid's filter. Rows are read from the database page by page and
/// written as they come; ClosedXML 0.95 still holds the workbook in memory, so the export stops at
/// <see cref="ExportPartnerCustomers.MaxRows"/> rows (a note on the sheet says so).
/// </summary>
public static class CustomerExportEndpoints
{
    public const string Path = "/partner/files/customers.xlsx";

    public static IEndpointRouteBuilder MapPartnerCustomerExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ExportAsync).RequireAuthorization(PartnerPolicies.Marketing);
        return app;
    }

    /// <summary>The grid's filter travels as base64url JSON in <c>?filter=</c>.</summary>
    public static string Url(CustomerFilter filter) =>
        $"{Path}?filter={Convert.ToBase64String(Encoding.UTF8.GetBytes(filter.ToJson())).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    private static async Task<IResult> ExportAsync(string? filter, HttpContext http, ExportPartnerCustomers export, TimeProvider clock, CancellationToken ct)
    {
        // A file download is not an API call: bad input answers a ProblemDetails here rather than an error page.
        CustomerFilter parsed;
        try
        {
            parsed = string.IsNullOrEmpty(filter) ? CustomerFilter.None : CustomerFilter.FromJson(Encoding.UTF8.GetString(FromBase64Url(filter)));
            if (parsed.Rules is { } rules) Core.Segments.SegmentSql.Validate(rules);
            if (parsed.Tag is { } tag) CustomerTag.Normalize(tag);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filter"] = ["The filter in this link is damaged; export again from the Customers page."] });
        }
        catch (ValidationException e)
        {
            return TypedResults.ValidationProblem(e.Errors);
        }

        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Customers");
        string[] headers = ["Name", "Phone", "City", "Tier", "Joined (UTC)", "Last purchase (UTC)", "Purchases", "Spend", "RFM segment", "Points", "Tags"];
        double[] widths = [28, 16, 18, 14, 18, 20, 11, 14, 18, 12, 30];
        for (var i = 0; i < headers.Length; i++)
        {
            sheet.Cell(1, i + 1).Value = headers[i];
            sheet.Column(i + 1).Width = widths[i];
        }
        sheet.Row(1).Style.Font.Bold = true;
        var r = 2;
        await foreach (var row in export.HandleAsync(http.User.PartnerStaff(), parsed, ct))
        {
            Text(sheet.Cell(r, 1), row.Name);
            Text(sheet.Cell(r, 2), row.MaskedPhone);
            Text(sheet.Cell(r, 3), row.City);
            Text(sheet.Cell(r, 4), row.Tier);
            sheet.Cell(r, 5).Value = row.RegisteredAt;
            sheet.Cell(r, 5).Style.NumberFormat.Format = "yyyy-mm-dd hh:mm";
            if (row.LastPurchaseAt is { } last)
            {
                sheet.Cell(r, 6).Value = last;
                sheet.Cell(r, 6).Style.NumberFormat.Format = "yyyy-mm-dd hh:mm";
            }
            sheet.Cell(r, 7).Value = row.Purchases;
            sheet.Cell(r, 8).Value = row.Spend / 100m;
            Text(sheet.Cell(r, 9), row.Segment?.ToString());
            sheet.Cell(r, 10).Value = PointValue.ToDecimal(row.Balance);
            Text(sheet.Cell(r, 11), string.Join(", ", row.Tags));
            r++;
        }
        if (r - 2 >= ExportPartnerCustomers.MaxRows)
            sheet.Cell(r + 1, 1).Value = $"Only the first {ExportPartnerCustomers.MaxRows:N0} customers are exported; narrow the filter for the rest.";
        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        Exports.SafeWorkbook.Save(workbook, stream);
        return TypedResults.File(stream.ToArray(), SettlementEndpoints.ContentType, $"customers-{clock.GetUtcNow():yyyyMMdd-HHmm}.xlsx");
    }

    /// <summary>
    /// Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start: CSV/formula injection) is written
    /// with a leading apostrophe and always as text, so a member named "=HYPERLINK(…)" stays a name.
    /// </summary>
    public static void Text(IXLCell cell, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        cell.DataType = XLDataType.Text;
        cell.SetValue(Core.Common.SpreadsheetText.Safe(value));
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
