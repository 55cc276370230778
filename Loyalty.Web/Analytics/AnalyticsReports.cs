using Loyalty.Core.Analytics;
using Loyalty.Core.Common;
using Loyalty.Core.Segments;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Analytics;

/// <summary>Turns the Core analytics results into the tables the screens show and the Excel files carry.</summary>
public sealed class AnalyticsReports(GetSalesAnalytics sales, GetLtvBySegment ltv, GetCohortRetention cohorts, GetProgramEffectiveness effectiveness,
    Core.Referrals.GetReferralTotals referrals, GetStaffPerformance staff, IStringLocalizer<SharedResource> L)
{
    public static readonly string[] Keys = ["effectiveness", "sales", "stores", "categories", "tills", "staff", "ltv", "cohorts", "referrals"];

    /// <summary>
    /// The tables each use case answers, one part per call: the page asks for every part at once and shows each as it
    /// arrives (cohorts over a year take seconds, the effectiveness figures a fraction of that), and an export computes
    /// only the part its table is in.
    /// </summary>
    public static readonly string[][] Parts = [["effectiveness"], ["sales", "stores", "categories", "tills"], ["staff"], ["ltv"], ["cohorts"], ["referrals"]];

    /// <summary>
    /// The parts a new period changes: LTV reads the profiles and the cohorts the twelve months up to today, neither has a
    /// period, so the page keeps them (a year's page was 0.56 s with all six parts, LTV alone 0.14–0.28 s, 0230).
    /// </summary>
    public static readonly string[] PeriodParts = ["effectiveness", "sales", "staff", "referrals"];

    /// <summary>The part a new granularity changes: only sales by period has buckets.</summary>
    public static readonly string[] GranularityParts = ["sales"];

    /// <summary>The tables of the part <paramref name="key"/> is in (any of its keys names the part); none for an unknown key.</summary>
    public async Task<IReadOnlyList<AnalyticsTable>> PartAsync(string key, AnalyticsQuery query, string currency, CancellationToken ct = default)
    {
        switch (Parts.FirstOrDefault(part => part.Contains(key))?[0])
        {
            case "effectiveness":
                return [Effectiveness(await effectiveness.HandleAsync(query, currency, ct), currency)];
            case "sales":
                var s = await sales.HandleAsync(query, ct);
                return [Sales(s, query.Granularity, currency), ByKey("stores", L["Store"], s.ByStore, currency),
                    ByKey("categories", L["Category"], s.ByCategory, currency), ByKey("tills", L["Till"], s.ByTill, currency)];
            case "staff":
                return [Staff(await staff.HandleAsync(query, ct), query.PartnerId is null, currency)];
            case "ltv":
                return [Ltv(await ltv.HandleAsync(query.PartnerId, ct), currency)];
            case "cohorts":
                return [Cohorts(await cohorts.HandleAsync(query.PartnerId, query.To.AddTicks(-1), ct))];
            case "referrals":
                return [Referrals(await referrals.HandleAsync(query.PartnerId, query.From, query.To, ct), currency)];
            default:
                return [];
        }
    }

    /// <summary>A table's title, also for saying which one could not be computed.</summary>
    public string TitleOf(string key, Granularity granularity = Granularity.Day) => key switch
    {
        "effectiveness" => L["Program effectiveness"],
        "sales" => granularity switch { Granularity.Week => L["Sales by week"], Granularity.Month => L["Sales by month"], _ => L["Sales by day"] },
        "stores" => L["Sales by store"],
        "categories" => L["Sales by category"],
        "tills" => L["Sales by till"],
        "staff" => L["Staff performance"],
        "ltv" => L["Lifetime value by RFM segment (nightly)"],
        "cohorts" => L["Cohort retention"],
        "referrals" => L["Referral totals"],
        _ => key,
    };

    public async Task<IReadOnlyList<AnalyticsTable>> AllAsync(AnalyticsQuery query, string currency, CancellationToken ct = default)
    {
        var result = new List<AnalyticsTable>();
        foreach (var part in Parts) result.AddRange(await PartAsync(part[0], query, currency, ct));
        return result;
    }

    public async Task<AnalyticsTable?> OneAsync(string key, AnalyticsQuery query, string currency, CancellationToken ct = default) =>
        (await PartAsync(key, query, currency, ct)).FirstOrDefault(t => t.Key == key);

    public AnalyticsTable Effectiveness(ProgramEffectiveness e, string currency)
    {
        var na = L["not recorded yet"].Value;
        object? Money(long minor) => new KindedCell(Core.Common.Money.ToMajor(minor, currency), ColumnKind.Money);
        object Count(long n) => new KindedCell(n, ColumnKind.Count);
        object Percent(double fraction) => new KindedCell(Pct(fraction), ColumnKind.Percent);
        object Points(long hundredths) => new KindedCell(PointValue.ToDecimal(hundredths), ColumnKind.Points);
        var rows = new List<object?[]>
        {
            new object?[] { L["Members"].Value, Count(e.Members) },
            new object?[] { L["Active members (bought in the period)"].Value, Count(e.ActiveMembers) },
            new object?[] { L["New members"].Value, Count(e.NewMembers) },
            new object?[] { L["Purchases"].Value, Count(e.Purchases) },
            new object?[] { L["Revenue"].Value, Money(e.Revenue) },
            new object?[] { L["Average ticket"].Value, Money(e.AverageTicket) },
            new object?[] { L["Visits per active member"].Value, Math.Round((decimal)e.VisitsPerActive, 2) },
            new object?[] { L["Repeat rate (2+ purchases)"].Value, Percent(e.RepeatRate) },
            new object?[] { L["Churn (active before, not now)"].Value, Percent(e.ChurnRate) },
            new object?[] { L["Lines per receipt"].Value, Math.Round((decimal)e.AverageLines, 2) },
            new object?[] { L["Points earned"].Value, Points(e.PointsEarned) },
            new object?[] { L["Points redeemed"].Value, Points(e.PointsRedeemed) },
            new object?[] { L["Effective discount rate (redeemed ÷ revenue)"].Value, Percent(e.EffectiveDiscountRate) },
            new object?[] { L["Program cost (points, discounts, referrals)"].Value, Money(e.ProgramCost) },
            new object?[] { L["Repeat revenue"].Value, Money(e.RepeatRevenue) },
            new object?[] { L["Program ROI ((repeat revenue − cost) ÷ cost)"].Value, e.Roi is { } roi ? Percent(roi) : na },
            new object?[] { L["Revenue from referred members"].Value, Money(e.ReferralRevenue) },
            new object?[] { L["Referral rewards"].Value, Points(e.ReferralPoints) },
            new object?[] { L["Share of purchases with a card"].Value, e.CardShare is { } share ? Percent(share) : na },
            new object?[] { L["Average ticket without a card"].Value, e.NonMemberAverageTicket is { } t ? Money(t) : na },
            new object?[] { L["Offer conversion"].Value, e.OfferConversion is { } c ? Percent(c) : na },
            new object?[] { L["Revenue from certificates"].Value, e.CertificateRevenue is { } r ? Money(r) : na },
        };
        return new AnalyticsTable("effectiveness", TitleOf("effectiveness"), [new(L["Figure"], ColumnKind.Text), new(L["Value for the period"], ColumnKind.Number)], rows);
    }

    public AnalyticsTable Sales(SalesAnalytics s, Granularity granularity, string currency) => new("sales", TitleOf("sales", granularity),
        [new(L["Period"], ColumnKind.Text), new(L["Purchases"], ColumnKind.Count), new(L["Revenue"], ColumnKind.Money), new(L["Buyers"], ColumnKind.Count), new(L["Average ticket"], ColumnKind.Money)],
        s.ByPeriod.Select(p => new object?[] { p.Period, p.Purchases, Money.ToMajor(p.Revenue, currency), p.Buyers, Money.ToMajor(p.AverageTicket, currency) }).ToList());

    public AnalyticsTable ByKey(string key, string name, IReadOnlyList<SalesByKey> rows, string currency) => new(key, TitleOf(key),
        [new(name, ColumnKind.Text), new(L["Purchases"], ColumnKind.Count), new(L["Revenue"], ColumnKind.Money), new(L["Average ticket"], ColumnKind.Money), new(L["Share"], ColumnKind.Percent)],
        rows.Select(r => new object?[] { r.Name, r.Purchases, Money.ToMajor(r.Revenue, currency), Money.ToMajor(r.AverageTicket, currency), Pct(r.Share) }).ToList());

    /// <summary>Per cashier; the coalition view names the partner too, since cashier references are a partner's own.</summary>
    public AnalyticsTable Staff(IReadOnlyList<StaffRow> rows, bool withPartner, string currency)
    {
        var columns = new List<AnalyticsColumn>();
        if (withPartner) columns.Add(new(L["Partner"], ColumnKind.Text));
        columns.AddRange([new(L["Cashier"], ColumnKind.Text), new(L["Receipts served"], ColumnKind.Count), new(L["With a card"], ColumnKind.Count),
            new(L["Without a card"], ColumnKind.Count), new(L["Share with a card"], ColumnKind.Percent), new(L["Average ticket, members"], ColumnKind.Money),
            new(L["Average ticket, without a card"], ColumnKind.Money), new(L["Reviews"], ColumnKind.Count), new(L["Average rating"], ColumnKind.Number)]);
        return new AnalyticsTable("staff", TitleOf("staff"), columns, rows.Select(r =>
        {
            var cells = new List<object?>();
            if (withPartner) cells.Add(r.Partner ?? "—");
            cells.AddRange([r.Cashier ?? L["(cashier not recorded)"].Value, r.Served, r.CardPurchases, r.CardlessReceipts,
                r.CardShare is { } share ? Pct(share) : null, r.MemberTicket is { } m ? Money.ToMajor(m, currency) : null,
                r.CardlessTicket is { } t ? Money.ToMajor(t, currency) : null, r.Reviews, r.AverageRating is { } a ? Math.Round((decimal)a, 2) : null]);
            return cells.ToArray();
        }).ToList());
    }

    public AnalyticsTable Ltv(IReadOnlyList<SegmentValue> rows, string currency) => new("ltv", TitleOf("ltv"),
        [new(L["Segment"], ColumnKind.Text), new(L["Members"], ColumnKind.Count), new(L["Average LTV"], ColumnKind.Money), new(L["Purchases per member"], ColumnKind.Number), new(L["Average ticket"], ColumnKind.Money), new(L["Spend, 12 months"], ColumnKind.Money)],
        rows.Select(r => new object?[] { Components.Segments.SegmentLabels.Name(L, r.Segment), r.Members, Money.ToMajor(r.AverageLtv, currency), Math.Round((decimal)r.AveragePurchases, 2), Money.ToMajor(r.AverageTicket, currency), Money.ToMajor(r.Spend365, currency) }).ToList());

    public AnalyticsTable Cohorts(IReadOnlyList<Cohort> cohorts)
    {
        var width = cohorts.Count == 0 ? 1 : cohorts.Max(c => c.Retention.Count);
        var columns = new List<AnalyticsColumn> { new(L["First purchase"], ColumnKind.Text), new(L["Members"], ColumnKind.Count) };
        columns.AddRange(Enumerable.Range(0, width).Select(k => new AnalyticsColumn(L["Month {0}", k], ColumnKind.Percent)));
        return new AnalyticsTable("cohorts", TitleOf("cohorts"), columns,
            cohorts.Select(c => new object?[] { c.Month.ToString("yyyy-MM") as object, c.Members }.Concat(c.Retention.Select(r => (object?)Pct(r))).ToArray()).ToList());
    }

    /// <summary>Referral totals per level with a total row; friends and referrers are not summed (one member can be on two levels).</summary>
    public AnalyticsTable Referrals(IReadOnlyList<Core.Referrals.ReferralLevelTotals> levels, string currency)
    {
        var rows = levels.Select(r => new object?[] { L["Level {0}", r.Level].Value, r.Rewards, r.Friends, r.Referrers, Money.ToMajor(r.FriendsRevenue, currency),
            PointValue.ToDecimal(r.PointsPaid), PointValue.ToDecimal(r.PointsReversed), PointValue.ToDecimal(r.Unrecovered) }).ToList();
        if (levels.Count > 1)
            rows.Add([L["All levels"].Value, levels.Sum(r => r.Rewards), null, null, Money.ToMajor(levels.Sum(r => r.FriendsRevenue), currency),
                PointValue.ToDecimal(levels.Sum(r => r.PointsPaid)), PointValue.ToDecimal(levels.Sum(r => r.PointsReversed)), PointValue.ToDecimal(levels.Sum(r => r.Unrecovered))]);
        return new AnalyticsTable("referrals", TitleOf("referrals"),
            [new(L["Level"], ColumnKind.Text), new(L["Rewards"], ColumnKind.Count), new(L["Friends who bought"], ColumnKind.Count), new(L["Referrers paid"], ColumnKind.Count),
             new(L["Friends' revenue"], ColumnKind.Money), new(L["Points paid"], ColumnKind.Points), new(L["Taken back by refunds"], ColumnKind.Points), new(L["Written off"], ColumnKind.Points)],
            rows);
    }

    private static decimal Pct(double fraction) => Math.Round((decimal)fraction, 4);
}
