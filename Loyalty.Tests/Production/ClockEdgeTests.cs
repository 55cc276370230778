using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.Points;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Production;

/// <summary>Instants on the edge: a lot expiring exactly now, leap-day birthdays in age rules.</summary>
public class ClockEdgeTests : ScenarioTest
{
    [Fact]
    public async Task Points_expire_at_their_exact_instant_not_a_tick_before_and_only_once()
    {
        var member = await Scenario.RegisterAsync("+77015557001");
        DateTime expiresAt;
        await using (var db = Database.Open())
            expiresAt = await db.PointLots.AsNoTracking().OrderBy(l => l.ExpiresAt).Select(l => l.ExpiresAt).FirstAsync();

        Database.Clock.SetUtcNow(new DateTimeOffset(expiresAt.AddTicks(-1), TimeSpan.Zero));
        Assert.Equal(0, await Database.Get<ExpirePoints>().HandleAsync());
        Assert.Equal(Scenario.WelcomeBonus, await Scenario.BalanceAsync(member.Id));

        Database.Clock.SetUtcNow(new DateTimeOffset(expiresAt, TimeSpan.Zero));
        Assert.Equal(1, await Database.Get<ExpirePoints>().HandleAsync());
        Assert.Equal(0, await Scenario.BalanceAsync(member.Id));
        Assert.Equal(0, await Database.Get<ExpirePoints>().HandleAsync());
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Theory]
    // today, rule "age at most N", the youngest birth date that is still too old (the bound is "born after" it)
    [InlineData("2028-02-29", 3, "2024-02-29")] // a leap-day baby turns 4 on its fourth birthday, not a day later
    [InlineData("2025-02-28", 0, "2024-02-28")] // born 2024-02-29: still 0 on 28 February…
    [InlineData("2025-03-01", 0, "2024-03-01")] // …and 1 from 1 March in a common year
    public void Age_at_most_counts_leap_day_birthdays_on_their_day(string today, int years, string bornAfter)
    {
        var now = DateTime.SpecifyKind(DateTime.Parse(today), DateTimeKind.Utc).AddHours(10);
        var rules = new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.Age, RuleOperator.AtMost, years.ToString())]);
        var arguments = SegmentSql.AppendPredicate(new SqlBuilder(), rules, null, now).Build().GetArguments();
        Assert.Contains(DateOnly.Parse(bornAfter), arguments.OfType<DateOnly>());
    }

    [Theory]
    [InlineData("2028-02-29", 4, "2024-02-29")]
    [InlineData("2025-02-28", 1, "2024-02-28")]
    public void Age_at_least_counts_leap_day_birthdays_on_their_day(string today, int years, string bornOnOrBefore)
    {
        var now = DateTime.SpecifyKind(DateTime.Parse(today), DateTimeKind.Utc).AddHours(10);
        var rules = new SegmentRules(RuleCombine.All, [new SegmentCondition(SegmentField.Age, RuleOperator.AtLeast, years.ToString())]);
        var arguments = SegmentSql.AppendPredicate(new SqlBuilder(), rules, null, now).Build().GetArguments();
        Assert.Contains(DateOnly.Parse(bornOnOrBefore), arguments.OfType<DateOnly>());
    }
}
