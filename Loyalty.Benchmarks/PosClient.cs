using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Core.Pos;

namespace Loyalty.Benchmarks;

/// <summary>What one POS call ended as: a 201, the tolerated "not enough points" refusal, or an error worth reporting.</summary>
public enum OutcomeKind { Purchased, InsufficientPoints, Error }

public readonly record struct Outcome(OutcomeKind Kind, string Label)
{
    public static readonly Outcome Purchased = new(OutcomeKind.Purchased, "201");
    public static readonly Outcome InsufficientPoints = new(OutcomeKind.InsufficientPoints, "422 insufficient-points");
    public static Outcome Error(string label) => new(OutcomeKind.Error, label);
}

/// <summary>Records purchases through the POS API as the demo terminal of Magnum Fresh's first store.</summary>
public sealed class PosClient : IDisposable
{
    private const string ApiKey = "demo-pos-key-0001";
    private const int DemoCustomers = 300;
    private const decimal Amount = 1234.50m;
    private const decimal SmallRedemption = 10m;

    /// <summary>About one purchase in five pays part with points, as at a real till; the rest only earn.</summary>
    private const double RedeemShare = 0.2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly IReadOnlyList<PurchaseItemRequest> Items = [new("A1", "Milk", "Dairy", 1, Amount)];

    private readonly HttpClient _http;
    // Receipt numbers and idempotency keys must not collide with an earlier run against the same database.
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private long _sequence;

    public PosClient(Uri baseAddress, int connections)
    {
        // One pooled handler for all workers: the connection cap is the concurrency the server sees.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public async Task<Outcome> PurchaseAsync(CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _sequence);
        var redeem = Random.Shared.NextDouble() < RedeemShare;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/pos/v1/purchases") { Content = Body(n, redeem) };
        request.Headers.Add("Idempotency-Key", $"bench-{_runId}-{n}");
        try
        {
            using var response = await _http.SendAsync(request, ct);
            return await ClassifyAsync(response, redeem, ct);
        }
        catch (HttpRequestException e)
        {
            return Outcome.Error($"{e.GetType().Name}: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Outcome.Error("client timeout (30 s)");
        }
    }

    private ByteArrayContent Body(long n, bool redeem)
    {
        // Round-robin over the demo members spreads writes the way many tills would, instead of queueing on one balance.
        var customer = $"+7701{n % DemoCustomers + 1:D7}";
        var purchase = new PurchaseRequest(customer, $"B-{_runId}-{n}", Amount, redeem ? SmallRedemption : 0, Items, null);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(purchase, Json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<Outcome> ClassifyAsync(HttpResponseMessage response, bool redeemed, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.Created) return Outcome.Purchased;
        var type = await ProblemTypeAsync(response, ct);
        if (redeemed && response.StatusCode == HttpStatusCode.UnprocessableEntity && type == "insufficient-points")
            return Outcome.InsufficientPoints;
        return Outcome.Error($"{(int)response.StatusCode} {type}".TrimEnd());
    }

    /// <summary>The last segment of the ProblemDetails type, e.g. "insufficient-points"; empty when there is none.</summary>
    private static async Task<string> ProblemTypeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("type", out var type) && type.GetString() is { } t ? t[(t.LastIndexOf('/') + 1)..] : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    public void Dispose() => _http.Dispose();
}
