using System.Globalization;
using MudBlazor;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// Chart options every figure chart shares: at most five ticks from zero, labelled so a glance can read them
/// (5,120 → 5.1K, 327,680 → 328K, 4,467,377 → 4.5M) instead of the raw step values the chart picks. A component keeps
/// the options it gets in a field: a new object on every render would make the chart lay its axes out again.
/// </summary>
public static class ChartAxes
{
    public static LineChartOptions Line(bool legend = true) =>
        new() { ShowLegend = legend, MaxNumYAxisTicks = 5, YAxisRequireZeroPoint = true, YAxisToStringFunc = Compact };

    public static BarChartOptions Bar(bool legend = true) =>
        new() { ShowLegend = legend, MaxNumYAxisTicks = 5, YAxisToStringFunc = Compact };

    public static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.CurrentCulture) + "M",
        >= 10_000 => (value / 1_000).ToString("0", CultureInfo.CurrentCulture) + "K",
        >= 1_000 => (value / 1_000).ToString("0.#", CultureInfo.CurrentCulture) + "K",
        _ => value.ToString("#,0.##", CultureInfo.CurrentCulture),
    };
}
