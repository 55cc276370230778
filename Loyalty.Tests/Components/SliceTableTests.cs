using Bunit;
using Loyalty.Core.Dashboard;
using Loyalty.Web.Operator.Dashboard;

namespace Loyalty.Tests.Components;

public class SliceTableTests : ComponentTestContext
{
    [Fact]
    public void Revenue_IsInWholeUnits_UnderAHeaderThatNamesTheCurrency()
    {
        var table = Render<SliceTable>(p => p
            .Add(c => c.Slices, [new Slice("TechnoPark", 169, 39_040_665_49, 1_000_00, 0), new Slice("Stylo", 139, 9_459_031_00, 0, 0)])
            .Add(c => c.Currency, "KZT"));

        Assert.Contains("Revenue, KZT", table.Find("thead").TextContent);
        var cells = table.FindAll("tbody tr").Select(r => r.QuerySelectorAll("td")[2].TextContent.Trim()).ToList();
        Assert.Equal(["39,040,665", "9,459,031"], cells);
    }
}
