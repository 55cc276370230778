using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Core.Webhooks;

/// <summary>
/// How a delivery is signed (documented in docs/integration-guide.md): <c>X-OneCard-Signature: v1=</c> + lower-case hex
/// of HMAC-SHA256(secret, <c>{X-OneCard-Timestamp}.{raw body}</c>). The timestamp (Unix seconds) is inside the MAC, so
/// a receiver that refuses timestamps older than a few minutes is safe from replays of captured requests.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-OneCard-Signature";
    public const string TimestampHeader = "X-OneCard-Timestamp";
    public const string EventHeader = "X-OneCard-Event";
    public const string EventIdHeader = "X-OneCard-Event-Id";
    public const string DeliveryHeader = "X-OneCard-Delivery";

    public static string Sign(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return "v1=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>Constant-time check a receiver (or a test) can use.</summary>
    public static bool IsValid(string secret, string? timestamp, string body, string? signature) =>
        long.TryParse(timestamp, out var ts) && signature is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, ts, body)), Encoding.ASCII.GetBytes(signature));
}

public sealed record WebhookRequest(string Url, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>The endpoint's answer: a status code, or null with an error when it did not answer (timeout, refused).</summary>
public sealed record WebhookResponse(int? StatusCode, string? Error)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>Posts a delivery. The HTTP implementation lives in Loyalty.Web.</summary>
public interface IWebhookSender
{
    Task<WebhookResponse> SendAsync(WebhookRequest request, CancellationToken ct);
}
