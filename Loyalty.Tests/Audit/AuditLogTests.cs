using Loyalty.Core.Audit;
using Loyalty.Core.Points;
using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.Audit;

public class AuditLogTests : ScenarioTest
{
    [Fact]
    public async Task Log_FiltersByKindTextAndDates_NewestFirst_AndPagesInTheDatabase()
    {
        var member = await Scenario.RegisterAsync("+77015550001");
        var adjust = Database.Get<AdjustPoints>();
        for (var i = 0; i < 3; i++)
        {
            Database.Clock.Advance(TimeSpan.FromDays(1));
            await adjust.HandleAsync(new AdjustPointsCommand(member.Id, 10m + i, $"Goodwill case {i}", "olga"));
        }
        var log = Database.Get<SearchAuditLog>();

        var adjustments = await log.HandleAsync(new AuditQuery(null, "points", null, null, PageSize: 2));
        Assert.Equal(3, adjustments.Total);
        Assert.Equal(2, adjustments.Items.Count);
        Assert.Contains("Goodwill case 2", adjustments.Items[0].Summary);
        Assert.All(adjustments.Items, r => Assert.Equal(member.Id, r.CustomerId));

        var secondPage = await log.HandleAsync(new AuditQuery(null, "points", null, null, Page: 1, PageSize: 2));
        Assert.Contains("Goodwill case 0", Assert.Single(secondPage.Items).Summary);

        var byText = await log.HandleAsync(new AuditQuery("case 1", null, null, null));
        Assert.Contains("Goodwill case 1", Assert.Single(byText.Items).Summary);

        var registration = await log.HandleAsync(new AuditQuery(null, "customer", null, null));
        Assert.Equal("customer.registered", Assert.Single(registration.Items).Kind);

        var now = Database.Clock.GetUtcNow().UtcDateTime;
        var lastDay = await log.HandleAsync(new AuditQuery(null, "points", now.Date, now.Date.AddDays(1)));
        Assert.Contains("Goodwill case 2", Assert.Single(lastDay.Items).Summary);

        Assert.Empty((await log.HandleAsync(new AuditQuery("no such thing", null, null, null))).Items);
    }
}
