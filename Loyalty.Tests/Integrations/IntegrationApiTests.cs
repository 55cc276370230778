using System.Net;
using System.Net.Http.Json;
using Loyalty.Core.Common;
using Loyalty.Core.Integrations;
using Loyalty.Core.Webhooks;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integrations;

/// <summary>The integration API /api/v1 over real HTTP on loopback: sales, scopes, customers, exports, isolation.</summary>
public class IntegrationApiTests : IntegrationTestApp
{
    [Fact]
    public async Task OnlineOrder_EarnsLikeATill_AndRefundsThroughTheSameUseCases()
    {
        var member = await Scenario.RegisterAsync("+77015550001", "Aigerim");
        var first = await BuyAsync(Client, member.Id, "WEB-1", 10_000m);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = await JsonAsync(first);
        Assert.Equal(500m, receipt.GetProperty("earnedPoints").GetDecimal());

        var replay = await BuyAsync(Client, member.Id, "WEB-1", 10_000m);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        using var refund = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/purchases/{receipt.GetProperty("transactionId").GetGuid()}/refunds")
        { Content = JsonContent.Create(new { amount = 2_500m }) };
        refund.Headers.Add("Idempotency-Key", "refund-1");
        var refunded = await Client.SendAsync(refund);
        Assert.Equal(HttpStatusCode.Created, refunded.StatusCode);
        Assert.Equal(125m, (await JsonAsync(refunded)).GetProperty("reversedPoints").GetDecimal());

        await using var db = Service<ILoyaltyDbFactory>().Create();
        var purchase = await db.Purchases.SingleAsync();
        var integration = await db.ApiIntegrations.SingleAsync();
        Assert.Equal(integration.TerminalId, purchase.TerminalId);
        // The outbox holds one event per effect, written in the same transactions.
        Assert.Equal([WebhookEvents.Purchase, WebhookEvents.Refund], await db.IntegrationEvents.OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());
        await Scenario.AssertLedgerHealthyAsync();
    }

    [Fact]
    public async Task Keys_AreScoped_AndAnIntegrationKeyIsNoTillKey()
    {
        var member = await Scenario.RegisterAsync("+77015550002");
        using var readOnly = ClientWith(await CreateKeyAsync(Scenario, [IntegrationScopes.CustomersRead]));

        await AssertProblemAsync(await BuyAsync(readOnly, member.Id, "WEB-2", 100m), 403, "insufficient-scope");
        await AssertProblemAsync(await readOnly.GetAsync("/api/v1/exports/transactions"), 403, "insufficient-scope");
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/v1/customers/lookup?phone=%2B77015550002")).StatusCode);

        // The same key at the POS API is unknown there, so scopes cannot be bypassed.
        using var pos = new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/customers/identify") { Content = JsonContent.Create(new { identifier = member.Id.ToString() }) };
        pos.Headers.Add("X-Api-Key", Key);
        await AssertProblemAsync(await App.CreateClient().SendAsync(pos), 401, "invalid-api-key");
        // And a till key is no integration key.
        using var tillKey = ClientWith(Scenario.ApiKey);
        await AssertProblemAsync(await tillKey.GetAsync("/api/v1/offers"), 401, "invalid-api-key");
        Assert.Equal(0, (await Scenario.CountsAsync()).Purchases);
    }

