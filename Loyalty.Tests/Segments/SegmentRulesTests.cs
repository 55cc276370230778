using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.Segments;

namespace Loyalty.Tests.Segments;

public class SegmentRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Rules_SurviveAJsonRoundTrip_WithNestedGroups()
    {
        var rules = new SegmentRules(RuleCombine.All,
            [new SegmentCondition(SegmentField.Spend90, RuleOperator.AtLeast, "5000")],
            [new SegmentRules(RuleCombine.Any, [new SegmentCondition(SegmentField.City, RuleOperator.Equals, "Almaty"), new SegmentCondition(SegmentField.BoughtCategory, RuleOperator.Equals, "Dairy", 30)])]);
        var back = SegmentRules.FromJson(rules.ToJson());
        Assert.Equal(rules.ToJson(), back.ToJson());
        Assert.Equal(3, back.Count);
        Assert.Contains("\"Spend90\"", rules.ToJson());
    }

    [Fact]
    public void AllAndAny_AreJoinedWithAndAndOr_ValuesOnlyAsParameters()
    {
        var rules = new SegmentRules(RuleCombine.Any,
            [new SegmentCondition(SegmentField.City, RuleOperator.Equals, "Almaty'; DROP TABLE x; --"), new SegmentCondition(SegmentField.SmsConsent, RuleOperator.Equals, "yes")]);
        var sql = SegmentSql.AppendPredicate(new SqlBuilder(), rules, null, Now).ToString();
        Assert.Contains(" OR ", sql);
        Assert.DoesNotContain("DROP", sql);
        Assert.Contains("c.\"SmsConsentAt\" IS NOT NULL", sql);
    }

    [Fact]
    public void PartnerRules_ReadThePartnersProfileAndPurchases_TheOperatorsTheCoalitions()
    {
        var partner = Guid.NewGuid();
        var rules = new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.BoughtSku, RuleOperator.Equals, "A1", 30)]);
        var forPartner = SegmentSql.AppendPredicate(new SqlBuilder(), rules, partner, Now).Build();
        Assert.Contains(partner, forPartner.GetArguments());
        var forOperator = SegmentSql.AppendPredicate(new SqlBuilder(), rules, null, Now).ToString();
        Assert.DoesNotContain("p.\"PartnerId\"", forOperator);
    }

    [Fact]
    public void EmptyRules_MatchEveryone() =>
        Assert.Equal("", SegmentSql.AppendPredicate(new SqlBuilder(), SegmentRules.Everyone, null, Now).ToString());

    [Theory]
    [InlineData(SegmentField.Spend30, RuleOperator.AtLeast, "-1")]
    [InlineData(SegmentField.Spend30, RuleOperator.AtLeast, "lots")]
    [InlineData(SegmentField.Purchases90, RuleOperator.AtMost, "2.5")]
    [InlineData(SegmentField.City, RuleOperator.AtLeast, "Almaty")]
    [InlineData(SegmentField.City, RuleOperator.Equals, " ")]
    [InlineData(SegmentField.RfmSegment, RuleOperator.Equals, "Kings")]
    [InlineData(SegmentField.Tier, RuleOperator.Equals, "gold")]
    [InlineData(SegmentField.EmailConsent, RuleOperator.Equals, "maybe")]
    [InlineData(SegmentField.DaysSinceLastPurchase, RuleOperator.Equals, "30")]
    [InlineData(SegmentField.Age, RuleOperator.AtLeast, "300")]
    public void BadConditions_AreRefused_WithAMessageForThatRule(SegmentField field, RuleOperator op, string value)
    {
        var error = Assert.Throws<ValidationException>(() => SegmentSql.Validate(new SegmentRules(RuleCombine.All, [new SegmentCondition(field, op, value)])));
        Assert.Contains("rules[0]", error.Errors.Keys);
    }

    [Fact]
    public void TooManyConditions_AreRefused()
    {
        var many = Enumerable.Range(0, SegmentRules.MaxConditions + 1).Select(_ => new SegmentCondition(SegmentField.City, RuleOperator.Equals, "Almaty")).ToList();
        Assert.Throws<ValidationException>(() => SegmentSql.Validate(new SegmentRules(RuleCombine.All, many)));
    }
}
