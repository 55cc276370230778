using Loyalty.Core.Campaigns;

namespace Loyalty.Tests.Campaigns;

public class CampaignRulesTests
{
    private static readonly Guid Store = Guid.NewGuid();
    private static readonly Guid Member = Guid.NewGuid();
    private static readonly DateTime Monday10Utc = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc); // 15:00 in Almaty

    private static LiveCampaign Campaign(RewardKind kind, long value, long minAmount = 0, Guid[]? stores = null, int days = 0, int from = 0, int to = 0,
        bool first = false, string skus = "", string categories = "", Guid? segment = null, long? budget = null, int control = 0, long? valueB = null) =>
        new(Guid.NewGuid(), null, "Test", CampaignType.PurchaseBonus, kind, value, valueB, control, Monday10Utc.AddDays(-1), Monday10Utc.AddDays(1), minAmount,
            new HashSet<Guid>(stores ?? []), days, from, to, TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty"), first,
            CampaignRules.ParseList(skus), CampaignRules.ParseList(categories), segment, budget, null);

    private static CampaignSale Sale(long amount = 1_000_00, long paid = 1_000_00, long baseEarned = 50_00, OfferLine[]? lines = null, Guid[]? segments = null,
        bool first = false, DateTime? at = null, Guid? store = null) =>
        new(Member, store ?? Store, at ?? Monday10Utc, amount, paid, baseEarned, "KZT", lines ?? [], new HashSet<Guid>(segments ?? []), first);

    [Fact]
    public void ExtraPercent_IsOfThePartPaidInMoney_RoundedDown()
    {
        var bonus = CampaignRules.Evaluate([Campaign(RewardKind.ExtraPercent, 333)], Sale(paid: 999_99)).Single();
        Assert.Equal(33_29, bonus.Points); // 3.33 % of 999.99 = 33.2996…
    }

    [Fact]
    public void FixedPoints_AndMultiplier_DoublePointsForASegment()
    {
        var champions = Guid.NewGuid();
        var doublePoints = Campaign(RewardKind.Multiplier, 200, segment: champions);
        Assert.Empty(CampaignRules.Evaluate([doublePoints], Sale()));
        Assert.Equal(50_00, CampaignRules.Evaluate([doublePoints], Sale(segments: [champions])).Single().Points);
        Assert.Equal(250_00, CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 250_00)], Sale()).Single().Points);
    }

    [Fact]
    public void Conditions_MinAmount_Store_DaysAndHours_FirstPurchase_Dates()
    {
        Assert.Empty(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, minAmount: 1_000_01)], Sale()));
        Assert.Single(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, minAmount: 1_000_00)], Sale()));
        Assert.Empty(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, stores: [Guid.NewGuid()])], Sale()));
        Assert.Single(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, stores: [Store])], Sale()));
        // Monday 15:00 local: weekend-only is out, Monday is in; 14–16 is in, 9–12 is out, 22–02 (over midnight) is out.
        Assert.Empty(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, days: 0b1100000)], Sale()));
        Assert.Single(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, days: 0b0000001)], Sale()));
        Assert.Single(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, from: 14, to: 16)], Sale()));
        Assert.Empty(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, from: 9, to: 12)], Sale()));
        Assert.Empty(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, from: 22, to: 2)], Sale()));
        Assert.Empty(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, first: true)], Sale(first: false)));
        Assert.Single(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100, first: true)], Sale(first: true)));
        Assert.Empty(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100)], Sale(at: Monday10Utc.AddDays(2))));
    }

    [Fact]
    public void SpecialOffer_PaysOnTheMatchingLinesOnly()
    {
        var offer = Campaign(RewardKind.ExtraPercent, 1000, skus: "MILK-1", categories: "Coffee");
        OfferLine[] lines = [new("MILK-1", "Dairy", 200_00), new("BEAN-2", "coffee", 300_00), new("BREAD", "Bakery", 500_00)];
        Assert.Equal(50_00, CampaignRules.Evaluate([offer], Sale(lines: lines)).Single().Points); // 10 % of 500 matching
        Assert.Empty(CampaignRules.Evaluate([offer], Sale(lines: [new("BREAD", "Bakery", 1_000_00)])));
    }

    [Fact]
    public void ABudgetSmallerThanTheBonus_GivesNothing()
    {
        Assert.Empty(CampaignRules.Evaluate([Campaign(RewardKind.FixedPoints, 100_00, budget: 99_99)], Sale()));
    }

    [Fact]
    public void Assignment_IsDeterministic_AndSplitsNearTheShares()
    {
        var campaign = Guid.NewGuid();
        var members = Enumerable.Range(0, 20_000).Select(_ => Guid.NewGuid()).ToList();
        var arms = members.Select(m => CampaignRules.Assign(campaign, m, 20, hasVariantB: true)).ToList();
        Assert.Equal(arms, members.Select(m => CampaignRules.Assign(campaign, m, 20, hasVariantB: true)));
        var control = arms.Count(a => a == TestArm.Control) / 20_000.0;
        var b = arms.Count(a => a == TestArm.B) / 20_000.0;
        Assert.InRange(control, 0.18, 0.22);
        Assert.InRange(b, 0.38, 0.42);
        Assert.All(members.Take(100), m => Assert.Equal(TestArm.A, CampaignRules.Assign(campaign, m, 0, hasVariantB: false)));
    }

    [Fact]
    public void ControlGroupMembers_GetNoBonusAtTheTill()
    {
        var campaign = Campaign(RewardKind.FixedPoints, 100, control: 50);
        var held = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).First(m => CampaignRules.Assign(campaign.Id, m, 50, false) == TestArm.Control);
        Assert.Empty(CampaignRules.Evaluate([campaign], Sale() with { CustomerId = held }));
    }
}

