using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Infrastructure;

/// <summary>
/// A small coalition built through the real use cases: one active partner (5 % earn, 20 % cap) with a store and a
/// POS terminal, and members registered with the default 5,000-point welcome bonus.
/// </summary>
public sealed class Scenario
{
    public const long WelcomeBonus = 5_000_00;

    private readonly IServiceProvider _services;

    private Scenario(IServiceProvider services, Partner partner, Store store, PosCaller caller, string apiKey)
    {
        _services = services;
        Partner = partner;
        Store = store;
        Caller = caller;
        ApiKey = apiKey;
    }

    public Partner Partner { get; }
    public Store Store { get; }
    public PosCaller Caller { get; }
    public string ApiKey { get; }

    public static async Task<Scenario> CreateAsync(IServiceProvider services, int earnBp = 500, int capBp = 2000)
    {
        var dbs = services.GetRequiredService<ILoyaltyDbFactory>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var partner = new Partner("Test Mart " + Guid.NewGuid().ToString("N")[..6], "test-" + Guid.NewGuid().ToString("N")[..10], BusinessArea.FoodRetail, "KZ", "KZT", "Asia/Almaty", now);
        partner.Approve();
        partner.Activate(now);
        partner.SetRewards(earnBp, capBp, false);
        var store = new Store(partner.Id, "Central", "Almaty", "1 Abay Ave", "Asia/Almaty");
        await using (var db = dbs.Create())
        {
            db.Partners.Add(partner);
            db.Stores.Add(store);
            await db.SaveChangesAsync();
        }
        var terminal = await services.GetRequiredService<CreateTerminal>().HandleAsync(partner.Id, store.Id, "Till 1", "test");
        var caller = await services.GetRequiredService<AuthenticateTerminal>().HandleAsync(terminal.ApiKey)
            ?? throw new InvalidOperationException("The new terminal does not authenticate.");
        return new Scenario(services, partner, store, caller, terminal.ApiKey);
    }

    public async Task<Customer> RegisterAsync(string phone, string name = "Dana") =>
        await _services.GetRequiredService<RegisterCustomer>().HandleAsync(
            new RegisterCustomerCommand(phone, name, null, null, false, false, "test"), "KZ");

    public Task<Idempotent<PurchaseReceipt>> BuyAsync(Guid customerId, decimal amount, decimal redeem = 0, string? key = null, string? receipt = null,
        IReadOnlyList<PurchaseItemRequest>? items = null) =>
        _services.GetRequiredService<RecordPurchase>().HandleAsync(Caller, key ?? Guid.NewGuid().ToString(),
            new PurchaseRequest(customerId.ToString(), receipt ?? Guid.NewGuid().ToString("N")[..12], amount, redeem, items, null));

    public Task<Idempotent<RefundReceipt>> RefundAsync(Guid purchaseId, decimal amount, string? key = null) =>
        _services.GetRequiredService<RefundPurchase>().HandleAsync(Caller, purchaseId, key ?? Guid.NewGuid().ToString(), new RefundRequest(amount));

    public async Task<long> BalanceAsync(Guid customerId)
    {
        await using var db = _services.GetRequiredService<ILoyaltyDbFactory>().Create();
        var key = LedgerAccount.KeyFor(AccountKind.CustomerMain, customerId);
        return await db.LedgerAccounts.Where(a => a.Key == key).Select(a => a.Balance).SingleAsync();
    }

    public async Task<(int Purchases, int Transfers, int Refunds)> CountsAsync()
    {
        await using var db = _services.GetRequiredService<ILoyaltyDbFactory>().Create();
        return (await db.Purchases.CountAsync(), await db.Transfers.CountAsync(), await db.Refunds.CountAsync());
    }

    public async Task AssertLedgerHealthyAsync()
    {
        var report = await _services.GetRequiredService<ReconcileLedger>().HandleAsync();
        Assert.True(report.IsHealthy, $"total {report.EntriesTotal}, unbalanced {report.UnbalancedTransfers.Count}, " +
            string.Join("; ", report.Mismatches.Select(m => $"{m.Key} cached {m.CachedBalance} entries {m.EntriesSum} lots {m.LotsRemaining}")));
    }
}
