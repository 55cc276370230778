using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Points;

public class LedgerTests : ScenarioTest
{
    [Fact]
    public async Task Registration_CreditsTheWelcomeBonus_WithItsOwnExpiry()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");

        Assert.Equal(Scenario.WelcomeBonus, await Scenario.BalanceAsync(customer.Id));
        await using var db = Database.Open();
        var lot = await db.PointLots.SingleAsync();
        Assert.Equal(Database.Clock.GetUtcNow().UtcDateTime.AddDays(90), lot.ExpiresAt);
        var transfer = await db.Transfers.Include(t => t.Entries).SingleAsync();
        Assert.Equal(Reasons.WelcomeBonus, transfer.Reason);
        Assert.Equal(0, transfer.Entries.Sum(e => e.Amount));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Purchase_EarnsOnTheAmountPaidInMoney()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var receipt = await Scenario.BuyAsync(customer.Id, 10_000m, redeem: 1_000m);

        Assert.Equal(9_000m, receipt.Body.AmountPaid);
        Assert.Equal(450m, receipt.Body.EarnedPoints); // 5 % of 9,000 paid in money
        Assert.Equal(5_000m - 1_000m + 450m, receipt.Body.Balances.Main);
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task RedeemingAboveTheCap_IsRefused_AndNothingChanges()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var before = await Scenario.CountsAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Scenario.BuyAsync(customer.Id, 1_000m, redeem: 200.01m));

        Assert.Equal("redemption-over-cap", refused.Code);
        Assert.Equal(before, await Scenario.CountsAsync());
        Assert.Equal(Scenario.WelcomeBonus, await Scenario.BalanceAsync(customer.Id));
    }

    [Fact]
    public async Task RedeemingMoreThanTheBalance_IsRefused_AndNothingChanges()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var before = await Scenario.CountsAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => Scenario.BuyAsync(customer.Id, 100_000m, redeem: 5_000.01m));

        Assert.Equal("insufficient-points", refused.Code);
        Assert.Equal(before, await Scenario.CountsAsync());
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Adjustment_NeedsAReason_IsAudited_AndCannotGoBelowZero()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        var adjust = Database.Get<AdjustPoints>();

        await Assert.ThrowsAsync<ValidationException>(() => adjust.HandleAsync(new AdjustPointsCommand(customer.Id, 10m, " ", "olga")));
        var balance = await adjust.HandleAsync(new AdjustPointsCommand(customer.Id, 250.5m, "Compensation for a broken till", "olga"));
        Assert.Equal(Scenario.WelcomeBonus + 250_50, balance);
        var refused = await Assert.ThrowsAsync<DomainException>(() => adjust.HandleAsync(new AdjustPointsCommand(customer.Id, -100_000m, "Fraud reversal test", "olga")));
        Assert.Equal("insufficient-points", refused.Code);

        await using var db = Database.Open();
        var audit = await db.AuditEvents.SingleAsync(e => e.Kind == "points.adjusted");
        Assert.Equal("olga", audit.Actor);
        Assert.Contains("broken till", audit.Summary);
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Expiry_TakesOldestLotsFirst_AndRunningTwiceChangesNothing()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        await Scenario.BuyAsync(customer.Id, 20_000m); // +1,000 points, expiring in 24 months
        await Scenario.BuyAsync(customer.Id, 10_000m, redeem: 1_500m); // spends from the welcome lot first (expires sooner)

        Database.Clock.Advance(TimeSpan.FromDays(91));
        var expire = Database.Get<ExpirePoints>();
        Assert.Equal(1, await expire.HandleAsync());
        Assert.Equal(0, await expire.HandleAsync());

        // Welcome 5,000 − 1,500 spent = 3,500 expired; the purchase points (1,000 + 425) remain.
        Assert.Equal(1_425_00, await Scenario.BalanceAsync(customer.Id));
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task ExpiredPoints_CannotBeSpent_BeforeTheNightlyJobRuns_AndTheJobThenFindsNothing()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        await Scenario.BuyAsync(customer.Id, 20_000m); // +1,000 points for 24 months; the 5,000 welcome points last 90 days

        Database.Clock.Advance(TimeSpan.FromDays(91));
        var refused = await Assert.ThrowsAsync<DomainException>(() => Scenario.BuyAsync(customer.Id, 100_000m, redeem: 1_000.01m));
        Assert.Equal("insufficient-points", refused.Code);

        var receipt = await Scenario.BuyAsync(customer.Id, 10_000m, redeem: 1_000m);
        Assert.Equal(450m, receipt.Body.Balances.Main); // the welcome points expired on the spot; 450 earned on 9,000 paid

        await using (var db = Database.Open())
        {
            var expiry = await db.Transfers.Where(t => t.Reason == Reasons.Expiry).Include(t => t.Entries).SingleAsync();
            Assert.Equal(-5_000_00, expiry.Entries.Single(e => e.Amount < 0).Amount);
        }
        Assert.Equal(0, await Database.Get<ExpirePoints>().HandleAsync());
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Reconciliation_ReportsACachedBalanceThatDisagreesWithItsEntries()
    {
        var customer = await Scenario.RegisterAsync("+77015550001");
        await using (var db = Database.Open())
        {
            // Simulate corruption from outside the ledger: only reconciliation can notice it.
            await db.LedgerAccounts.Where(a => a.CustomerId == customer.Id && a.Kind == AccountKind.CustomerMain)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + 1));
        }

        var report = await Database.Get<ReconcileLedger>().HandleAsync();
        Assert.False(report.IsHealthy);
        var mismatch = Assert.Single(report.Mismatches);
        Assert.Equal(Scenario.WelcomeBonus + 1, mismatch.CachedBalance);
        Assert.Equal(Scenario.WelcomeBonus, mismatch.EntriesSum);
    }
}
