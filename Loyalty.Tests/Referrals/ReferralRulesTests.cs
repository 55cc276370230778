using Loyalty.Core.Referrals;

namespace Loyalty.Tests.Referrals;

public class ReferralRulesTests
{
    [Fact]
    public void Rates_DefaultToThreeOneOne_AndAnEmptySettingTurnsThemOff()
    {
        Assert.Equal([300, 100, 100], ReferralRules.ParseRates(null));
        Assert.Empty(ReferralRules.ParseRates(""));
        Assert.Equal([500, 200], ReferralRules.ParseRates("500,200"));
        Assert.Empty(ReferralRules.ParseRates("300,abc"));
        Assert.Empty(ReferralRules.ParseRates("1,1,1,1,1,1"));
    }

    [Theory]
    [InlineData("3; 1; 1", new[] { 300, 100, 100 })]
    [InlineData("2,5 0,5", new[] { 250, 50 })]
    [InlineData("", new int[0])]
    public void Percents_AsTyped_BecomeBasisPoints(string typed, int[] expected)
    {
        Assert.True(ReferralRules.TryParsePercents(typed, out var rates, out _));
        Assert.Equal(expected, rates);
    }

    [Theory]
    [InlineData("21")]
    [InlineData("-1")]
    [InlineData("1.234")]
    [InlineData("1;1;1;1;1;1")]
    public void Percents_OutOfRange_AreRefusedWithAMessage(string typed)
    {
        Assert.False(ReferralRules.TryParsePercents(typed, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Reward_IsTheRateOfWhatTheFriendPaid_RoundedDown()
    {
        // 1,000 KZT receipt, 100 KZT discount, 150 points spent: 750 KZT paid → 3 % = 22.50 points.
        var paid = ReferralRules.BaseAmount(1_000_00, 100_00, 150_00, "KZT");
        Assert.Equal(750_00, paid);
        Assert.Equal(22_50, ReferralRules.Reward(paid, "KZT", 300));
        Assert.Equal(0, ReferralRules.Reward(33, "KZT", 100)); // 0.33 KZT × 1 % = 0.0033 points → nothing
        Assert.Equal(300, ReferralRules.Reward(100, "JPY", 300)); // 100 yen × 3 % = 3 points
    }

    [Fact]
    public void PartialRefunds_TakeBackExactlyTheWholeReward_InTheEnd()
    {
        const long points = 30_01, amount = 1_000_00;
        long reversed = 0;
        foreach (var refunded in new long[] { 333_33, 666_66, 1_000_00 })
            reversed += ReferralRules.ToReverse(points, reversed, refunded, amount);
        Assert.Equal(points, reversed);
        Assert.Equal(0, ReferralRules.ToReverse(points, reversed, amount, amount));
        Assert.Equal(10_00, ReferralRules.ToReverse(points, 0, 333_33, amount)); // floor(3001 × 0.33333) = 1000
    }

    [Fact]
    public void Codes_AreEightUnambiguousCharacters_AndTypingIsForgiving()
    {
        var code = ReferralRules.NewCode();
        Assert.Equal(8, code.Length);
        Assert.DoesNotContain(code, c => c is '0' or 'O' or '1' or 'I');
        Assert.Equal("ABCD2345", ReferralRules.Normalize(" abcd-2345 "));
    }
}
