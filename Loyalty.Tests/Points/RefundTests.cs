using Loyalty.Core.Common;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Points;

public class RefundTests : ScenarioTest
{
    [Fact]
    public async Task PartialRefunds_AddUpToExactlyTheFullReversal()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var purchase = (await Scenario.BuyAsync(customer.Id, 1_000m, redeem: 150m)).Body; // earns 5 % of 850 = 42.50
        var afterPurchase = await Scenario.BalanceAsync(customer.Id);

        var first = await Scenario.RefundAsync(purchase.TransactionId, 333.33m);
        var second = await Scenario.RefundAsync(purchase.TransactionId, 333.33m);
        var third = await Scenario.RefundAsync(purchase.TransactionId, 333.34m);

        Assert.Equal(42.50m, first.Body.ReversedPoints + second.Body.ReversedPoints + third.Body.ReversedPoints);
        Assert.Equal(150m, first.Body.ReturnedPoints + second.Body.ReturnedPoints + third.Body.ReturnedPoints);
        Assert.Equal(afterPurchase - 42_50 + 150_00, await Scenario.BalanceAsync(customer.Id));
        Assert.Equal(Scenario.WelcomeBonus, await Scenario.BalanceAsync(customer.Id));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task RefundsBeyondThePurchase_AreRefused_AndChangeNothing()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var purchase = (await Scenario.BuyAsync(customer.Id, 1_000m)).Body;
        await Scenario.RefundAsync(purchase.TransactionId, 600m);
        var before = await Scenario.CountsAsync();
        var balance = await Scenario.BalanceAsync(customer.Id);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Scenario.RefundAsync(purchase.TransactionId, 400.01m));

        Assert.Equal("refund-exceeds-purchase", refused.Code);
        Assert.Equal(before, await Scenario.CountsAsync());
        Assert.Equal(balance, await Scenario.BalanceAsync(customer.Id));
    }

    [Fact]
    public async Task RefundAfterThePointsWereSpent_ReclaimsWhatIsThere_AndRecordsTheRestAsADebt_ThatEarningSettles()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var big = (await Scenario.BuyAsync(customer.Id, 200_000m)).Body; // +10,000 → 15,000
        await Scenario.BuyAsync(customer.Id, 100_000m, redeem: 15_000m);   // spends everything, earns 4,250 → 4,250
        var refund = (await Scenario.RefundAsync(big.TransactionId, 200_000m)).Body;

        Assert.Equal(10_000m, refund.ReversedPoints);
        Assert.Equal(5_750m, refund.DebtPoints);
        Assert.Equal(0, await Scenario.BalanceAsync(customer.Id));

        var next = (await Scenario.BuyAsync(customer.Id, 200_000m)).Body; // earns 10,000; 5,750 settle the debt first
        Assert.Equal(4_250m, next.Balances.Main);
        await using var db = Database.Open();
        Assert.Equal(0, await db.PointsDebts.SumAsync(d => d.Remaining));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task RefundingAnotherPartnersPurchase_IsNotFound()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var purchase = (await Scenario.BuyAsync(customer.Id, 1_000m)).Body;
        var other = await Scenario.CreateAsync(Database.Services);

        var refused = await Assert.ThrowsAsync<DomainException>(() => other.RefundAsync(purchase.TransactionId, 100m));
        Assert.Equal(404, refused.Status);
    }

    [Fact]
    public async Task RefundReplay_ReturnsTheFirstAnswer_WithoutASecondEffect()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var purchase = (await Scenario.BuyAsync(customer.Id, 1_000m)).Body;

        var first = await Scenario.RefundAsync(purchase.TransactionId, 500m, key: "refund-1");
        var replay = await Scenario.RefundAsync(purchase.TransactionId, 500m, key: "refund-1");

        Assert.True(replay.Replayed);
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(1, (await Scenario.CountsAsync()).Refunds);
    }
}
