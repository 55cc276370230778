using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Core.Pos;
using Loyalty.Core.Purchases;
using Loyalty.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Partners;

public class RewardSettingsTests : ScenarioTest
{
    [Fact]
    public async Task ARetriedSale_IsAnsweredAsTheFirstTime_EvenAfterTheRulesChanged()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var first = await Scenario.BuyAsync(customer.Id, 1_000m, redeem: 150m, key: "sale-1", receipt: "R-1");

        // The partner lowers its cap to 10 %: the same sale sent now would be refused, but a retry is not a new sale.
        await Database.Get<UpdateRewardSettings>().HandleAsync(Scenario.Partner.Id, new RewardSettingsForm(5m, 10m, false, []), "admin");
        var retried = await Scenario.BuyAsync(customer.Id, 1_000m, redeem: 150m, key: "sale-1", receipt: "R-1");

        Assert.True(retried.Replayed);
        Assert.Equal(first.Body, retried.Body);
        var fresh = await Assert.ThrowsAsync<DomainException>(() => Scenario.BuyAsync(customer.Id, 1_000m, redeem: 150m, key: "sale-2", receipt: "R-2"));
        Assert.Equal("redemption-over-cap", fresh.Code);
    }

    [Fact]
    public async Task CategoryRates_ApplyToTheirLines_WeightedByPrice()
    {
        await Database.Get<UpdateRewardSettings>().HandleAsync(Scenario.Partner.Id,
            new RewardSettingsForm(5m, 20m, false, [new CategoryRate("Electronics", 1m)]), "admin");
        var customer = await Scenario.RegisterAsync("+77015550001");

        var receipt = await Database.Get<RecordPurchase>().HandleAsync(Scenario.Caller, "k1", new PurchaseRequest(
            customer.Id.ToString(), "R1", 2_000m, 0m,
            [new PurchaseItemRequest("TV", "TV", "electronics", 1, 1_000m), new PurchaseItemRequest("MILK", "Milk", "Dairy", 1, 1_000m)], null));

        Assert.Equal(60m, receipt.Body.EarnedPoints); // 1 % of 1,000 + 5 % of 1,000
    }

    [Theory]
    [InlineData(5.555, 20)]
    [InlineData(-1, 20)]
    [InlineData(5, 101)]
    public async Task InvalidRates_AreRefused_AndNothingChanges(decimal earn, decimal cap)
    {
        var update = Database.Get<UpdateRewardSettings>();
        await Assert.ThrowsAsync<ValidationException>(() => update.HandleAsync(Scenario.Partner.Id, new RewardSettingsForm(earn, cap, false, []), "admin"));

        var settings = await Database.Get<GetRewardSettings>().HandleAsync(Scenario.Partner.Id);
        Assert.Equal(5m, settings.EarnPercent);
        Assert.Equal(20m, settings.RedemptionCapPercent);
    }

    [Fact]
    public async Task DuplicateCategories_AreRefused()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Database.Get<UpdateRewardSettings>().HandleAsync(Scenario.Partner.Id,
            new RewardSettingsForm(5m, 20m, false, [new CategoryRate("Dairy", 2m), new CategoryRate("dairy", 3m)]), "admin"));
        Assert.Contains("categories[1].category", error.Errors.Keys);
    }
}

public class RewardRulesTests
{
    private static readonly RewardRates Rates = new(500, 2000, new Dictionary<string, int>());

    [Fact]
    public void Earned_RoundsDown_ToAHundredthOfAPoint() =>
        Assert.Equal(61_72, RewardRules.Earned(1_234_50, 1_234_50, "KZT", Rates, null)); // 5 % of 1,234.50 = 61.725

    [Fact]
    public void MaxRedeemable_IsTheCapOfTheReceipt() =>
        Assert.Equal(246_90, RewardRules.MaxRedeemable(1_234_50, "KZT", Rates));

