using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.PromoCodes;

public class HmacKeyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")] // "short": 5 bytes
    [InlineData("not base64!")]
    public async Task The_app_refuses_to_serve_without_a_proper_promo_code_key(string key)
    {
        await using var app = new LoyaltyWebFactory();
        app.Settings["Jobs:Enabled"] = "false";
        app.Settings["PromoCodes:HmacKey"] = key;
        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Contains("PromoCodes:HmacKey", error.Message);
    }
}
