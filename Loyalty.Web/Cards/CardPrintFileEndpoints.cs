using System.IO.Compression;
using System.Text;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Web.Infrastructure;
using QRCoder;

namespace Loyalty.Web.Cards;

/// <summary>
/// A card batch's print files for the card printer (0093, 0170), produced on demand from the database and streamed, so
/// a 500,000-card batch costs the server one row and one sheet at a time:
/// <list type="bullet">
/// <item><c>cards.csv</c> — the variable-data file: number, number as printed, sheet and position on the sheet;</item>
/// <item><c>sheets.zip?codes=both|code128|qr</c> — A4 sheets of ten cards at true size (<see cref="CardSheet"/>), one SVG per sheet;</item>
/// <item><c>sheet.svg?codes=…&amp;sheet=N</c> — one sheet, the proof the printer signs off before the run.</item>
/// </list>
/// Operator staff only; anybody else gets a 401/403 ProblemDetails, not a sign-in page saved as "cards.csv". Every
/// download is audited (<c>cards.downloaded</c>: who, which file of which batch, from where).
/// </summary>
public static class CardPrintFileEndpoints
{
    public const string BasePath = "/files/cards";

    public static IEndpointRouteBuilder MapCardPrintFileEndpoints(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup(BasePath).RequireAuthorization(p => p.RequireRole(Roles.OperatorAdmin, Roles.OperatorStaff));
        files.MapGet("/{batchId:guid}/cards.csv", CsvAsync);
        files.MapGet("/{batchId:guid}/sheets.zip", ZipAsync);
        files.MapGet("/{batchId:guid}/sheet.svg", SheetAsync);
        return app;
    }

    public static string Printed(string number) => string.Join(" ", Enumerable.Range(0, number.Length / 4).Select(i => number.Substring(i * 4, 4)));

    public static string CsvUrl(Guid batchId) => $"{BasePath}/{batchId}/cards.csv";
    public static string ZipUrl(Guid batchId, CardCodes codes) => $"{BasePath}/{batchId}/sheets.zip?codes={codes.ToString().ToLowerInvariant()}";
    public static string SheetUrl(Guid batchId, CardCodes codes, int sheet = 1) => $"{BasePath}/{batchId}/sheet.svg?codes={codes.ToString().ToLowerInvariant()}&sheet={sheet}";

    private static async Task<IResult> CsvAsync(Guid batchId, HttpContext http, ListCards list, ILoyaltyDbFactory dbs, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(list, batchId, ct) is not { } batch) return NotFound();
        await AuditAsync(dbs, clock, http, batch, "cards.csv", ct);
        return TypedResults.Stream(async output =>
        {
            await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 64 * 1024);
            await writer.WriteAsync("number,printed,sheet,position\n");
            var i = 0;
            await foreach (var number in list.NumbersAsync(batch, ct: ct))
            {
                await writer.WriteAsync($"{number},{Printed(number)},{i / CardSheet.CardsPerSheet + 1},{i % CardSheet.CardsPerSheet + 1}\n");
                i++;
            }
        }, "text/csv", $"cards-{batch.FirstNumber}.csv");
    }

    private static async Task<IResult> ZipAsync(Guid batchId, string? codes, HttpContext http, ListCards list, ILoyaltyDbFactory dbs, TimeProvider clock, CancellationToken ct)
    {
        if (!CardSheet.TryParseCodes(codes, out var kind)) return BadCodes();
        if (await FindAsync(list, batchId, ct) is not { } batch) return NotFound();
        await AuditAsync(dbs, clock, http, batch, $"sheets.zip ({kind})", ct);
        var sheets = CardSheet.Sheets(batch.Count);
        return TypedResults.Stream(async output =>
        {
            // Entries are written one at a time straight into the response: the archive never exists whole anywhere.
            var body = new DrainingStream(output);
            await using (var zip = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct))
            {
                using var qr = new QRCodeGenerator();
                var page = new List<string>(CardSheet.CardsPerSheet);
                var sheet = 0;
                await foreach (var number in list.NumbersAsync(batch, ct: ct))
                {
                    page.Add(number);
                    if (page.Count < CardSheet.CardsPerSheet) continue;
                    await WriteSheetAsync(zip, batch, page, kind, ++sheet, sheets, qr, ct);
                    await body.DrainAsync(ct);
                }
                if (page.Count > 0) await WriteSheetAsync(zip, batch, page, kind, ++sheet, sheets, qr, ct);
            }
            await body.DrainAsync(ct);
        }, "application/zip", $"cards-{batch.FirstNumber}-sheets.zip");
    }

    private static async Task WriteSheetAsync(ZipArchive zip, CardBatch batch, List<string> page, CardCodes kind, int sheet, int sheets, QRCodeGenerator qr, CancellationToken ct)
    {
        var entry = zip.CreateEntry($"sheet-{sheet:D6}-{page[0]}.svg", CompressionLevel.Fastest);
        await using (var stream = await entry.OpenAsync(ct))
            await stream.WriteAsync(Encoding.UTF8.GetBytes(CardSheet.Render(batch.Name, page, kind, sheet, sheets, qr)), ct);
        page.Clear();
    }

    private static async Task<IResult> SheetAsync(Guid batchId, string? codes, int? sheet, HttpContext http, ListCards list, ILoyaltyDbFactory dbs, TimeProvider clock, CancellationToken ct)
    {
        if (!CardSheet.TryParseCodes(codes, out var kind)) return BadCodes();
        if (await FindAsync(list, batchId, ct) is not { } batch) return NotFound();
        var sheets = CardSheet.Sheets(batch.Count);
        var number = sheet ?? 1;
        if (number < 1 || number > sheets)
            return Problem(404, "no-such-sheet", $"This batch prints on sheets 1 to {sheets:N0}.");
        var numbers = await list.NumbersAsync(batch, (number - 1) * CardSheet.CardsPerSheet, CardSheet.CardsPerSheet, ct).ToListAsync(ct);
        await AuditAsync(dbs, clock, http, batch, $"sheet {number} of {sheets} ({kind})", ct);
        using var qr = new QRCodeGenerator();
        var svg = CardSheet.Render(batch.Name, numbers, kind, number, sheets, qr);
        return TypedResults.File(Encoding.UTF8.GetBytes(svg), "image/svg+xml", $"cards-{batch.FirstNumber}-sheet-{number}.svg");
    }

    private static async Task<CardBatch?> FindAsync(ListCards list, Guid batchId, CancellationToken ct)
    {
        try
        {
            return await list.BatchAsync(batchId, ct);
        }
        catch (DomainException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static IResult NotFound() => Problem(404, "batch-not-found", "No such card batch.");

    private static IResult BadCodes() => Problem(400, "bad-codes", "Choose the codes to print: both, code128 or qr.");

    private static IResult Problem(int status, string code, string title) =>
        TypedResults.Problem(title: title, statusCode: status, type: ApiExceptionHandler.TypeBase + code);

    private static async Task AuditAsync(ILoyaltyDbFactory dbs, TimeProvider clock, HttpContext http, CardBatch batch, string file, CancellationToken ct)
    {
        await using var db = dbs.Create();
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "cards.downloaded", http.User.Identity?.Name,
            $"{file} of card batch {batch.Name} ({batch.Count:N0} cards, {batch.FirstNumber} … {batch.LastNumber}) from {http.Connection.RemoteIpAddress}"));
        await db.SaveChangesAsync(ct);
    }
}
