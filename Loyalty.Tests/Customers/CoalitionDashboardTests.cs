using Loyalty.Core.Dashboard;
using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.Customers;

public class CoalitionDashboardTests : ScenarioTest
{
    [Fact]
    public async Task Breakdowns_AddUpToThePeriodsPurchases_AndTheLiveFeedShowsTheNewestFirst()
    {
        var a = await Scenario.RegisterAsync("+77015550401");
        var b = await Scenario.RegisterAsync("+77015550402");
        await Scenario.BuyAsync(a.Id, 10_000m);
        Database.Clock.Advance(TimeSpan.FromMinutes(1));
        await Scenario.BuyAsync(b.Id, 4_000m, redeem: 100m);

        var result = await Database.Get<GetCoalitionBreakdowns>().HandleAsync(30);

        Assert.Equal(2, result.Members);
        Assert.Equal(2, result.ActiveMembers);
        Assert.Equal(14_000_00, result.ByPartner.Sum(s => s.Revenue));
        Assert.Equal(2, result.ByArea.Sum(s => s.Purchases));
        Assert.Equal(2, result.ByProgram.Sum(s => s.Purchases));
        Assert.Equal("Almaty", Assert.Single(result.ByCity).Key);
        Assert.Equal(2, result.Daily.Sum(d => d.Purchases));
        Assert.Equal(30, result.Daily.Count);
        Assert.Equal(2, result.Rewards.WithEarn);
        Assert.Equal(1, result.Rewards.WithRedeem);
        Assert.Equal(await Scenario.BalanceAsync(a.Id) + await Scenario.BalanceAsync(b.Id), result.PointsLiability);

        var feed = await Database.Get<GetLiveTransactions>().HandleAsync();
        Assert.Equal(2, feed.Count);
        Assert.Equal(4_000_00, feed[0].Amount);
        Assert.Equal("Almaty", feed[0].City);
    }
}