public class AbStatisticsTests
{
    [Fact]
    public void ConversionUplift_MatchesTheTwoProportionFormula()
    {
        // 1,000 treated with 150 conversions vs 1,000 control with 100: Δ = 0.05,
        // SE = √(0.15·0.85/1000 + 0.10·0.90/1000) = √0.0002175 = 0.0147479; CI = 0.05 ± 1.96·SE = [0.02109, 0.07891].
        var uplift = AbStatistics.Conversion(new ArmFigures(TestArm.A, 1000, 150, 0, 0), new ArmFigures(TestArm.Control, 1000, 100, 0, 0))!;
        Assert.Equal(0.05, uplift.Difference, 10);
        Assert.Equal(0.021094, uplift.Low, 5);
        Assert.Equal(0.078906, uplift.High, 5);
        Assert.Equal(0.5, uplift.Relative!.Value, 10);
        Assert.True(uplift.Significant);
    }

    [Fact]
    public void RevenueUplift_IsWelch_FromSumsAndSquares()
    {
        // Treated revenues {10, 20, 30}: mean 20, s² 100; control {10, 10, 10, 10}: mean 10, s² 0.
        // Δ = 10, SE = √(100/3) = 5.7735, CI = 10 ± 11.3160 → not significant.
        var treated = new ArmFigures(TestArm.A, 3, 3, 60, 100 + 400 + 900);
        var control = new ArmFigures(TestArm.Control, 4, 4, 40, 400);
        var uplift = AbStatistics.RevenuePerMember(treated, control)!;
        Assert.Equal(10, uplift.Difference, 10);
        Assert.Equal(10 - 1.959964 * 5.773503, uplift.Low, 4);
        Assert.Equal(10 + 1.959964 * 5.773503, uplift.High, 4);
        Assert.False(uplift.Significant);
        Assert.Null(AbStatistics.Conversion(treated, new ArmFigures(TestArm.Control, 0, 0, 0, 0)));
    }
}
