using Loyalty.Core.Common;

namespace Loyalty.Tests.Common;

public class MoneyTests
{
    [Theory]
    [InlineData("12.34", "KZT", 1234)]
    [InlineData("0.01", "USD", 1)]
    [InlineData("1500", "JPY", 1500)]
    [InlineData("1.234", "KWD", 1234)]
    public void ToMinor_ConvertsExactly(string major, string currency, long expected)
    {
        Assert.True(Money.TryToMinor(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), currency, out var minor));
        Assert.Equal(expected, minor);
    }

    [Theory]
    [InlineData("12.345", "KZT")]
    [InlineData("0.5", "JPY")]
    [InlineData("99999999999999999999", "USD")]
    public void ToMinor_RefusesOverPreciseOrOverflowingAmounts(string major, string currency) =>
        Assert.False(Money.TryToMinor(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), currency, out _));

    [Fact]
    public void Points_RoundTripTwoDecimals()
    {
        Assert.True(PointValue.TryFromDecimal(12.5m, out var hundredths));
        Assert.Equal(1250, hundredths);
        Assert.False(PointValue.TryFromDecimal(0.001m, out _));
        Assert.Equal(12.5m, PointValue.ToDecimal(hundredths));
    }
}
