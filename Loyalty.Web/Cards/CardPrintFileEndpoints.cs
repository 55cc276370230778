using System.Text;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Web.PromoCodes;

namespace Loyalty.Web.Cards;

/// <summary>
/// A card batch's print files for the card printer: CSV (number, number as printed) and, for runs that fit on sheets, an
/// SVG of QR tiles with the number under each (the same renderer as promo-code sheets). Operator staff only; every
/// download is audited like promo-code print files.
/// </summary>
public static class CardPrintFileEndpoints
{
    public const int MaxSheetCards = 2_000;

    public static IEndpointRouteBuilder MapCardPrintFileEndpoints(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/files/cards").RequireAuthorization(p => p.RequireRole(Roles.OperatorAdmin, Roles.OperatorStaff));
        files.MapGet("/{batchId:guid}/cards.csv", CsvAsync);
        files.MapGet("/{batchId:guid}/qr-sheet.svg", SheetAsync);
        return app;
    }

    public static string Printed(string number) => string.Join(" ", Enumerable.Range(0, number.Length / 4).Select(i => number.Substring(i * 4, 4)));

    private static async Task<IResult> CsvAsync(Guid batchId, HttpContext http, ListCards list, ILoyaltyDbFactory dbs, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var (batch, numbers) = await list.PrintRunAsync(batchId, ct);
            var csv = new StringBuilder("number,printed\n");
            foreach (var n in numbers) csv.Append(Core.Common.CsvText.Row(n, Printed(n))).Append('\n');
            await AuditAsync(dbs, clock, http, batch, "cards.csv", ct);
            return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"cards-{batch.FirstNumber}.csv");
        }
        catch (DomainException e) when (e.Status == 404)
        {
            return TypedResults.NotFound();
        }
    }

    private static async Task<IResult> SheetAsync(Guid batchId, HttpContext http, ListCards list, ILoyaltyDbFactory dbs, TimeProvider clock, CancellationToken ct)
    {
        try
        {
            var (batch, numbers) = await list.PrintRunAsync(batchId, ct);
            if (numbers.Count > MaxSheetCards) return TypedResults.NotFound();
            var svg = QrSheet.Render(numbers.Select(n => (Printed(n), n)).ToList());
            await AuditAsync(dbs, clock, http, batch, "qr-sheet.svg", ct);
            return TypedResults.File(Encoding.UTF8.GetBytes(svg), "image/svg+xml", $"cards-{batch.FirstNumber}.svg");
        }
        catch (DomainException e) when (e.Status == 404)
        {
            return TypedResults.NotFound();
        }
    }

    private static async Task AuditAsync(ILoyaltyDbFactory dbs, TimeProvider clock, HttpContext http, CardBatch batch, string file, CancellationToken ct)
    {
        await using var db = dbs.Create();
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "cards.downloaded", http.User.Identity?.Name,
            $"{file} of card batch {batch.Name} ({batch.Count:N0} cards) from {http.Connection.RemoteIpAddress}"));
        await db.SaveChangesAsync(ct);
    }
}
