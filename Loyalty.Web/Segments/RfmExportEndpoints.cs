using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Identity;
using Loyalty.Core.Segments;
using Loyalty.Web.Account;
using Loyalty.Web.Analytics;
using Loyalty.Web.Components.Segments;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Segments;

/// <summary>
/// The RFM screen's tables as Excel (decision 0160): <c>/files/rfm/segments.xlsx</c> (sizes now and their daily history),
/// <c>/files/rfm/moves.xlsx</c> (every move between segments over the last 90 days) and <c>/files/rfm/members.xlsx?segment=…</c>.
/// Operator staff pick the scope with <c>partner=</c> (none = the coalition); a partner's admin or marketer always gets
/// its own partner, whatever the link says. Downloads are audited.
/// </summary>
public static class RfmExportEndpoints
{
    public static readonly string[] Tables = ["segments", "moves", "members"];

    public static IEndpointRouteBuilder MapRfmExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/rfm/{table}.xlsx", ExportAsync)
            .RequireAuthorization(p => p.RequireRole(Roles.OperatorAdmin, Roles.OperatorStaff, Roles.PartnerAdmin, Roles.PartnerMarketer))
            .ExcludeFromDescription();
        return app;
    }

    public static string LinkFor(string table, Guid scope, RfmSegment? segment = null) =>
        $"/files/rfm/{table}.xlsx" + (scope == CustomerProfile.Coalition ? "?" : $"?partner={scope}&") + (segment is { } s ? $"segment={s}" : "");

    private static async Task<IResult> ExportAsync(string table, Guid? partner, RfmSegment? segment, HttpContext http, GetRfmOverview overview,
        ListRfmTransitions transitions, ExportSegmentMembers members, IStringLocalizer<SharedResource> L, ILoyaltyDbFactory dbs, TimeProvider clock, CancellationToken ct)
    {
        if (!Tables.Contains(table)) return TypedResults.NotFound();
        var user = http.User;
        var isOperator = user.IsInRole(Roles.OperatorAdmin) || user.IsInRole(Roles.OperatorStaff);
        Guid scope;
        if (isOperator) scope = partner ?? CustomerProfile.Coalition;
        else if (user.PartnerId() is { } own) scope = own;
        else return TypedResults.NotFound();
        if (table == "members" && segment is null) return TypedResults.BadRequest();

        var rfm = await overview.HandleAsync(scope, 90, ct);
        var currency = rfm.Currency;
        IReadOnlyList<AnalyticsTable> sheets = table switch
        {
            "segments" => [Sizes(L, rfm), History(L, rfm)],
            "moves" => [Moves(L, await transitions.HandleAsync(scope, clock.GetUtcNow().UtcDateTime.Date.AddDays(-90), ct))],
            _ => [await MembersAsync(L, members, scope, segment!.Value, currency, ct)],
        };

        await using (var db = dbs.Create())
        {
            db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "rfm.exported", user.Identity?.Name, $"RFM {table}{(segment is { } s ? " " + s : "")}",
                scope == CustomerProfile.Coalition ? null : scope));
            await db.SaveChangesAsync(ct);
        }
        var subtitle = (scope == CustomerProfile.Coalition ? L["Coalition"].Value : L["Partner {0}", scope].Value) +
                       (rfm.ScoredOn is { } day ? " · " + L["RFM scored on {0}", day.ToString("yyyy-MM-dd")] : "");
        return TypedResults.File(AnalyticsWorkbook.Build(sheets, subtitle), Settlements.SettlementEndpoints.ContentType,
            $"rfm-{table}{(segment is { } seg ? "-" + seg.ToString().ToLowerInvariant() : "")}-{clock.GetUtcNow():yyyyMMdd}.xlsx");
    }

    public static AnalyticsTable Sizes(IStringLocalizer L, RfmOverview rfm) => new("rfm-segments", L["RFM segment sizes"],
        [new(L["Segment"], ColumnKind.Text), new(L["Members"], ColumnKind.Count), new(L["Share"], ColumnKind.Percent), new(L["Change vs a month ago"], ColumnKind.Count),
         new(L["Average ticket"], ColumnKind.Money), new(L["Spend, 12 months"], ColumnKind.Money)],
        rfm.Segments.Select(c => new object?[] { SegmentLabels.Name(L, c.Segment), c.Customers, c.SharePercent / 100m, c.ChangeVsMonthAgo,
            Money.ToMajor(c.AverageTicket, rfm.Currency), Money.ToMajor(c.Spend365, rfm.Currency) }).ToList());

    /// <summary>One row per scoring day, one column per segment: the trend chart as numbers.</summary>
    public static AnalyticsTable History(IStringLocalizer L, RfmOverview rfm)
    {
        var columns = new List<AnalyticsColumn> { new(L["Day"], ColumnKind.Text) };
        columns.AddRange(RfmMap.All.Select(s => new AnalyticsColumn(SegmentLabels.Name(L, s), ColumnKind.Count)));
        return new AnalyticsTable("rfm-history", L["Segment sizes over time"], columns,
            rfm.Trend.Select(t => new object?[] { t.Day.ToString("yyyy-MM-dd") }.Concat(RfmMap.All.Select(s => (object?)t.Sizes.GetValueOrDefault(s))).ToArray()).ToList());
    }

    public static AnalyticsTable Moves(IStringLocalizer L, IReadOnlyList<RfmMoveOnDay> moves) => new("rfm-moves", L["Moves between segments"],
        [new(L["Day"], ColumnKind.Text), new(L["From"], ColumnKind.Text), new(L["To"], ColumnKind.Text), new(L["Members"], ColumnKind.Count)],
        moves.Select(m => new object?[] { m.Day.ToString("yyyy-MM-dd"), SegmentLabels.Name(L, m.From), SegmentLabels.Name(L, m.To), m.Customers }).ToList());

    private static async Task<AnalyticsTable> MembersAsync(IStringLocalizer L, ExportSegmentMembers members, Guid scope, RfmSegment segment, string currency, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        await foreach (var m in members.HandleAsync(scope, segment, ct))
            rows.Add([m.Name, m.LastPurchaseAt?.ToString("yyyy-MM-dd"), m.Purchases, Money.ToMajor(m.Spend, currency), Money.ToMajor(m.AverageTicket, currency), m.Recency, m.Frequency, m.Monetary]);
        if (rows.Count >= ExportSegmentMembers.MaxRows)
            rows.Add([L["Only the first {0} members are exported.", ExportSegmentMembers.MaxRows.ToString("N0")].Value]);
        return new AnalyticsTable("rfm-members", SegmentLabels.Name(L, segment),
            [new(L["Name"], ColumnKind.Text), new(L["Last purchase"], ColumnKind.Text), new(L["Purchases"], ColumnKind.Count), new(L["Spend"], ColumnKind.Money),
             new(L["Avg ticket"], ColumnKind.Money), new("R", ColumnKind.Count), new("F", ColumnKind.Count), new("M", ColumnKind.Count)], rows);
    }
}
