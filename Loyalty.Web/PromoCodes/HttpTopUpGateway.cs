using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Serialization;
using Loyalty.Core.TopUps;

namespace Loyalty.Web.PromoCodes;

/// <summary>Configuration section <c>TopUpGateway</c>.</summary>
public sealed class TopUpGatewayOptions
{
    public const string Section = "TopUpGateway";

    /// <summary>The provider's API root, e.g. https://topups.example/api/v1/.</summary>
    public string BaseUrl { get; set; } = "";

    public string ApiKey { get; set; } = "";

    public int TimeoutSeconds { get; set; } = 20;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(ApiKey);
}

/// <summary>
/// The top-up provider's REST API: <c>POST topups</c> with the request id in <c>Idempotency-Key</c> (a repeat with the
/// same id returns the first outcome, or 409 while it is still in progress) and <c>GET topups/{id}</c> for the status.
/// Timeouts, connection failures and 5xx are "unknown outcome" (<see cref="TopUpGatewayException"/>): the job retries
/// with the same id, so a payment the provider did make is never made twice.
/// </summary>
public sealed class HttpTopUpGateway(HttpClient http) : ITopUpGateway
{
    public async Task<TopUpAnswer> SendAsync(TopUpOrder order, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "topups")
        {
            Content = JsonContent.Create(new ProviderOrder(order.RequestId.ToString("N"), order.Phone, order.OperatorCode, order.Amount, order.Currency)),
        };
        request.Headers.Add("Idempotency-Key", order.RequestId.ToString("N"));
        using var response = await CallAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
            return new TopUpAnswer(TopUpOutcome.Pending, null, "The provider is still processing this request.");
        return await ReadAsync(response, ct);
    }

    public async Task<TopUpAnswer> GetStatusAsync(Guid requestId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"topups/{requestId:N}");
        using var response = await CallAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return new TopUpAnswer(TopUpOutcome.Unknown, null, null);
        return await ReadAsync(response, ct);
    }

    private async Task<HttpResponseMessage> CallAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new TopUpGatewayException("The top-up provider could not be reached: " + e.Message, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new TopUpGatewayException("The top-up provider did not answer in time.", e);
        }
        if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new TopUpGatewayException($"The top-up provider answered {(int)response.StatusCode}.");
        }
        return response;
    }

    private static async Task<TopUpAnswer> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        ProviderStatus? body = null;
        try { body = await response.Content.ReadFromJsonAsync<ProviderStatus>(ct); }
        catch (System.Text.Json.JsonException) { }
        if (body is null) throw new TopUpGatewayException($"The top-up provider answered {(int)response.StatusCode} without a readable body.");
        var outcome = body.Status switch
        {
            "succeeded" => TopUpOutcome.Succeeded,
            "failed" => TopUpOutcome.Failed,
            "pending" => TopUpOutcome.Pending,
            _ => throw new TopUpGatewayException($"The top-up provider answered an unknown status '{body.Status}'."),
        };
        // A 4xx with a failed status is a definite refusal (bad number, unsupported network): nothing was paid.
        return new TopUpAnswer(outcome, body.Reference, body.Error);
    }

    internal sealed record ProviderOrder(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("phone")] string Phone,
        [property: JsonPropertyName("operator")] string Operator,
        [property: JsonPropertyName("amount")] long Amount,
        [property: JsonPropertyName("currency")] string Currency);

    internal sealed record ProviderStatus(
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("reference")] string? Reference,
        [property: JsonPropertyName("error")] string? Error);

    public static void Configure(HttpClient http, TopUpGatewayOptions options)
    {
        http.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
        http.Timeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
    }
}

/// <summary>Without a configured provider nothing is sent: requests wait in the queue (and the operator sees why).</summary>
public sealed class UnconfiguredTopUpGateway : ITopUpGateway
{
    public Task<TopUpAnswer> SendAsync(TopUpOrder order, CancellationToken ct) =>
        throw new TopUpGatewayException("No top-up provider is configured (TopUpGateway:BaseUrl, TopUpGateway:ApiKey).");

    public Task<TopUpAnswer> GetStatusAsync(Guid requestId, CancellationToken ct) =>
        throw new TopUpGatewayException("No top-up provider is configured (TopUpGateway:BaseUrl, TopUpGateway:ApiKey).");
}
