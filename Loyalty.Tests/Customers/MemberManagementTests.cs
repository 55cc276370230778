using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Points;
using Loyalty.Core.Pos;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Customers;

public class MemberManagementTests : ScenarioTest
{
    private async Task<string> IssueCardAsync(string body)
    {
        var number = CardNumber.Complete(body);
        await using var db = Database.Open();
        db.Cards.Add(new Card(number, Database.Clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync();
        return number;
    }

    [Fact]
    public async Task BlockedMember_IsRefusedAtTheTill_AndUnblockingLetsThemBackIn()
    {
        var member = await Scenario.RegisterAsync("+77015550101");
        var block = Database.Get<SetCustomerBlocked>();
        var identify = Database.Get<IdentifyCustomer>();

        await Assert.ThrowsAsync<ValidationException>(() => block.HandleAsync(new SetCustomerBlockedCommand(member.Id, true, "no", "op@x")));
        await block.HandleAsync(new SetCustomerBlockedCommand(member.Id, true, "Card sharing fraud #12", "op@x"));
        var refused = await Assert.ThrowsAsync<DomainException>(() => identify.HandleAsync(Scenario.Caller, "+77015550101"));
        Assert.Equal("customer-blocked", refused.Code);

        await block.HandleAsync(new SetCustomerBlockedCommand(member.Id, false, "Resolved with the member", "op@x"));
        Assert.Equal(member.Id, (await identify.HandleAsync(Scenario.Caller, "+77015550101")).CustomerId);
        await using var db = Database.Open();
        Assert.Equal(["customer.blocked", "customer.unblocked"],
            await db.AuditEvents.Where(e => e.CustomerId == member.Id && (e.Kind == "customer.blocked" || e.Kind == "customer.unblocked")).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
    }

    [Fact]
    public async Task Merge_MovesCardsPurchasesAndPointsThroughTheLedger_AndRetiresTheDuplicate()
    {
        var survivor = await Scenario.RegisterAsync("+77015550201", "Aruzhan");
        var duplicate = await Scenario.RegisterAsync("+77015550202", "Aruzhan");
        var card = await IssueCardAsync("642000000777001");
        await Database.Get<ChangeCard>().HandleAsync(new ChangeCardCommand(card, CardAction.Link, "op@x", duplicate.Id));
        var purchase = (await Scenario.BuyAsync(duplicate.Id, 10_000m)).Body;
        var before = (Survivor: await Scenario.BalanceAsync(survivor.Id), Duplicate: await Scenario.BalanceAsync(duplicate.Id));
        int transfersOfDuplicate;
        await using (var db = Database.Open()) transfersOfDuplicate = await db.Transfers.CountAsync(t => t.CustomerId == duplicate.Id);

        var result = await Database.Get<MergeCustomers>().HandleAsync(new MergeCustomersCommand(duplicate.Id, survivor.Id, "Same person, two phones", "op@x"));

        Assert.Equal(before.Duplicate, result.MainPoints);
        Assert.Equal(1, result.Cards);
        Assert.Equal(1, result.Purchases);
        Assert.Equal(before.Survivor + before.Duplicate, await Scenario.BalanceAsync(survivor.Id));
        Assert.Equal(0, await Scenario.BalanceAsync(duplicate.Id));
        await Scenario.AssertLedgerHealthyAsync();
        await using (var db = Database.Open())
        {
            var retired = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == duplicate.Id);
            Assert.Equal(CustomerStatus.Merged, retired.Status);
            Assert.Equal(survivor.Id, retired.MergedIntoId);
            Assert.Equal(survivor.Id, (await db.Cards.SingleAsync(k => k.Number == card)).CustomerId);
            Assert.Equal(survivor.Id, (await db.Purchases.SingleAsync(p => p.Id == purchase.TransactionId)).CustomerId);
            // History is not rewritten: the duplicate's transfers are all still its own.
            Assert.Equal(transfersOfDuplicate, await db.Transfers.CountAsync(t => t.CustomerId == duplicate.Id));
            Assert.True(await db.Transfers.AnyAsync(t => t.CustomerId == survivor.Id && t.Reason == MergeCustomers.Reason));
            Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Kind == "customer.merged"));
        }

        // The till finds the survivor by the moved card and refuses the retired phone.
        var identify = Database.Get<IdentifyCustomer>();
        Assert.Equal(survivor.Id, (await identify.HandleAsync(Scenario.Caller, card)).CustomerId);
        Assert.Equal("customer-merged", (await Assert.ThrowsAsync<DomainException>(() => identify.HandleAsync(Scenario.Caller, "+77015550202"))).Code);
        await Assert.ThrowsAsync<DomainException>(() =>
            Database.Get<MergeCustomers>().HandleAsync(new MergeCustomersCommand(duplicate.Id, survivor.Id, "Same person again", "op@x")));
    }

    [Fact]
    public async Task BlockedCard_IsRefusedAtTheTill_AndUnlinkingFreesIt()
    {
        var member = await Scenario.RegisterAsync("+77015550301");
        var card = await IssueCardAsync("642000000777002");
        var change = Database.Get<ChangeCard>();
        await change.HandleAsync(new ChangeCardCommand(card, CardAction.Link, "op@x", member.Id));
        await change.HandleAsync(new ChangeCardCommand(card, CardAction.Block, "op@x"));
        var identify = Database.Get<IdentifyCustomer>();
        Assert.Equal("card-blocked", (await Assert.ThrowsAsync<DomainException>(() => identify.HandleAsync(Scenario.Caller, card))).Code);
        await change.HandleAsync(new ChangeCardCommand(card, CardAction.Unblock, "op@x"));
        Assert.Equal(member.Id, (await identify.HandleAsync(Scenario.Caller, card)).CustomerId);
        await change.HandleAsync(new ChangeCardCommand(card, CardAction.Unlink, "op@x"));
        await using var db = Database.Open();
        var freed = await db.Cards.AsNoTracking().SingleAsync(k => k.Number == card);
        Assert.Null(freed.CustomerId);
        Assert.Equal(CardStatus.Issued, freed.Status);
    }
}
