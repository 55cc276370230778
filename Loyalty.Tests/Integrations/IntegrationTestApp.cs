using System.Net.Http.Json;
using System.Text.Json;
using Loyalty.Core.Integrations;
using Loyalty.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integrations;

/// <summary>The app on a loopback port with a partner, its store, and an integration key with every scope.</summary>
public abstract class IntegrationTestApp : IAsyncLifetime
{
    protected LoyaltyWebFactory App { get; } = new();
    protected Scenario Scenario { get; private set; } = default!;
    protected HttpClient Client { get; private set; } = default!;
    protected string Key { get; private set; } = "";
    protected string BaseUrl => Client.BaseAddress!.ToString().TrimEnd('/');

    public virtual async Task InitializeAsync()
    {
        App.Settings["Jobs:Enabled"] = "false";
        App.Settings["Webhooks:AllowPrivateNetworks"] = "true";
        App.Settings["Webhooks:BaseDelaySeconds"] = "0";
        App.Settings["Imports:Folder"] = App.DatabasePath + ".imports";
        App.UseKestrel(0);
        App.StartServer();
        Client = App.CreateClient();
        Scenario = await Scenario.CreateAsync(App.Services);
        Key = await CreateKeyAsync(Scenario, IntegrationScopes.All);
        Client.DefaultRequestHeaders.Add("X-Api-Key", Key);
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        try { Directory.Delete(App.DatabasePath + ".imports", true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    protected T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    protected async Task<string> CreateKeyAsync(Scenario scenario, IReadOnlyCollection<string> scopes) =>
        (await Service<CreateIntegration>().HandleAsync(scenario.Partner.Id, scenario.Store.Id, "Web shop", scopes, "test")).ApiKey;

    protected HttpClient ClientWith(string key)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    protected static async Task AssertProblemAsync(HttpResponseMessage response, int status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("https://loyalty.local/problems/" + type, JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
    }

    protected async Task<HttpResponseMessage> BuyAsync(HttpClient client, object customer, string receipt, decimal amount, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/purchases") { Content = JsonContent.Create(new { customer, receiptNumber = receipt, amount }) };
        request.Headers.Add("Idempotency-Key", key ?? receipt);
        return await client.SendAsync(request);
    }
}
