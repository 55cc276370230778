using Bunit;
using Loyalty.Web.Components.Shared;

namespace Loyalty.Tests.Components;

public class KpiCardTests : ComponentTestContext
{
    [Fact]
    public void Growth_IsShownAsGood()
    {
        var card = Render<KpiCard>(p => p.Add(c => c.Title, "Revenue").Add(c => c.Value, "1,000").Add(c => c.ChangePercent, 12.5m));
        Assert.Contains("▲ 12.5%", card.Find(".kpi-up").TextContent);
        Assert.Empty(card.FindAll(".kpi-down"));
    }

    [Fact]
    public void Decline_IsShownAsBad_UnlessLowerIsBetter()
    {
        var worse = Render<KpiCard>(p => p.Add(c => c.Title, "Revenue").Add(c => c.Value, "900").Add(c => c.ChangePercent, -10m));
        Assert.Contains("▼ 10%", worse.Find(".kpi-down").TextContent);

        var better = Render<KpiCard>(p => p.Add(c => c.Title, "Churn").Add(c => c.Value, "3%").Add(c => c.ChangePercent, -10m).Add(c => c.LowerIsBetter, true));
        Assert.NotNull(better.Find(".kpi-up"));
    }

    [Fact]
    public void WithoutComparison_ShowsTheCaption()
    {
        var card = Render<KpiCard>(p => p.Add(c => c.Title, "Members").Add(c => c.Value, "300").Add(c => c.Caption, "already earning"));
        Assert.Contains("already earning", card.Markup);
        Assert.Empty(card.FindAll(".kpi-up"));
    }
}
