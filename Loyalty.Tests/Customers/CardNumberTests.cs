using Loyalty.Core.Customers;

namespace Loyalty.Tests.Customers;

public class CardNumberTests
{
    [Fact]
    public void Complete_AppendsACheckDigitThatValidates()
    {
        var number = CardNumber.Complete("642000000000001");
        Assert.Equal(16, number.Length);
        Assert.True(CardNumber.IsValid(number));
        Assert.True(CardNumber.IsValid($"{number[..4]} {number[4..8]}-{number[8..12]} {number[12..]}"));
    }

    [Fact]
    public void IsValid_CatchesEverySingleDigitTypo()
    {
        var number = CardNumber.Complete("642000000001234");
        for (var position = 0; position < number.Length; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (number[position] == digit) continue;
                var typo = number[..position] + digit + number[(position + 1)..];
                Assert.False(CardNumber.IsValid(typo), $"{typo} should be rejected");
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("64200000000000")]
    [InlineData("64200000000000AB")]
    public void IsValid_RejectsMalformedNumbers(string? number) => Assert.False(CardNumber.IsValid(number));
}
