using Loyalty.Core.Customers;

namespace Loyalty.Tests.Customers;

public class PhoneNumberTests
{
    [Theory]
    [InlineData("+7 701 000 00 01", "KZ", "+77010000001")]
    [InlineData("8 (701) 000-00-01", "KZ", "+77010000001")]
    [InlineData("+44 7911 123456", "KZ", "+447911123456")]
    public void TryParse_NormalisesToE164(string input, string region, string expected)
    {
        Assert.True(PhoneNumber.TryParse(input, region, out var phone));
        Assert.Equal(expected, phone!.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("not a phone")]
    [InlineData("+7 000")]
    public void TryParse_RejectsWhatIsNotAPhone(string input) => Assert.False(PhoneNumber.TryParse(input, "KZ", out _));

    [Fact]
    public void Masked_HidesTheMiddle()
    {
        PhoneNumber.TryParse("+77010000001", "KZ", out var phone);
        Assert.StartsWith("+7701", phone!.Masked);
        Assert.EndsWith("01", phone.Masked);
        Assert.Contains("•", phone.Masked);
    }
}
