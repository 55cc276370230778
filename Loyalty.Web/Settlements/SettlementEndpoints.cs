using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Settlements;
using Loyalty.Web.Account;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Settlements;

/// <summary>
/// The Excel statement: operator staff for any partner, a partner's admin for its own only (anyone else's is "not
/// found"). Downloads are audited, like every file that carries a partner's money.
/// </summary>
public static class SettlementEndpoints
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapSettlementEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/settlements/{id:guid}/statement.xlsx", StatementAsync)
            .RequireAuthorization(p => p.RequireRole(Roles.OperatorAdmin, Roles.OperatorStaff, Roles.PartnerAdmin));
        return app;
    }

    private static async Task<IResult> StatementAsync(Guid id, HttpContext http, GetSettlementStatement get, ILoyaltyDbFactory dbs,
        TimeProvider clock, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        var user = http.User;
        var isOperator = user.IsInRole(Roles.OperatorAdmin) || user.IsInRole(Roles.OperatorStaff);
        var scope = isOperator ? null : user.PartnerId();
        if (!isOperator && scope is null) return TypedResults.NotFound();
        SettlementStatement statement;
        try
        {
            statement = await get.HandleAsync(id, scope, ct);
        }
        catch (DomainException e) when (e.Status == 404)
        {
            return TypedResults.NotFound();
        }
        await using (var db = dbs.Create())
        {
            db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "settlement.statement-downloaded", user.Identity?.Name,
                $"{statement.PartnerName} {SettlementPeriod.Of(statement.Settlement.PeriodStart)} from {http.Connection.RemoteIpAddress}",
                statement.Settlement.PartnerId));
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.File(SettlementWorkbook.Build(statement, L), ContentType, SettlementWorkbook.FileName(statement));
    }
}
