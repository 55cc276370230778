using ClosedXML.Excel;
using Loyalty.Core.Analytics;
using Loyalty.Core.Campaigns;
using Loyalty.Core.Referrals;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Analytics;

namespace Loyalty.Tests.Analytics;

public class AnalyticsTests : ScenarioTest
{
    private AnalyticsQuery Last30(Guid? partner = null, Granularity granularity = Granularity.Day)
    {
        var to = Database.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1);
        return new AnalyticsQuery(partner, to.AddDays(-30), to, granularity);
    }

    [Fact]
    public async Task Effectiveness_CountsMembersRepeatsChurnAndTheCostOfPoints_InTheDatabase()
    {
        var a = await Scenario.RegisterAsync("+77015550001", "Aru");
        var b = await Scenario.RegisterAsync("+77015550002", "Bek");
        var code = (await Database.Get<GetMyReferrals>().HandleAsync(a.Id)).Code;
        await Database.Get<JoinByReferral>().HandleAsync(b.Id, code, null);
        await Scenario.BuyAsync(a.Id, 1_000m);
        Database.Clock.Advance(TimeSpan.FromHours(1));
        await Scenario.BuyAsync(a.Id, 3_000m, redeem: 200m);
        await Scenario.BuyAsync(b.Id, 2_000m);
        await Database.Get<ProcessReferralRewards>().HandleAsync();

        var e = await Database.Get<GetProgramEffectiveness>().HandleAsync(Last30(Scenario.Partner.Id), "KZT");

        Assert.Equal((2, 2, 2, 3), (e.Members, e.ActiveMembers, e.NewMembers, e.Purchases));
        Assert.Equal(6_000_00, e.Revenue);
        Assert.Equal(2_000_00, e.AverageTicket);
        Assert.Equal(0.5, e.RepeatRate);
        Assert.Equal(200_00.0 / 6_000_00, e.EffectiveDiscountRate, 6);
        Assert.Equal((2_000_00L, 1), (e.ReferralRevenue, e.ReferredBuyers));
        Assert.Equal(60_00, e.ReferralPoints); // 3 % of Bek's 2,000
        Assert.Equal(3_000_00, e.RepeatRevenue); // Aru's second purchase
        // Cost: 5 % of 1,000 + 5 % of 2,800 + 5 % of 2,000 = 290 points, plus 60 referral points.
        Assert.Equal(350_00, e.ProgramCost);
        Assert.Null(e.CardShare);
    }

    [Fact]
    public async Task Effectiveness_OfferConversion_IsTheShareOfOffersFollowedByAPurchaseWithin14Days()
    {
        var id = await Database.Get<SaveCampaign>().HandleAsync(null, null, new CampaignForm("Welcome", null, CampaignType.Welcome,
            Database.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1), null, RewardKind.FixedPoints, 100m));
        await Database.Get<ChangeCampaignStatus>().HandleAsync(null, id, CampaignAction.Launch);
        var buyer = await Scenario.RegisterAsync("+77015550001");
        var late = await Scenario.RegisterAsync("+77015550002");
        await Scenario.RegisterAsync("+77015550003");
        Assert.Equal(3, (await Database.Get<RunCampaignTriggers>().HandleAsync()).Rewarded);
        Database.Clock.Advance(TimeSpan.FromDays(2));
        await Scenario.BuyAsync(buyer.Id, 1_000m);
        Database.Clock.Advance(TimeSpan.FromDays(GetProgramEffectiveness.OfferConversionDays));
        await Scenario.BuyAsync(late.Id, 1_000m); // too late to count

        var e = await Database.Get<GetProgramEffectiveness>().HandleAsync(Last30(), "KZT");

        Assert.Equal(1.0 / 3, e.OfferConversion!.Value, 6);
        Assert.Equal(0, e.CertificateRevenue);
    }

    [Fact]
    public async Task Sales_ArePerPeriodStoreAndTill_AndAnotherPartnerSeesNone()
    {
        var a = await Scenario.RegisterAsync("+77015550001", "Aru");
        await Scenario.BuyAsync(a.Id, 1_000m);
        Database.Clock.Advance(TimeSpan.FromDays(1));
        await Scenario.BuyAsync(a.Id, 500m);

        var sales = await Database.Get<GetSalesAnalytics>().HandleAsync(Last30(Scenario.Partner.Id));
        Assert.Equal([1_000_00L, 500_00L], sales.ByPeriod.Select(p => p.Revenue));
        Assert.Equal(("Central", 2, 1_500_00L), (sales.ByStore[0].Name, sales.ByStore[0].Purchases, sales.ByStore[0].Revenue));
        Assert.Equal("Central · Till 1", sales.ByTill[0].Name);

        var other = await Database.Get<GetSalesAnalytics>().HandleAsync(Last30(Guid.NewGuid()));
        Assert.Empty(other.ByPeriod);
        Assert.Empty(other.ByStore);
    }

    [Fact]
    public async Task ExportedWorkbook_HoldsTheScreensRows_AndNeutralisesFormulas()
    {
        var table = new AnalyticsTable("stores", "Sales by store", [new("Store", ColumnKind.Text), new("Revenue", ColumnKind.Money), new("Share", ColumnKind.Percent)],
        [
            new object?[] { "=HYPERLINK(\"http://evil\")", 1_234.5m, 0.25m },
            new object?[] { "Central", 10m, 0.75m },
        ]);

        using var book = new XLWorkbook(new MemoryStream(AnalyticsWorkbook.Build(table, "Coalition · 2026-01-01 — 2026-01-31")));
        var sheet = book.Worksheet(1);
        Assert.Equal("Sales by store", sheet.Cell(1, 1).GetString());
        Assert.Equal("Store", sheet.Cell(4, 1).GetString());
        // Stored as text with Excel's quote prefix (the apostrophe), never as a formula.
        Assert.False(sheet.Cell(5, 1).HasFormula);
        Assert.Equal("=HYPERLINK(\"http://evil\")", sheet.Cell(5, 1).GetString());
        Assert.Equal(1_234.5, sheet.Cell(5, 2).GetDouble());
        Assert.Equal(0.75, sheet.Cell(6, 3).GetDouble());
        Assert.Equal("Central", sheet.Cell(6, 1).GetString());
    }
}
