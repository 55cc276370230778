using Loyalty.Core.Common;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Points;

public class RefundTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private Scenario _scenario = default!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _scenario = await Scenario.CreateAsync(_database.Services);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task PartialRefunds_AddUpToExactlyTheFullReversal()
    {
        var customer = await _scenario.RegisterAsync("+77015550001");
        var purchase = (await _scenario.BuyAsync(customer.Id, 1_000m, redeem: 150m)).Body; // earns 5 % of 850 = 42.50
        var afterPurchase = await _scenario.BalanceAsync(customer.Id);

        var first = await _scenario.RefundAsync(purchase.TransactionId, 333.33m);
        var second = await _scenario.RefundAsync(purchase.TransactionId, 333.33m);
        var third = await _scenario.RefundAsync(purchase.TransactionId, 333.34m);

        Assert.Equal(42.50m, first.Body.ReversedPoints + second.Body.ReversedPoints + third.Body.ReversedPoints);
        Assert.Equal(150m, first.Body.ReturnedPoints + second.Body.ReturnedPoints + third.Body.ReturnedPoints);
        Assert.Equal(afterPurchase - 42_50 + 150_00, await _scenario.BalanceAsync(customer.Id));
        Assert.Equal(Scenario.WelcomeBonus, await _scenario.BalanceAsync(customer.Id));
        await _scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task RefundsBeyondThePurchase_AreRefused_AndChangeNothing()
    {
        var customer = await _scenario.RegisterAsync("+77015550001");
        var purchase = (await _scenario.BuyAsync(customer.Id, 1_000m)).Body;
        await _scenario.RefundAsync(purchase.TransactionId, 600m);
        var before = await _scenario.CountsAsync();
        var balance = await _scenario.BalanceAsync(customer.Id);

        var refused = await Assert.ThrowsAsync<DomainException>(() => _scenario.RefundAsync(purchase.TransactionId, 400.01m));

        Assert.Equal("refund-exceeds-purchase", refused.Code);
        Assert.Equal(before, await _scenario.CountsAsync());
        Assert.Equal(balance, await _scenario.BalanceAsync(customer.Id));
    }

    [Fact]
    public async Task RefundAfterThePointsWereSpent_ReclaimsWhatIsThere_AndRecordsTheRestAsADebt_ThatEarningSettles()
    {
        var customer = await _scenario.RegisterAsync("+77015550001");
        var big = (await _scenario.BuyAsync(customer.Id, 200_000m)).Body; // +10,000 → 15,000
        await _scenario.BuyAsync(customer.Id, 100_000m, redeem: 15_000m);   // spends everything, earns 4,250 → 4,250
        var refund = (await _scenario.RefundAsync(big.TransactionId, 200_000m)).Body;

        Assert.Equal(10_000m, refund.ReversedPoints);
        Assert.Equal(5_750m, refund.DebtPoints);
        Assert.Equal(0, await _scenario.BalanceAsync(customer.Id));

        var next = (await _scenario.BuyAsync(customer.Id, 200_000m)).Body; // earns 10,000; 5,750 settle the debt first
        Assert.Equal(4_250m, next.Balances.Main);
        await using var db = _database.Open();
        Assert.Equal(0, await db.PointsDebts.SumAsync(d => d.Remaining));
        await _scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task RefundingAnotherPartnersPurchase_IsNotFound()
    {
        var customer = await _scenario.RegisterAsync("+77015550001");
        var purchase = (await _scenario.BuyAsync(customer.Id, 1_000m)).Body;
        var other = await Scenario.CreateAsync(_database.Services);

        var refused = await Assert.ThrowsAsync<DomainException>(() => other.RefundAsync(purchase.TransactionId, 100m));
        Assert.Equal(404, refused.Status);
    }

    [Fact]
    public async Task RefundReplay_ReturnsTheFirstAnswer_WithoutASecondEffect()
    {
        var customer = await _scenario.RegisterAsync("+77015550001");
        var purchase = (await _scenario.BuyAsync(customer.Id, 1_000m)).Body;

        var first = await _scenario.RefundAsync(purchase.TransactionId, 500m, key: "refund-1");
        var replay = await _scenario.RefundAsync(purchase.TransactionId, 500m, key: "refund-1");

        Assert.True(replay.Replayed);
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal(1, (await _scenario.CountsAsync()).Refunds);
    }
}
