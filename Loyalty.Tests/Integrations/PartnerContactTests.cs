using System.Net;
using System.Net.Http.Json;
using System.Text;
using Loyalty.Core.Common;
using Loyalty.Core.Imports;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integrations;

/// <summary>Decision 0165: where a partner's customer data conflicts with the member's, both sides are kept.</summary>
public class PartnerContactTests : IntegrationTestApp
{
    private async Task ImportAsync(HttpClient client, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var response = await client.PostAsync("/api/v1/imports/customers", content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        await Service<RunImports>().HandleAsync();
    }

    [Fact]
    public async Task ConflictingNameAndEmail_KeepTheMembers_AndThePartnersAsItsContactRecord()
    {
        var member = await Scenario.RegisterAsync("+77015554101", "Aigerim");
        await using (var db = Service<ILoyaltyDbFactory>().Create())
            await db.Customers.Where(c => c.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Email, "own@example.com"));

        await ImportAsync(Client, "phone,first_name,last_name,email\n+77015554101,Aigul,Sadykova,shop@example.com\n");

        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            var c = await db.Customers.SingleAsync(x => x.Id == member.Id);
            Assert.Equal(("Aigerim", "Sadykova", "own@example.com"), (c.FirstName, c.LastName, c.Email)); // the member's own kept, the blank filled
            var contact = await db.PartnerContacts.SingleAsync();
            Assert.Equal((Scenario.Partner.Id, member.Id), (contact.PartnerId, contact.CustomerId));
            Assert.Equal(("Aigul", null, "shop@example.com"), (contact.FirstName, contact.LastName, contact.Email)); // only what conflicted
            Assert.StartsWith("import ", contact.Source);
        }

        // The API upsert later sends another e-mail: the same record is updated, the first name the partner gave stays.
        var upsert = await Client.PutAsJsonAsync("/api/v1/customers", new { phone = "+77015554101", email = "new-shop@example.com" });
        Assert.True(upsert.IsSuccessStatusCode, await upsert.Content.ReadAsStringAsync());
        // Another partner's differing data is its own record, invisible to the first.
        var other = await Infrastructure.Scenario.CreateAsync(App.Services);
        using var otherClient = ClientWith(await CreateKeyAsync(other, Core.Integrations.IntegrationScopes.All));
        await ImportAsync(otherClient, "phone,first_name\n+77015554101,Aika\n");

        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            Assert.Equal("own@example.com", (await db.Customers.SingleAsync(x => x.Id == member.Id)).Email);
            var mine = await db.PartnerContacts.SingleAsync(x => x.PartnerId == Scenario.Partner.Id);
            Assert.Equal(("Aigul", "new-shop@example.com", "partner-api"), (mine.FirstName, mine.Email, mine.Source));
            var theirs = await db.PartnerContacts.SingleAsync(x => x.PartnerId == other.Partner.Id);
            Assert.Equal(("Aika", (string?)null), (theirs.FirstName, theirs.Email));
        }
    }
}
