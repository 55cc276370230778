using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Pos;

/// <summary>The POS API over real HTTP on a loopback port (Kestrel, so its request limits apply), real SQLite, real keys.</summary>
public class PosApiTests : IAsyncLifetime
{
    private readonly LoyaltyWebFactory _app = new();
    private Scenario _scenario = default!;
    private HttpClient _client = default!;
    private Guid _customerId;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _app.UseKestrel(0);
        _app.StartServer();
        _client = _app.CreateClient();
        // Use cases are transient and take a context factory, so the root provider serves them.
        _scenario = await Scenario.CreateAsync(_app.Services);
        _customerId = (await _scenario.RegisterAsync("+77015550001", "Aigerim")).Id;
        _client.DefaultRequestHeaders.Add("X-Api-Key", _scenario.ApiKey);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Identify_ByPhone_ReturnsWhatTheCashierNeeds()
    {
        var response = await _client.PostAsJsonAsync("/api/pos/v1/customers/identify", new { identifier = "8 701 555 00 01" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(_customerId, json.RootElement.GetProperty("customerId").GetGuid());
        Assert.Equal("Aigerim", json.RootElement.GetProperty("displayName").GetString());
        Assert.Equal(5000m, json.RootElement.GetProperty("mainBalance").GetDecimal());
        Assert.Equal(20m, json.RootElement.GetProperty("redemptionCapPercent").GetDecimal());
    }

    [Fact]
    public async Task Quote_ComputesWithoutChangingAnything()
    {
        var before = await _scenario.CountsAsync();
        var response = await _client.PostAsJsonAsync("/api/pos/v1/purchases/quote", new { customer = _customerId, amount = 10_000m, redeemPoints = 5_000m });

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2_000m, json.RootElement.GetProperty("maxRedeemablePoints").GetDecimal());
        Assert.Equal(2_000m, json.RootElement.GetProperty("redeemPoints").GetDecimal());
        Assert.Equal(8_000m, json.RootElement.GetProperty("amountToPay").GetDecimal());
        Assert.Equal(400m, json.RootElement.GetProperty("earnedPoints").GetDecimal());
        Assert.Equal(before, await _scenario.CountsAsync());
    }

    [Fact]
    public async Task Purchase_Replay_ReturnsTheStoredResponse()
    {
        var body = new { customer = _customerId, receiptNumber = "R-1", amount = 1_234.50m, redeemPoints = 0m, items = new[] { new { sku = "A1", name = "Milk", category = "Dairy", quantity = 1m, price = 1_234.50m } } };
        var first = await PostPurchaseAsync(body, "key-1");
        var replay = await PostPurchaseAsync(body, "key-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());

        var other = await PostPurchaseAsync(body with { amount = 99m }, "key-1");
        await AssertProblemAsync(other, 422, "idempotency-key-reused");
        Assert.Equal(1, (await _scenario.CountsAsync()).Purchases);
    }

    [Fact]
    public async Task Refund_AndHistory_WorkThroughTheApi()
    {
        var purchase = await PostPurchaseAsync(new { customer = _customerId, receiptNumber = "R-2", amount = 1_000m, redeemPoints = 100m }, "key-2");
        using var receipt = JsonDocument.Parse(await purchase.Content.ReadAsStringAsync());
        var id = receipt.RootElement.GetProperty("transactionId").GetGuid();

        var refund = await SendAsync(HttpMethod.Post, $"/api/pos/v1/purchases/{id}/refunds", new { amount = 1_000m }, "refund-key");
        Assert.Equal(HttpStatusCode.Created, refund.StatusCode);

        var history = await _client.GetFromJsonAsync<JsonElement>($"/api/pos/v1/customers/{_customerId}/transactions");
        var reasons = history.EnumerateArray().Select(t => t.GetProperty("reason").GetString()).ToList();
        Assert.Contains("purchase-earn", reasons);
        Assert.Contains("purchase-redeem", reasons);
        Assert.Contains("refund-earn-reversal", reasons);
        Assert.Contains("refund-redeem-return", reasons);
        Assert.DoesNotContain("welcome-bonus", reasons); // not this partner's business
        await _scenario.AssertLedgerHealthyAsync();
    }

    public static TheoryData<string, int, string> BadPurchases => new()
    {
        { """{"customer":"C","receiptNumber":"1","amount":0}""", 400, "validation" },
        { """{"customer":"C","receiptNumber":"1","amount":-5}""", 400, "validation" },
        { """{"customer":"C","receiptNumber":"1","amount":100000000000}""", 400, "validation" },
        { """{"customer":"C","receiptNumber":"1","amount":1e30}""", 400, "bad-request" },
        { """{"customer":"C","receiptNumber":"1","amount":99999999999999999999999999999999}""", 400, "bad-request" },
        { """{"customer":"C","receiptNumber":"1","amount":10.001}""", 400, "validation" },
        { """{"customer":"C","receiptNumber":"1","amount":10,"redeemPoints":0.001}""", 400, "validation" },
        { """{"customer":"C","receiptNumber":"1","amount":10,"redeemPoints":-1}""", 400, "validation" },
        { """{"customer":"C","receiptNumber":"","amount":10}""", 400, "validation" },
        { """{"customer":"C","receiptNumber":"1","amount":1000,"redeemPoints":201}""", 422, "redemption-over-cap" },
        { """{"customer":"+77019999999","receiptNumber":"1","amount":10}""", 404, "customer-not-found" },
        { """{"customer":"C","receiptNumber":"1","amount":"ten"}""", 400, "bad-request" },
        { """{"customer":"C",""", 400, "bad-request" },
    };

    [Theory]
    [MemberData(nameof(BadPurchases))]
    public async Task BadPurchase_GetsProblemDetails_AndWritesNothing(string json, int status, string type)
    {
        var before = await _scenario.CountsAsync();
        var response = await SendRawAsync(json.Replace("\"C\"", $"\"{_customerId}\""), Guid.NewGuid().ToString());

        await AssertProblemAsync(response, status, type);
        Assert.Equal(before, await _scenario.CountsAsync());
    }

    [Fact]
    public async Task MissingIdempotencyKey_IsRefused()
    {
        var response = await SendRawAsync($$"""{"customer":"{{_customerId}}","receiptNumber":"1","amount":10}""", null);
        await AssertProblemAsync(response, 400, "idempotency-key-missing");
    }

    [Fact]
    public async Task OneMegabyteBody_IsRefused()
    {
        var huge = $$"""{"customer":"{{_customerId}}","receiptNumber":"1","amount":10,"items":[],"pad":"{{new string('x', 1024 * 1024)}}"}""";
        var response = await SendRawAsync(huge, "big");
        await AssertProblemAsync(response, 413, "body-too-large");
        Assert.Equal(0, (await _scenario.CountsAsync()).Purchases);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pos_unknown-key")]
    public async Task UnknownOrMissingKey_IsUnauthorized(string? key)
    {
        using var client = _app.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var response = await client.PostAsJsonAsync("/api/pos/v1/customers/identify", new { identifier = _customerId });
        await AssertProblemAsync(response, 401, "invalid-api-key");
    }

    [Fact]
    public async Task RevokedKey_StopsWorkingAtOnce()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync("/api/pos/v1/customers/identify", new { identifier = _customerId })).StatusCode);
        await _app.Services.GetRequiredService<RevokeTerminal>().HandleAsync(_scenario.Partner.Id, _scenario.Caller.TerminalId, "test");

        var response = await _client.PostAsJsonAsync("/api/pos/v1/customers/identify", new { identifier = _customerId });
        await AssertProblemAsync(response, 401, "invalid-api-key");
    }

    [Fact]
    public async Task UnknownEndpoint_AndWrongContentType_AreProblemDetailsToo()
    {
        await AssertProblemAsync(await _client.GetAsync("/api/pos/v1/nothing-here"), 404, "no-such-endpoint");
        using var form = new StringContent("a=b", Encoding.UTF8, "application/x-www-form-urlencoded");
        await AssertProblemAsync(await _client.PostAsync("/api/pos/v1/customers/identify", form), 415, "unsupported-media-type");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesThePosApi()
    {
        var document = await _client.GetStringAsync("/openapi/pos.json");
        Assert.Contains("/api/pos/v1/purchases", document);
        Assert.Contains("/api/pos/v1/customers/identify", document);
    }

    private Task<HttpResponseMessage> PostPurchaseAsync<T>(T body, string key) => SendAsync(HttpMethod.Post, "/api/pos/v1/purchases", body, key);

    private async Task<HttpResponseMessage> SendAsync<T>(HttpMethod method, string path, T body, string key)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await _client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendRawAsync(string json, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/purchases") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await _client.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string type)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://loyalty.local/problems/" + type, json.RootElement.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("title").GetString()));
    }
}