    [Fact]
    public void ZeroDecimalCurrencies_ConvertPointsExactly()
    {
        Assert.Equal(50_00, RewardRules.Earned(1_000, 1_000, "JPY", Rates, null)); // 5 % of ¥1,000 = 50 points
        Assert.Equal(12, RewardRules.RedeemedValueMinor(12_00, "JPY"));
    }
}

public class DiscountProgramTests : ScenarioTest
{
    [Fact]
    public async Task FlatDiscount_TakesItsPercentOffEveryReceipt_AndEarnsNoPoints()
    {
        await Database.Get<UpdateRewardSettings>().HandleAsync(Scenario.Partner.Id,
            new RewardSettingsForm(5m, 20m, false, [], ProgramType.FlatDiscount, 7m), "admin");
        var customer = await Scenario.RegisterAsync("+77015550001");

        var receipt = (await Scenario.BuyAsync(customer.Id, 1_000m)).Body;

        Assert.Equal(70m, receipt.Discount);
        Assert.Equal(930m, receipt.AmountPaid);
        Assert.Equal(0m, receipt.EarnedPoints);
        Assert.Equal(5_000m, receipt.Balances.Main);
    }

    [Fact]
    public async Task CumulativeDiscount_GrowsWithTotalSpendAtThePartner()
    {
        await Database.Get<UpdateRewardSettings>().HandleAsync(Scenario.Partner.Id,
            new RewardSettingsForm(5m, 20m, false, [], ProgramType.CumulativeDiscount, 0m,
                [new DiscountStepRate(0m, 3m), new DiscountStepRate(50_000m, 5m), new DiscountStepRate(100_000m, 10m)]), "admin");
        var customer = await Scenario.RegisterAsync("+77015550001");

        Assert.Equal(1_800m, (await Scenario.BuyAsync(customer.Id, 60_000m)).Body.Discount); // 3 % before any spend
        Assert.Equal(3_000m, (await Scenario.BuyAsync(customer.Id, 60_000m)).Body.Discount); // 60,000 spent → 5 %
        Assert.Equal(6_000m, (await Scenario.BuyAsync(customer.Id, 60_000m)).Body.Discount); // 120,000 spent → 10 %
    }

    [Fact]
    public async Task CumulativeDiscount_WithoutSteps_IsRefused() =>
        await Assert.ThrowsAsync<ValidationException>(() => Database.Get<UpdateRewardSettings>().HandleAsync(Scenario.Partner.Id,
            new RewardSettingsForm(5m, 20m, false, [], ProgramType.CumulativeDiscount), "admin"));
}

public class DiscountAndCapTests : ScenarioTest
{
    [Fact]
    public async Task RedemptionCap_AppliesToWhatIsLeftAfterTheDiscount()
    {
        await Database.Get<UpdateRewardSettings>().HandleAsync(Scenario.Partner.Id,
            new RewardSettingsForm(5m, 100m, false, [], ProgramType.FlatDiscount, 20m), "admin");
        var customer = await Scenario.RegisterAsync("+77015550001");

        var refused = await Assert.ThrowsAsync<DomainException>(() => Scenario.BuyAsync(customer.Id, 100m, redeem: 100m));
        Assert.Equal("redemption-over-cap", refused.Code);

        var receipt = (await Scenario.BuyAsync(customer.Id, 100m, redeem: 80m)).Body;
        Assert.Equal(0m, receipt.AmountPaid);
        Assert.Equal(5_000m - 80m, receipt.Balances.Main);
    }

    [Fact]
    public async Task SameRequestFormattedDifferently_IsAReplay_NotAKeyReuse()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var record = Database.Get<RecordPurchase>();
        var first = await record.HandleAsync(Scenario.Caller, "k", new PurchaseRequest(customer.Id.ToString(), "R1", 10m, 0m, null, null));
        var again = await record.HandleAsync(Scenario.Caller, "k", new PurchaseRequest(customer.Id.ToString(), "R1", 10.00m, 0.0m, null, null));

        Assert.True(again.Replayed);
        Assert.Equal(first.Body, again.Body);
    }
}
