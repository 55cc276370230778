using System.Text;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.PromoCodes;
using Loyalty.Web.Account;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.PromoCodes;

/// <summary>
/// Downloads of a batch's print files: operator staff, or an admin of the manufacturer that owns the batch. Every
/// download is audited with who, what and from where, because these files are the only plaintext copy of the codes.
/// </summary>
public static class PrintFileEndpoints
{
    public static IEndpointRouteBuilder MapPrintFileEndpoints(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/files/promo-batches").RequireAuthorization(p => p.RequireRole(Roles.OperatorAdmin, Roles.OperatorStaff, Roles.PartnerAdmin));
        files.MapGet("/{number:int}/codes.csv", CsvAsync);
        files.MapGet("/{number:int}/qr-sheet.svg", SheetAsync);
        return app;
    }

    private static async Task<IResult> CsvAsync(int number, HttpContext http, ILoyaltyDbFactory dbs, PrintFiles printFiles, TimeProvider clock)
    {
        var batch = await AuthorizeAsync(number, http, dbs);
        if (batch is null) return TypedResults.NotFound();
        if (batch.Status == CodeBatchStatus.Generating) return TypedResults.Conflict("The batch is still being generated.");
        await AuditAsync(dbs, clock, http, batch, "codes.csv");
        var segments = printFiles.Segments(number);
        return TypedResults.Stream(async output =>
        {
            await output.WriteAsync(Encoding.UTF8.GetBytes(PrintFiles.CsvHeader + "\n"));
            foreach (var segment in segments)
            {
                await using var input = File.OpenRead(segment);
                await input.CopyToAsync(output);
            }
        }, "text/csv", $"batch-{number}-codes.csv");
    }

    private static async Task<IResult> SheetAsync(int number, HttpContext http, ILoyaltyDbFactory dbs, PrintFiles printFiles, TimeProvider clock)
    {
        var batch = await AuthorizeAsync(number, http, dbs);
        var path = printFiles.QrSheetPath(number);
        if (batch is null || !File.Exists(path)) return TypedResults.NotFound();
        await AuditAsync(dbs, clock, http, batch, "qr-sheet.svg");
        return TypedResults.PhysicalFile(path, "image/svg+xml", $"batch-{number}-qr-sheet.svg");
    }

    /// <summary>The batch if the caller may see it; another manufacturer's batch is "not found", not "forbidden".</summary>
    private static async Task<CodeBatch?> AuthorizeAsync(int number, HttpContext http, ILoyaltyDbFactory dbs)
    {
        await using var db = dbs.Create();
        var batch = await db.CodeBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Number == number);
        if (batch is null) return null;
        var user = http.User;
        if (user.IsInRole(Roles.OperatorAdmin) || user.IsInRole(Roles.OperatorStaff)) return batch;
        return user.PartnerId() == batch.PartnerId ? batch : null;
    }

    private static async Task AuditAsync(ILoyaltyDbFactory dbs, TimeProvider clock, HttpContext http, CodeBatch batch, string file)
    {
        await using var db = dbs.Create();
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "codes.downloaded", http.User.Identity?.Name,
            $"Batch {batch.Number} {file} downloaded from {http.Connection.RemoteIpAddress}", batch.PartnerId));
        await db.SaveChangesAsync();
    }
}
