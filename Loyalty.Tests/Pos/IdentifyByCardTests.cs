using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Pos;
using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.Pos;

/// <summary>A cashier scans a plastic card: its owner, an unlinked card, a blocked card, a typo.</summary>
public class IdentifyByCardTests : ScenarioTest
{
    [Fact]
    public async Task ACard_FindsItsOwner_UnlessItIsBlockedUnlinkedOrMistyped()
    {
        var customer = await Scenario.RegisterAsync("+77015550001", "Aigerim");
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        var linked = new Card(CardNumber.Complete("642000000000001"), now);
        linked.LinkTo(customer.Id, now);
        var unlinked = new Card(CardNumber.Complete("642000000000002"), now);
        var blocked = new Card(CardNumber.Complete("642000000000003"), now);
        blocked.LinkTo(customer.Id, now);
        blocked.Block();
        await using (var db = Database.Open())
        {
            db.Cards.AddRange(linked, unlinked, blocked);
            await db.SaveChangesAsync();
        }
        var identify = Database.Get<IdentifyCustomer>();

        var found = await identify.HandleAsync(Scenario.Caller, linked.Number);
        Assert.Equal(customer.Id, found.CustomerId);
        Assert.Equal("Aigerim", found.DisplayName);

        Assert.Equal("customer-not-found", (await Assert.ThrowsAsync<DomainException>(() => identify.HandleAsync(Scenario.Caller, unlinked.Number))).Code);
        Assert.Equal("card-blocked", (await Assert.ThrowsAsync<DomainException>(() => identify.HandleAsync(Scenario.Caller, blocked.Number))).Code);
        var typo = linked.Number[..^1] + (linked.Number[^1] == '9' ? '0' : (char)(linked.Number[^1] + 1));
        Assert.Equal("card-check-digit", (await Assert.ThrowsAsync<DomainException>(() => identify.HandleAsync(Scenario.Caller, typo))).Code);
    }
}
