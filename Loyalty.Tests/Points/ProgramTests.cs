using Loyalty.Core.Common;
using Loyalty.Core.Programs;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Points;

public class ProgramTests : ScenarioTest
{
    private static ProgramForm Form(decimal welcome = 1_000m, params TierForm[] tiers) =>
        new("OneCard", "KZT", 24, welcome, 30, 365, tiers);

    [Fact]
    public async Task NewWelcomeBonus_AppliesToTheNextRegistration()
    {
        await Database.Get<UpdateProgram>().HandleAsync(Form(welcome: 1_000m), "olga");
        var customer = await Scenario.RegisterAsync("+77015550001");
        Assert.Equal(1_000_00, await Scenario.BalanceAsync(customer.Id));
    }

    [Fact]
    public async Task Tiers_AreAssignedBySpend_AndDropAfterARefund()
    {
        await Database.Get<UpdateProgram>().HandleAsync(Form(0m, new TierForm("Gold", 100_000m, 10m, 15m), new TierForm("Silver", 10_000m, 7m, 10m)), "olga");
        var customer = await Scenario.RegisterAsync("+77015550001");
        var purchase = (await Scenario.BuyAsync(customer.Id, 120_000m)).Body;

        Assert.Equal("Gold", await TierOfAsync(customer.Id));
        await Scenario.RefundAsync(purchase.TransactionId, 100_000m);
        Assert.Equal("Silver", await TierOfAsync(customer.Id));
    }

    [Fact]
    public async Task InvalidSettings_AreRefused_WithAMessagePerField()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Database.Get<UpdateProgram>().HandleAsync(
            new ProgramForm("", "KZT", 0, -5m, 0, 1, [new TierForm("A", 10m, 101m, 5m), new TierForm("B", 10m, 5m, 5m)]), "olga"));
        Assert.Contains("name", error.Errors.Keys);
        Assert.Contains("pointsExpiryMonths", error.Errors.Keys);
        Assert.Contains("welcomeBonus", error.Errors.Keys);
        Assert.Contains("tiers[0].earnPercent", error.Errors.Keys);
        Assert.Contains("tiers[1].spendThreshold", error.Errors.Keys);
    }

    private async Task<string?> TierOfAsync(Guid customerId)
    {
        await using var db = Database.Open();
        return await db.Customers.Where(c => c.Id == customerId)
            .Select(c => db.Tiers.Where(t => t.Id == c.TierId).Select(t => t.Name).FirstOrDefault()).SingleAsync();
    }
}
