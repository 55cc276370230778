using Loyalty.Core.Audit;
using Loyalty.Core.Campaigns;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Programs;
using Loyalty.Web.Account;
using Loyalty.Web.Analytics;
using Loyalty.Web.Components.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Campaigns;

/// <summary>
/// A campaign's results as Excel (decision 0160): <c>/files/campaigns/{id}/results.xlsx</c>, sheets "Results" (what it
/// gave), "A/B test" (arms, uplift and its 95 % interval) and "Points per day". The operator's console exports the
/// operator's own campaigns, a partner's admin or marketer only its partner's (another's id is a 404, like the page).
/// </summary>
public static class CampaignExportEndpoints
{
    public static IEndpointRouteBuilder MapCampaignExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/campaigns/{id:guid}/results.xlsx", ExportAsync)
            .RequireAuthorization(p => p.RequireRole(Roles.OperatorAdmin, Roles.OperatorStaff, Roles.PartnerAdmin, Roles.PartnerMarketer))
            .ExcludeFromDescription();
        return app;
    }

    public static string LinkFor(Guid id) => $"/files/campaigns/{id}/results.xlsx";

    private static async Task<IResult> ExportAsync(Guid id, HttpContext http, GetCampaignResults results, GetProgram program, IStringLocalizer<SharedResource> L,
        ILoyaltyDbFactory dbs, TimeProvider clock, CancellationToken ct)
    {
        var user = http.User;
        var isOperator = user.IsInRole(Roles.OperatorAdmin) || user.IsInRole(Roles.OperatorStaff);
        var owner = isOperator ? null : user.PartnerId();
        if (!isOperator && owner is null) return TypedResults.NotFound();
        var currency = owner is { } partner ? await PartnerCurrencyAsync(dbs, partner, ct) : (await program.HandleAsync(ct)).Settings.Currency;
        CampaignResults r;
        try
        {
            r = await results.HandleAsync(owner, id, currency, ct);
        }
        catch (DomainException e) when (e.Code == "campaign-not-found")
        {
            return TypedResults.NotFound();
        }
        await using (var db = dbs.Create())
        {
            db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "campaign.results-exported", user.Identity?.Name, $"Campaign {id} results", owner));
            await db.SaveChangesAsync(ct);
        }
        var subtitle = $"{CampaignLabels.Type(L, r.Type)} · {CampaignLabels.Status(L, r.Status)} · {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC";
        return TypedResults.File(AnalyticsWorkbook.Build([Summary(L, r, currency), Test(L, r), Daily(L, r)], r.Name + " · " + subtitle),
            Settlements.SettlementEndpoints.ContentType, $"campaign-results-{clock.GetUtcNow():yyyyMMdd}.xlsx");
    }

    private static async Task<string> PartnerCurrencyAsync(ILoyaltyDbFactory dbs, Guid partner, CancellationToken ct)
    {
        await using var db = dbs.Create();
        return await db.Partners.Where(p => p.Id == partner).Select(p => p.Currency).FirstOrDefaultAsync(ct) ?? "KZT";
    }

    public static AnalyticsTable Summary(IStringLocalizer L, CampaignResults r, string currency) => new("results", L["Results"],
        [new(L["Figure"], ColumnKind.Text), new(L["Result"], ColumnKind.Number)],
        [
            [L["Rewards"].Value, r.Rewards], [L["Members rewarded"].Value, r.Members], [L["Points given"].Value, r.PointsGiven],
            [L["Points taken back by refunds"].Value, r.PointsReversed], [L["Budget (points)"].Value, r.Budget is { } b ? b : L["no cap"].Value],
            [L["Budget used (points)"].Value, r.BudgetSpent], [L["Certificates issued"].Value, r.CertificatesIssued],
            [L["Certificates used"].Value, r.CertificatesRedeemed], [L["Certificate discount ({0})", currency].Value, r.CertificateDiscount],
        ]);

    /// <summary>Arms first, then the pooled uplift rows; percent columns hold fractions (0.25 = 25 %).</summary>
    public static AnalyticsTable Test(IStringLocalizer L, CampaignResults r)
    {
        var rows = r.Arms.Select(a => new object?[] { CampaignLabels.Variant(L, a.Variant), a.Members, a.Conversions, Math.Round((decimal)a.ConversionRate, 4),
            Math.Round((decimal)a.RevenuePerMember, 2), a.Revenue }).ToList();
        void Uplift(string label, Uplift? u, bool percent)
        {
            if (u is null) return;
            decimal V(double x) => Math.Round((decimal)x, percent ? 4 : 2);
            rows.Add([label, null, null, null, null, null, V(u.Difference), V(u.Low), V(u.High), u.Relative is { } rel ? Math.Round((decimal)rel, 4) : null,
                u.Significant ? L["yes"].Value : L["no"].Value]);
        }
        Uplift(L["Conversion uplift vs control"], r.ConversionUplift, true);
        Uplift(L["Revenue per member vs control"], r.RevenueUplift, false);
        if (r.Arms.Count == 0) rows.Add([r.TestNote ?? L["This campaign has no control group or variant B."].Value]);
        return new AnalyticsTable("ab", L["A/B test"],
            [new(L["Group"], ColumnKind.Text), new(L["Members"], ColumnKind.Count), new(L["Converted"], ColumnKind.Count), new(L["Conversion"], ColumnKind.Percent),
             new(L["Revenue per member"], ColumnKind.Number), new(L["Revenue"], ColumnKind.Number), new(L["Difference"], ColumnKind.Number),
             new(L["95 % CI low"], ColumnKind.Number), new(L["95 % CI high"], ColumnKind.Number), new(L["Relative uplift"], ColumnKind.Percent), new(L["Significant at 95 %"], ColumnKind.Text)],
            rows);
    }

    public static AnalyticsTable Daily(IStringLocalizer L, CampaignResults r) => new("daily", L["Points given per day"],
        [new(L["Day"], ColumnKind.Text), new(L["Points"], ColumnKind.Points)],
        r.Daily.Select(d => new object?[] { d.Day.ToString("yyyy-MM-dd"), d.Points }).ToList());
}