    [Fact]
    public async Task RevokedKey_IsRefusedAtOnce()
    {
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            var id = await db.ApiIntegrations.Select(i => i.Id).SingleAsync();
            await Service<RevokeIntegration>().HandleAsync(Scenario.Partner.Id, id, "test");
        }
        await AssertProblemAsync(await Client.GetAsync("/api/v1/offers"), 401, "invalid-api-key");
    }

    [Theory]
    [InlineData("""{"customer":"+77015550003","receiptNumber":"X","amount":-5}""", 400, "validation")]
    [InlineData("""{"customer":"+77015550003","receiptNumber":"X","amount":"ten"}""", 400, "bad-request")]
    [InlineData("""{"customer":"+77019999999","receiptNumber":"X","amount":10}""", 404, "customer-not-found")]
    public async Task BadOrder_IsProblemDetails_AndWritesNothing(string body, int status, string type)
    {
        await Scenario.RegisterAsync("+77015550003");
        var before = await Scenario.CountsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/purchases") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "bad-" + status);
        await AssertProblemAsync(await Client.SendAsync(request), status, type);
        Assert.Equal(before, await Scenario.CountsAsync());
        await using var db = Service<ILoyaltyDbFactory>().Create();
        Assert.Equal(0, await db.IntegrationEvents.CountAsync());
    }

    [Fact]
    public async Task CustomerUpsert_CreatesOnce_ThenOnlyFillsBlanks()
    {
        var created = await Client.PutAsJsonAsync("/api/v1/customers", new { phone = "8 701 555 00 04", firstName = "Dana", email = (string?)null, marketingConsent = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("customerId").GetGuid();

        var again = await Client.PutAsJsonAsync("/api/v1/customers", new { phone = "+77015550004", firstName = "Someone else", email = "dana@example.com" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await JsonAsync(again)).GetProperty("customerId").GetGuid());

        await using var db = Service<ILoyaltyDbFactory>().Create();
        var customer = await db.Customers.SingleAsync(c => c.Id == id);
        Assert.Equal("Dana", customer.FirstName);              // the member's word wins
        Assert.Equal("dana@example.com", customer.Email);      // a blank is filled
        Assert.Null(customer.SmsConsentAt);                    // no consent, not contactable
        Assert.Equal(1, await db.IntegrationEvents.CountAsync(e => e.Type == WebhookEvents.NewCustomer));

        await AssertProblemAsync(await Client.PutAsJsonAsync("/api/v1/customers", new { phone = "12", firstName = "X" }), 400, "validation");
    }

    [Fact]
    public async Task Lookup_And_History_ShowBalancesAndThisPartnersPoints()
    {
        var member = await Scenario.RegisterAsync("+77015550005", "Aruzhan");
        await BuyAsync(Client, member.Id, "WEB-5", 2_000m);
        var lookup = await JsonAsync(await Client.GetAsync("/api/v1/customers/lookup?phone=%2B77015550005"));
        Assert.Equal("Aruzhan", lookup.GetProperty("displayName").GetString());
        Assert.Equal(5_100m, lookup.GetProperty("mainBalance").GetDecimal());
        var history = await JsonAsync(await Client.GetAsync($"/api/v1/customers/{member.Id}/transactions"));
        Assert.Equal(100m, history[0].GetProperty("points").GetDecimal());
        await AssertProblemAsync(await Client.GetAsync("/api/v1/customers/lookup"), 400, "validation");
    }

    [Fact]
    public async Task TransactionExport_PagesThroughEverything_WithTamperProofCursors()
    {
        var member = await Scenario.RegisterAsync("+77015550006");
        for (var i = 0; i < 7; i++) Assert.Equal(HttpStatusCode.Created, (await BuyAsync(Client, member.Id, $"WEB-E{i}", 100m + i)).StatusCode);

        var receipts = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(await Client.GetAsync("/api/v1/exports/transactions?limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
            receipts.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("receiptNumber").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"WEB-E{i}").Order(), receipts.Order());
        Assert.Equal(3, pages);

        var first = await JsonAsync(await Client.GetAsync("/api/v1/exports/transactions?limit=3"));
        var valid = first.GetProperty("nextCursor").GetString()!;
        var tampered = valid[..^3] + (valid[^3] == 'A' ? 'B' : 'A') + valid[^2..];
        await AssertProblemAsync(await Client.GetAsync("/api/v1/exports/transactions?cursor=" + Uri.EscapeDataString(tampered)), 400, "invalid-cursor");
        // A transactions cursor is not a customers cursor.
        await AssertProblemAsync(await Client.GetAsync("/api/v1/exports/customers?cursor=" + Uri.EscapeDataString(valid)), 400, "invalid-cursor");

        var customers = await JsonAsync(await Client.GetAsync("/api/v1/exports/customers"));
        Assert.Equal(member.Id, customers.GetProperty("items").EnumerateArray().Single().GetProperty("customerId").GetGuid());
    }

    [Fact]
    public async Task Partners_SeeOnlyTheirOwn()
    {
        var member = await Scenario.RegisterAsync("+77015550007");
        var receipt = await JsonAsync(await BuyAsync(Client, member.Id, "WEB-7", 1_000m));
        var other = await Scenario.CreateAsync(App.Services);
        using var otherClient = ClientWith(await CreateKeyAsync(other, IntegrationScopes.All));

        using var refund = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/purchases/{receipt.GetProperty("transactionId").GetGuid()}/refunds") { Content = JsonContent.Create(new { amount = 10m }) };
        refund.Headers.Add("Idempotency-Key", "steal");
        await AssertProblemAsync(await otherClient.SendAsync(refund), 404, "purchase-not-found");
        Assert.Empty((await JsonAsync(await otherClient.GetAsync("/api/v1/exports/transactions"))).GetProperty("items").EnumerateArray());
        Assert.Empty((await JsonAsync(await otherClient.GetAsync("/api/v1/exports/customers"))).GetProperty("items").EnumerateArray());
        Assert.Empty((await JsonAsync(await otherClient.GetAsync($"/api/v1/customers/{member.Id}/transactions"))).EnumerateArray());

        // A cursor issued to one partner is refused to another.
        await BuyAsync(Client, member.Id, "WEB-7b", 1_000m);
        var cursor = (await JsonAsync(await Client.GetAsync("/api/v1/exports/transactions?limit=1"))).GetProperty("nextCursor").GetString()!;
        await AssertProblemAsync(await otherClient.GetAsync("/api/v1/exports/transactions?cursor=" + Uri.EscapeDataString(cursor)), 400, "invalid-cursor");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheIntegrationApi_WithExamples()
    {
        var doc = await JsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/purchases", out var purchases));
        Assert.False(paths.TryGetProperty("/api/pos/v1/purchases", out _));
        Assert.Equal("WEB-100234", purchases.GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json")
            .GetProperty("example").GetProperty("receiptNumber").GetString());
        var offers = paths.GetProperty("/api/v1/offers").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content")
            .GetProperty("application/json").GetProperty("example");
        Assert.Equal("Double points weekend", offers.GetProperty("campaigns")[0].GetProperty("name").GetString());
        Assert.Equal("offer", offers.GetProperty("posts")[0].GetProperty("kind").GetString());
        var pos = await JsonAsync(await App.CreateClient().GetAsync("/openapi/pos.json"));
        Assert.False(pos.GetProperty("paths").TryGetProperty("/api/v1/purchases", out _));
    }
}

/// <summary>Issue 4's fourth channel: a partner's web shop activates a packaging code for its signed-in shopper.</summary>
public class IntegrationPromoActivationTests : IntegrationTestApp
{
    [Fact]
    public async Task A_shop_activates_a_code_for_its_shopper_once_and_needs_the_scope()
    {
        var member = await Scenario.RegisterAsync("+77015550091", "Dana");
        var (maker, product) = await PromoCodes.PromoTestData.MakerAsync(App.Services, points: 3);
        var batch = await PromoCodes.PromoTestData.ApprovedBatchAsync(App.Services, maker.Id, product, 2);
        await Service<Loyalty.Core.PromoCodes.GenerateCodes>().HandleAsync();
        var code = Service<Loyalty.Core.PromoCodes.PrintFiles>().ReadCodes(batch).First().Code;

        // Without the promo-code scope the key is refused and nothing changes.
        using var salesOnly = ClientWith(await CreateKeyAsync(Scenario, [IntegrationScopes.Sales]));
        await AssertProblemAsync(await salesOnly.PostAsJsonAsync("/api/v1/promo-codes/activate", new { customerId = member.Id, code }), 403, "insufficient-scope");

        var activated = await Client.PostAsJsonAsync("/api/v1/promo-codes/activate", new { customerId = member.Id, code = code.ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var body = await JsonAsync(activated);
        Assert.Equal(3m, body.GetProperty("points").GetDecimal());
        Assert.Equal(3m, body.GetProperty("promoBalance").GetDecimal());

        // The same code again is "already used"; a code that does not exist is "not found"; the ledger stays whole.
        await AssertProblemAsync(await Client.PostAsJsonAsync("/api/v1/promo-codes/activate", new { customerId = member.Id, code }), 409, "code-already-used");
        await AssertProblemAsync(await Client.PostAsJsonAsync("/api/v1/promo-codes/activate", new { customerId = (Guid?)null, code }), 400, "validation");
        await using var db = Service<ILoyaltyDbFactory>().Create();
        var activation = await db.PromoActivations.SingleAsync();
        Assert.Equal(Loyalty.Core.PromoCodes.ActivationChannel.PartnerApi, activation.Channel);
        await Scenario.AssertLedgerHealthyAsync();
    }
}

/// <summary>The offer catalogue lists what runs now and is the partner's own: campaigns and posts, not drafts, ended or other partners' ones.</summary>
public class OfferCatalogueTests : IntegrationTestApp
{
    [Fact]
    public async Task Offers_ListRunningPurchaseCampaignsAndCurrentPosts_OfThisPartnerOnly()
    {
        var now = DateTime.UtcNow;
        var save = Service<Core.Campaigns.SaveCampaign>();
        var status = Service<Core.Campaigns.ChangeCampaignStatus>();
        async Task<Guid> CampaignAsync(Guid partner, Core.Campaigns.CampaignForm form, bool launch)
        {
            var id = await save.HandleAsync(partner, null, form);
            if (launch) await status.HandleAsync(partner, id, Core.Campaigns.CampaignAction.Launch);
            return id;
        }
        var other = await Infrastructure.Scenario.CreateAsync(App.Services);
        var running = await CampaignAsync(Scenario.Partner.Id, new("Milk days", "Extra on dairy", Core.Campaigns.CampaignType.SpecialOffer, now.AddDays(-1), now.AddDays(5),
            Core.Campaigns.RewardKind.ExtraPercent, 3, MinAmount: 1_000m, Categories: "Dairy"), launch: true);
        await CampaignAsync(Scenario.Partner.Id, new("Draft idea", null, Core.Campaigns.CampaignType.PurchaseBonus, now.AddDays(-1), now.AddDays(5), Core.Campaigns.RewardKind.FixedPoints, 10), launch: false);
        await CampaignAsync(Scenario.Partner.Id, new("Next month", null, Core.Campaigns.CampaignType.PurchaseBonus, now.AddDays(20), now.AddDays(25), Core.Campaigns.RewardKind.FixedPoints, 10), launch: true);
        await CampaignAsync(Scenario.Partner.Id, new("Birthday gift", null, Core.Campaigns.CampaignType.Birthday, now.AddDays(-1), null, Core.Campaigns.RewardKind.Certificate, 1_000, TriggerDays: 3), launch: true);
        await CampaignAsync(other.Partner.Id, new("Not ours", null, Core.Campaigns.CampaignType.PurchaseBonus, now.AddDays(-1), now.AddDays(5), Core.Campaigns.RewardKind.FixedPoints, 10), launch: true);
        var posts = Service<Core.News.ManagePartnerPosts>();
        await posts.SaveAsync(Scenario.Partner.Id, null, new(Core.News.PostKind.News, "New store opens", "On Abay avenue.", now.AddHours(-2), null, null), "test");
        await posts.SaveAsync(Scenario.Partner.Id, null, new(Core.News.PostKind.Offer, "Draft post", "Not yet.", null, null, null), "test");
        await posts.SaveAsync(other.Partner.Id, null, new(Core.News.PostKind.News, "Their news", "Theirs.", now.AddHours(-2), null, null), "test");

        var catalogue = await JsonAsync(await Client.GetAsync("/api/v1/offers"));

        var campaign = Assert.Single(catalogue.GetProperty("campaigns").EnumerateArray());
        Assert.Equal(running, campaign.GetProperty("campaignId").GetGuid());
        Assert.Equal(("specialOffer", "extraPercent", 3m, 1_000m), (campaign.GetProperty("type").GetString(), campaign.GetProperty("reward").GetString(),
            campaign.GetProperty("value").GetDecimal(), campaign.GetProperty("minAmount").GetDecimal()));
        Assert.Equal("Dairy", Assert.Single(campaign.GetProperty("categories").EnumerateArray()).GetString());
        var post = Assert.Single(catalogue.GetProperty("posts").EnumerateArray());
        Assert.Equal(("news", "New store opens"), (post.GetProperty("kind").GetString(), post.GetProperty("title").GetString()));
        Assert.Equal(5m, catalogue.GetProperty("earnPercent").GetDecimal());
    }
}
