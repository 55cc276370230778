using Loyalty.Web.Jobs;
using Microsoft.Extensions.Configuration;

namespace Loyalty.Tests.Web;

/// <summary>The Sunday rebuild of the analytics roll-ups is on unless an operator turns it off (0230).</summary>
public class WeeklyRebuildSettingTests
{
    private static IConfiguration With(string? value) => new ConfigurationBuilder()
        .AddInMemoryCollection(value is null ? [] : new Dictionary<string, string?> { ["Analytics:WeeklyRebuild"] = value }).Build();

    [Theory]
    [InlineData(null, true)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void TheRollUps_AreRebuiltOnSundays_UnlessTurnedOff(string? setting, bool rebuilt) =>
        Assert.Equal(rebuilt, RecalculateSegmentsJob.RebuildsRollups(With(setting)));
}
