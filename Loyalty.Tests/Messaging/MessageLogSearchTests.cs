using Loyalty.Core.Messaging;
using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.Messaging;

/// <summary>
/// The message log's recipient search finds what an index can find (0190): an address by its beginning, and the messages
/// of members by the end of their phone or the beginning of a name — only ever among the partner's own messages.
/// </summary>
public class MessageLogSearchTests : ScenarioTest
{
    [Fact]
    public async Task RecipientSearch_FindsByAddressStart_PhoneEnding_AndName_WithinThePartnersOwnLog()
    {
        var dana = await Scenario.RegisterAsync("+77015550123", "Dana");
        var bolat = await Scenario.RegisterAsync("+77015559876", "Bolat");
        var other = await Scenario.CreateAsync(Database.Services);
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        var partner = Scenario.Partner.Id;
        await using (var db = Database.Open())
        {
            db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Email, "dana.k@example.com", "Spring", "Hello", false, now, dana.Id, partner));
            db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Sms, "+77015559876", null, "Code", true, now, bolat.Id, partner));
            db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Email, "dana.k@example.com", "Theirs", "Hello", false, now, dana.Id, other.Partner.Id));
            db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Email, "press@example.com", "News", "Hello", false, now, null, partner));
            await db.SaveChangesAsync();
        }
        var search = Database.Get<SearchMessages>();
        async Task<List<string>> Find(string text) =>
            (await search.HandleAsync(partner, new MessageQuery(text, null, null, null, null, null, 0, 20))).Items.Select(m => m.Recipient).Order().ToList();

        Assert.Equal(["dana.k@example.com"], await Find("dana.k@"));
        Assert.Equal(["press@example.com"], await Find("press"));
        Assert.Equal(["+77015559876"], await Find("9876"));
        Assert.Equal(["dana.k@example.com"], await Find("0123"));
        Assert.Equal(["dana.k@example.com"], await Find("dan")); // the member's first name, typed in lower case
        Assert.Equal(["+77015559876"], await Find("Bolat"));
        Assert.Equal(["+77015559876"], await Find("+7 701 555 98 76"));
        Assert.Empty(await Find("xyz"));
        Assert.Empty(await Find("example.com")); // the middle of an address is not searched
        // The operator's log holds both partners' messages to Dana.
        Assert.Equal(2, (await search.HandleAsync(null, new MessageQuery("dana", null, null, null, null, null, 0, 20))).Total);
    }
}
