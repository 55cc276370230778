using Bunit;
using Loyalty.Core.Dashboard;
using Loyalty.Web.Components.Shared;

namespace Loyalty.Tests.Components;

public class RecentPurchasesTableTests : ComponentTestContext
{
    [Fact]
    public void Rows_ShowAmountsInMajorUnits_AndPoints()
    {
        var purchase = new RecentPurchase(Guid.NewGuid(), DateTime.UtcNow, "Magnum Fresh", "Aigerim", 1_234_50, "KZT", 61_73, 0);
        var table = Render<RecentPurchasesTable>(p => p.Add(c => c.Items, [purchase]).Add(c => c.ShowCustomer, false));

        var row = table.Find("tbody tr");
        Assert.Contains("1,234.50 KZT", row.TextContent);
        Assert.Contains("+61.73", row.TextContent);
        Assert.Contains("Magnum Fresh", row.TextContent);
        Assert.DoesNotContain("Aigerim", row.TextContent);
    }

    [Fact]
    public void NoPurchases_SaysSo()
    {
        var table = Render<RecentPurchasesTable>(p => p.Add(c => c.Items, []));
        Assert.Contains("No purchases yet.", table.Markup);
    }

    [Fact]
    public void When_IsTheDayAndTheMinute_OnOneLine()
    {
        var at = new DateTime(2026, 11, 24, 13, 35, 0, DateTimeKind.Utc);
        var purchase = new RecentPurchase(Guid.NewGuid(), at, "Magnum Fresh", "Aigerim", 1_000_00, "KZT", 30_00, 0);
        var table = Render<RecentPurchasesTable>(p => p.Add(c => c.Items, [purchase]));

        var when = table.Find("tbody tr td");
        Assert.Equal(at.ToLocalTime().ToString("d MMM, HH:mm", System.Globalization.CultureInfo.CurrentCulture), when.TextContent.Trim());
        Assert.DoesNotContain("2026", when.TextContent);
        Assert.Contains("white-space:nowrap", when.GetAttribute("style"));
    }
}
