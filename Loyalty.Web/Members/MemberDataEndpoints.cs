using System.Text.Json;
using ClosedXML.Excel;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Data.Identity;
using Loyalty.Web.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Members;

/// <summary>
/// The member's own data: download it (JSON and Excel) and delete the account. Plain endpoints because a file
/// download and a sign-out both need the HTTP response, which an interactive page does not have.
/// </summary>
public static class MemberDataEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEndpointRouteBuilder MapMemberDataEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/me").RequireAuthorization(p => p.RequireRole(Roles.Customer));
        me.MapGet("/data.json", JsonAsync);
        me.MapGet("/data.xlsx", ExcelAsync);
        // A form post with the antiforgery token: a link on another site cannot delete anyone's account.
        me.MapPost("/account/delete", DeleteAsync);
        return app;
    }

    private static async Task<IResult> JsonAsync(HttpContext http, ExportMemberData export, CancellationToken ct)
    {
        if (http.User.CustomerId() is not { } id) return TypedResults.Forbid();
        var data = await export.HandleAsync(id, ct);
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(data, Json), "application/json", "onecard-my-data.json");
    }

    private static async Task<IResult> ExcelAsync(HttpContext http, ExportMemberData export, CancellationToken ct)
    {
        if (http.User.CustomerId() is not { } id) return TypedResults.Forbid();
        var data = await export.HandleAsync(id, ct);
        using var book = new XLWorkbook();
        var profile = book.AddWorksheet("Profile");
        var p = data.Profile;
        object?[][] fields =
        [
            ["Member id", p.Id.ToString()], ["Phone", p.Phone], ["First name", p.FirstName], ["Last name", p.LastName], ["E-mail", p.Email],
            ["Date of birth", p.BirthDate?.ToString("yyyy-MM-dd")], ["Gender", p.Gender], ["City", p.City], ["Language", p.Language],
            ["Registered (UTC)", p.RegisteredAt], ["Source", p.Source], ["E-mail consent (UTC)", p.EmailConsentAt], ["SMS consent (UTC)", p.SmsConsentAt],
            ["Points balance", p.MainBalance], ["Promo points", p.PromoBalance], ["Exported (UTC)", data.ExportedAt],
        ];
        for (var i = 0; i < fields.Length; i++)
        {
            profile.Cell(i + 1, 1).Value = (string)fields[i][0]!;
            profile.Cell(i + 1, 2).Value = Core.Common.SpreadsheetText.Safe(fields[i][1]?.ToString());
        }
        profile.Column(1).Width = 24;
        profile.Column(2).Width = 40;
        Sheet(book, "Points history", ["When (UTC)", "Kind", "Description", "Points", "Promo points"],
            data.Transfers.Select(t => new object?[] { t.OccurredAt, t.Reason, t.Description, t.Main, t.Promo }), [20, 12, 60, 12, 12]);
        Sheet(book, "Purchases", ["When (UTC)", "Partner", "Receipt", "Amount", "Currency", "Earned", "Spent"],
            data.Purchases.Select(x => new object?[] { x.OccurredAt, x.Partner, x.ReceiptNumber, x.Amount, x.Currency, x.Earned, x.Redeemed }), [20, 28, 16, 12, 10, 10, 10]);
        Sheet(book, "Cards", ["Number", "Status", "Linked (UTC)"], data.Cards.Select(c => new object?[] { c.Number, c.Status.ToString(), c.LinkedAt }), [20, 12, 20]);
        Sheet(book, "Reviews", ["When (UTC)", "Partner", "Rating", "Text", "Reply"],
            data.Reviews.Select(r => new object?[] { r.CreatedAt, r.Partner, r.Rating, r.Text, r.Reply }), [20, 28, 8, 60, 60]);
        Sheet(book, "Following", ["Partner", "Since (UTC)"], data.Subscriptions.Select(s => new object?[] { s.Partner, s.SubscribedAt }), [28, 20]);
        using var stream = new MemoryStream();
        Exports.SafeWorkbook.Save(book, stream);
        return TypedResults.File(stream.ToArray(), Settlements.SettlementEndpoints.ContentType, "onecard-my-data.xlsx");
    }

    // Column widths are set by hand: ClosedXML's AdjustToContents needs GDI+, which Linux lacks.
    private static void Sheet(XLWorkbook book, string name, string[] headers, IEnumerable<object?[]> rows, int[] widths)
    {
        var sheet = book.AddWorksheet(name);
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = headers[c];
            sheet.Cell(1, c + 1).Style.Font.Bold = true;
            sheet.Column(c + 1).Width = widths[c];
        }
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++) sheet.Cell(r, c + 1).Value = row[c] is string text ? Core.Common.SpreadsheetText.Safe(text) : row[c] ?? "";
            r++;
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, DeleteMemberAccount delete, UserManager<AppUser> users, SignInManager<AppUser> signIn, CancellationToken ct)
    {
        if (http.User.CustomerId() is not { } id) return TypedResults.Forbid();
        var form = await http.Request.ReadFormAsync(ct);
        if (form["confirm"] != "yes") return TypedResults.LocalRedirect("~/me/profile");
        await delete.HandleAsync(id, ct);
        // The sign-in identity goes too: the phone number must be free to register again as a new member.
        var user = await users.Users.FirstOrDefaultAsync(u => u.CustomerId == id, ct);
        if (user is not null) await users.DeleteAsync(user);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("~/?account=deleted");
    }
}
