using System.Globalization;
using Loyalty.Web.Components.Shared;

namespace Loyalty.Tests.Components;

public class ChartAxesTests
{
    [Theory]
    [InlineData(0, "0")]
    [InlineData(820, "820")]
    [InlineData(5_120, "5.1K")]
    [InlineData(327_680, "328K")]
    [InlineData(4_467_377, "4.5M")]
    [InlineData(-20_000, "-20K")]
    public void AxisFigures_ReadAtAGlance(double value, string label)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        try { Assert.Equal(label, ChartAxes.Compact(value)); }
        finally { CultureInfo.CurrentCulture = culture; }
    }

    [Fact]
    public void LineCharts_StartAtZero_WithFewTicks()
    {
        var line = ChartAxes.Line();
        Assert.True(line.YAxisRequireZeroPoint);
        Assert.Equal(5, line.MaxNumYAxisTicks);
        Assert.Equal(5, ChartAxes.Bar().MaxNumYAxisTicks);
    }
}
