using ClosedXML.Excel;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Web.Settlements;

namespace Loyalty.Web.Audit;

/// <summary>The data-consolidation log as an Excel file, with the page's filters; the export itself is audited.</summary>
public static class AuditExportEndpoints
{
    /// <summary>ClosedXML builds the workbook in memory: beyond this many rows, narrow the filters.</summary>
    public const int MaxRows = 50_000;

    public static IEndpointRouteBuilder MapAuditExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/audit.xlsx", ExportAsync).RequireAuthorization(p => p.RequireRole(Roles.OperatorAdmin, Roles.OperatorStaff));
        return app;
    }

    private static async Task<IResult> ExportAsync(string? search, string? category, DateTime? from, DateTime? to, HttpContext http,
        SearchAuditLog log, ILoyaltyDbFactory dbs, TimeProvider clock, CancellationToken ct)
    {
        var query = new AuditQuery(search, string.IsNullOrWhiteSpace(category) ? null : category,
            from is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : null, to is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null);
        var rows = await log.ExportAsync(query, MaxRows, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = dbs.Create())
        {
            db.AuditEvents.Add(new AuditEvent(now, "audit.exported", http.User.Identity?.Name,
                $"{rows.Count:N0} row(s) exported (search \"{search}\", kind {category}, {from:yyyy-MM-dd}–{to:yyyy-MM-dd})"));
            await db.SaveChangesAsync(ct);
        }

        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Log");
        // Old → new per field; phones and e-mails masked unless an operator admin exports (decision 0142).
        var full = http.User.IsInRole(Roles.OperatorAdmin);
        string[] headers = ["When (UTC)", "Kind", "Who", "What", "Partner", "Member id", "Changes (old → new)"];
        double[] widths = [18, 26, 30, 90, 24, 38, 80];
        for (var i = 0; i < headers.Length; i++)
        {
            sheet.Cell(1, i + 1).Value = headers[i];
            sheet.Column(i + 1).Width = widths[i];
        }
        sheet.Row(1).Style.Font.Bold = true;
        var r = 2;
        foreach (var row in rows)
        {
            sheet.Cell(r, 1).Value = row.OccurredAt;
            sheet.Cell(r, 1).Style.NumberFormat.Format = "yyyy-mm-dd hh:mm:ss";
            sheet.Cell(r, 2).Value = SpreadsheetText.Safe(row.Kind);
            sheet.Cell(r, 3).Value = SpreadsheetText.Safe(row.Actor);
            sheet.Cell(r, 4).Value = SpreadsheetText.Safe(row.Summary);
            sheet.Cell(r, 5).Value = SpreadsheetText.Safe(row.PartnerName);
            sheet.Cell(r, 6).Value = row.CustomerId?.ToString() ?? "";
            sheet.Cell(r, 7).Value = SpreadsheetText.Safe(row.DescribeChanges(full));
            r++;
        }
        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        Exports.SafeWorkbook.Save(workbook, stream);
        return TypedResults.File(stream.ToArray(), SettlementEndpoints.ContentType, $"onecard-log-{now:yyyyMMdd-HHmm}.xlsx");
    }
}
