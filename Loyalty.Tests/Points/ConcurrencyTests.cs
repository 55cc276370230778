using Loyalty.Core.Common;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Points;

public class ConcurrencyTests : ScenarioTest
{
    [Fact]
    public async Task HundredConcurrentRedemptions_AgainstABalanceForOne_ExactlyOneSucceeds()
    {
        var customer = await Scenario.RegisterAsync("+77015550001"); // 5,000 points
        var attempts = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            try
            {
                await Scenario.BuyAsync(customer.Id, 20_000m, redeem: 3_000m);
                return "ok";
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        }));

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.All(outcomes.Where(o => o != "ok"), o => Assert.Equal("insufficient-points", o));
        Assert.True(await Scenario.BalanceAsync(customer.Id) >= 0);
        Assert.Equal(1, (await Scenario.CountsAsync()).Purchases);
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task FiftyConcurrentReplaysOfOneKey_HaveOneEffect_AndTheSameAnswer()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var replays = Enumerable.Range(0, 50).Select(_ => Task.Run(() =>
            Scenario.BuyAsync(customer.Id, 1_000m, redeem: 100m, key: "till-1-receipt-42", receipt: "42")));

        var results = await Task.WhenAll(replays);

        Assert.Single(results.Select(r => r.Body).Distinct());
        Assert.Equal(49, results.Count(r => r.Replayed));
        var counts = await Scenario.CountsAsync();
        Assert.Equal(1, counts.Purchases);
        Assert.Equal(Scenario.WelcomeBonus - 100_00 + 45_00, await Scenario.BalanceAsync(customer.Id));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task SameKeyWithAnotherBody_IsRefused()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        await Scenario.BuyAsync(customer.Id, 1_000m, key: "k-1", receipt: "1");

        var refused = await Assert.ThrowsAsync<DomainException>(() => Scenario.BuyAsync(customer.Id, 2_000m, key: "k-1", receipt: "1"));
        Assert.Equal("idempotency-key-reused", refused.Code);
        Assert.Equal(1, (await Scenario.CountsAsync()).Purchases);
    }

    [Fact]
    public async Task ConcurrentRefunds_NeverExceedThePurchase()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var purchase = (await Scenario.BuyAsync(customer.Id, 1_000m)).Body;

        var refunds = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            try { await Scenario.RefundAsync(purchase.TransactionId, 300m); return true; }
            catch (DomainException) { return false; }
        })));

        Assert.Equal(3, refunds.Count(ok => ok));
        await using var db = Database.Open();
        Assert.Equal(900_00, await db.Purchases.Where(p => p.Id == purchase.TransactionId).Select(p => p.RefundedAmount).SingleAsync());
        await Scenario.AssertLedgerHealthyAsync();
    }
}
