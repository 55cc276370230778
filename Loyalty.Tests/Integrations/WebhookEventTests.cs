using System.Text;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Imports;
using Loyalty.Core.Pos;
using Loyalty.Core.Programs;
using Loyalty.Core.PromoCodes;
using Loyalty.Core.Webhooks;
using Loyalty.Tests.PromoCodes;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integrations;

/// <summary>The events not covered elsewhere, delivered over real HTTP to a receiver on loopback that checks every signature.</summary>
public class WebhookEventTests : IntegrationTestApp
{
    private WebhookReceiver _receiver = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task SubscribeAsync(Guid partnerId, params string[] events)
    {
        var id = await Service<SaveWebhookSubscription>().HandleAsync(partnerId, null, new WebhookForm(_receiver.Url, events), "test");
        _receiver.Secret = (await Service<ListWebhookSubscriptions>().HandleAsync(partnerId)).Single(s => s.Id == id).Secret;
    }

    private async Task DrainAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            await Service<DispatchWebhooks>().HandleAsync();
            await using var db = Service<ILoyaltyDbFactory>().Create();
            if (!await db.WebhookDeliveries.AnyAsync(d => d.Status == DeliveryStatus.Pending)) return;
        }
        Assert.Fail("Deliveries still pending after 20 dispatcher runs.");
    }

    [Fact]
    public async Task TierChange_IsDelivered_WhenAPurchaseLiftsTheMemberIntoATier()
    {
        var gold = new Tier("Gold", 1, 10_000_00, 700, 3000);
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            db.Tiers.Add(gold);
            await db.SaveChangesAsync();
        }
        Service<PosReferenceData>().Forget();
        await SubscribeAsync(Scenario.Partner.Id, WebhookEvents.TierChange);
        var member = await Scenario.RegisterAsync("+77015556001");

        await BuyAsync(Client, member.Id, "T-1", 4_000m);  // below the threshold: no change, no event
        await BuyAsync(Client, member.Id, "T-2", 7_000m);  // 11,000 in the window: Gold
        await DrainAsync();

        Assert.Equal(0, _receiver.BadSignatures);
        var (_, type, body) = Assert.Single(_receiver.Accepted);
        Assert.Equal(WebhookEvents.TierChange, type);
        var data = body.GetProperty("data");
        Assert.Equal(member.Id, data.GetProperty("customerId").GetGuid());
        Assert.Equal(gold.Id, data.GetProperty("tierId").GetGuid());
        Assert.Equal("Gold", data.GetProperty("tierName").GetString());
        Assert.Equal(Scenario.Partner.Id, body.GetProperty("partnerId").GetGuid());
    }

    [Fact]
    public async Task PromoActivation_IsDeliveredToTheManufacturer_Only()
    {
        var (maker, product) = await PromoTestData.MakerAsync(App.Services, points: 3);
        var batch = await PromoTestData.ApprovedBatchAsync(App.Services, maker.Id, product, 2);
        await Service<GenerateCodes>().HandleAsync();
        var code = Service<PrintFiles>().ReadCodes(batch).First().Code;
        await SubscribeAsync(maker.Id, WebhookEvents.PromoActivation);
        var member = await Scenario.RegisterAsync("+77015556002");

        await Service<ActivatePromoCode>().HandleAsync(new ActivationSource(member.Id, null, null), code, ActivationChannel.CustomerArea);
        await BuyAsync(Client, member.Id, "P-1", 1_000m); // the merchant's sale is not the maker's event
        await DrainAsync();

        var (_, type, body) = Assert.Single(_receiver.Accepted);
        Assert.Equal(WebhookEvents.PromoActivation, type);
        var data = body.GetProperty("data");
        Assert.Equal(member.Id, data.GetProperty("customerId").GetGuid());
        Assert.Equal(3, data.GetProperty("points").GetInt32());
        Assert.Equal("Crunchy cereal", data.GetProperty("product").GetString());
        Assert.Equal(maker.Id, body.GetProperty("partnerId").GetGuid());
    }

    [Fact]
    public async Task CustomerCreated_FiresForAJoinFromThePartnersPage_AndForItsCustomerBaseImport()
    {
        await SubscribeAsync(Scenario.Partner.Id, WebhookEvents.NewCustomer);
        var register = Service<RegisterCustomer>();
        var fromPage = await register.HandleAsync(new RegisterCustomerCommand("+77015557001", "Page", null, null, false, false, "portal",
            JoinedAtPartnerSlug: Scenario.Partner.Slug), "KZ");
        await register.HandleAsync(new RegisterCustomerCommand("+77015557002", "Plain", null, null, false, false, "portal"), "KZ"); // no partner: nobody told
        var other = await Infrastructure.Scenario.CreateAsync(App.Services);
        await register.HandleAsync(new RegisterCustomerCommand("+77015557003", "Elsewhere", null, null, false, false, "portal",
            JoinedAtPartnerSlug: other.Partner.Slug), "KZ"); // another partner's page: that partner's event

        using (var content = new StringContent("phone,first_name\n+77015557001,Known\n+77015557004,Imported\n", Encoding.UTF8, "text/csv"))
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await Client.PostAsync("/api/v1/imports/customers", content)).StatusCode);
        await Service<RunImports>().HandleAsync();
        await DrainAsync();

        var accepted = _receiver.Accepted.Select(a => a.Body.GetProperty("data")).ToList();
        Assert.Equal(2, accepted.Count);
        Assert.Equal((fromPage.Id, "portal"), (accepted[0].GetProperty("customerId").GetGuid(), accepted[0].GetProperty("source").GetString()));
        await using var db = Service<ILoyaltyDbFactory>().Create();
        var imported = await db.Customers.SingleAsync(c => c.Phone == "+77015557004");
        Assert.Equal((imported.Id, "import"), (accepted[1].GetProperty("customerId").GetGuid(), accepted[1].GetProperty("source").GetString()));
        Assert.Equal(1, await db.IntegrationEvents.CountAsync(e => e.PartnerId == other.Partner.Id && e.Type == WebhookEvents.NewCustomer));
    }
}
