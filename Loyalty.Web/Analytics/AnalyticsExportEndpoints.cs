using Loyalty.Core.Analytics;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Programs;
using Loyalty.Web.Account;

namespace Loyalty.Web.Analytics;

/// <summary>
/// Every analytics table as Excel: <c>/files/analytics/{table}.xlsx?from=…&amp;to=…&amp;granularity=…[&amp;partner=…]</c>. Operator
/// staff choose the scope (none = the coalition); a partner's admin or marketer always gets its own partner, whatever the
/// link says. Downloads are audited.
/// </summary>
public static class AnalyticsExportEndpoints
{
    public static IEndpointRouteBuilder MapAnalyticsExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/analytics/{table}.xlsx", ExportAsync)
            .RequireAuthorization(p => p.RequireRole(Roles.OperatorAdmin, Roles.OperatorStaff, Roles.PartnerAdmin, Roles.PartnerMarketer))
            .ExcludeFromDescription();
        return app;
    }

    public static string LinkFor(string table, AnalyticsQuery query) =>
        $"/files/analytics/{table}.xlsx?from={query.From:yyyy-MM-dd}&to={query.To:yyyy-MM-dd}&granularity={query.Granularity}" +
        (query.PartnerId is { } p ? $"&partner={p}" : "");

    private static async Task<IResult> ExportAsync(string table, DateOnly from, DateOnly to, Granularity? granularity, Guid? partner,
        HttpContext http, AnalyticsReports reports, GetProgram program, ILoyaltyDbFactory dbs, TimeProvider clock, CancellationToken ct)
    {
        var user = http.User;
        var isOperator = user.IsInRole(Roles.OperatorAdmin) || user.IsInRole(Roles.OperatorStaff);
        var scope = isOperator ? partner : user.PartnerId();
        if (!isOperator && scope is null) return TypedResults.NotFound();
        var query = new AnalyticsQuery(scope, from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), granularity ?? Granularity.Day);
        var currency = (await program.HandleAsync(ct)).Settings.Currency;
        var result = await reports.OneAsync(table, query, currency, ct);
        if (result is null) return TypedResults.NotFound();

        await using (var db = dbs.Create())
        {
            db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "analytics.exported", user.Identity?.Name, $"{table} {from:yyyy-MM-dd}..{to:yyyy-MM-dd}", scope));
            await db.SaveChangesAsync(ct);
        }
        var subtitle = $"{(scope is null ? "Coalition" : "Partner " + scope)} · {from:yyyy-MM-dd} — {to.AddDays(-1):yyyy-MM-dd} (UTC)";
        return TypedResults.File(AnalyticsWorkbook.Build(result, subtitle), Settlements.SettlementEndpoints.ContentType, $"{table}-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx");
    }
}
