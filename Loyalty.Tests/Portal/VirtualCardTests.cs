using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Pos;
using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.Portal;

public class VirtualCardTests : ScenarioTest
{
    [Fact]
    public async Task Till_IdentifiesAMember_ByTheTokenOnTheirPhone()
    {
        var member = await Scenario.RegisterAsync("+77010001001", "Dana");
        var card = await Database.Get<GetVirtualCard>().HandleAsync(member.Id);

        var found = await Database.Get<IdentifyCustomer>().HandleAsync(Scenario.Caller, card.Token);

        Assert.Equal(member.Id, found.CustomerId);
        Assert.Matches("^OC[0-9]{16}$", card.Token);
    }

    [Fact]
    public async Task Token_IsAcceptedForItsStepAndTheNext_AndRefusedAfter()
    {
        var member = await Scenario.RegisterAsync("+77010001002");
        var token = (await Database.Get<GetVirtualCard>().HandleAsync(member.Id)).Token;
        var identify = Database.Get<IdentifyCustomer>();

        Database.Clock.Advance(CardToken.Step);
        Assert.Equal(member.Id, (await identify.HandleAsync(Scenario.Caller, token)).CustomerId);

        Database.Clock.Advance(CardToken.Step);
        var expired = await Assert.ThrowsAsync<DomainException>(() => identify.HandleAsync(Scenario.Caller, token));
        Assert.Equal("card-token-expired", expired.Code);
    }

    [Fact]
    public async Task Token_RotatesEveryStep_AndAWrongCodeIsRefused()
    {
        var member = await Scenario.RegisterAsync("+77010001003");
        var first = (await Database.Get<GetVirtualCard>().HandleAsync(member.Id)).Token;
        Database.Clock.Advance(CardToken.Step);
        var second = (await Database.Get<GetVirtualCard>().HandleAsync(member.Id)).Token;
        Assert.NotEqual(first, second);
        Assert.Equal(first[..12], second[..12]);

        var forged = first[..12] + ((int.Parse(first[12..]) + 1) % 1_000_000).ToString("D6");
        var refused = await Assert.ThrowsAsync<DomainException>(() => Database.Get<IdentifyCustomer>().HandleAsync(Scenario.Caller, forged));
        Assert.Equal("card-token-expired", refused.Code);
    }

    [Fact]
    public async Task Renewing_KillsTheOldToken()
    {
        var member = await Scenario.RegisterAsync("+77010001004");
        var old = (await Database.Get<GetVirtualCard>().HandleAsync(member.Id)).Token;
        await Database.Get<ManageMyCards>().RenewVirtualCardAsync(member.Id);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Database.Get<IdentifyCustomer>().HandleAsync(Scenario.Caller, old));
        Assert.Equal(404, refused.Status);
    }

    [Fact]
    public async Task Purchase_WithTheToken_EarnsPointsForTheMember()
    {
        var member = await Scenario.RegisterAsync("+77010001005");
        var token = (await Database.Get<GetVirtualCard>().HandleAsync(member.Id)).Token;

        var receipt = await Database.Get<RecordPurchase>().HandleAsync(Scenario.Caller, Guid.NewGuid().ToString(),
            new PurchaseRequest(token, "R-1", 1_000m, 0, null, null));

        Assert.Equal(member.Id, receipt.Body.CustomerId);
        Assert.Equal(Scenario.WelcomeBonus + 50_00, await Scenario.BalanceAsync(member.Id));
        var history = await Database.Get<ListMemberHistory>().HandleAsync(member.Id, new HistoryFilter(MovementKind.Earned, null, null));
        Assert.Contains(history.Items, h => h.PurchaseId == receipt.Body.TransactionId);
    }

    [Fact]
    public async Task LinkingAPlasticCard_ChecksTheDigit_AndABlockedCardStopsAtTheTill()
    {
        var member = await Scenario.RegisterAsync("+77010001006");
        var number = CardNumber.Complete("642000000000123");
        await using (var db = Database.Open())
        {
            db.Cards.Add(new Card(number, Database.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }
        var cards = Database.Get<ManageMyCards>();
        var typo = number[..^1] + (char)('0' + (number[^1] - '0' + 1) % 10);
        await Assert.ThrowsAsync<ValidationException>(() => cards.LinkAsync(member.Id, typo));

        await cards.LinkAsync(member.Id, number);
        Assert.Equal(member.Id, (await Database.Get<IdentifyCustomer>().HandleAsync(Scenario.Caller, number)).CustomerId);

        var linked = (await Database.Get<GetVirtualCard>().HandleAsync(member.Id)).Cards.Single();
        await cards.BlockAsync(member.Id, linked.Id);
        var blocked = await Assert.ThrowsAsync<DomainException>(() => Database.Get<IdentifyCustomer>().HandleAsync(Scenario.Caller, number));
        Assert.Equal("card-blocked", blocked.Code);
    }
}
