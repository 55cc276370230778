using System.Security.Cryptography;
using System.Text;
using Loyalty.Core.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Messaging;

/// <summary>
/// Twilio's delivery reports. Every request must carry a valid X-Twilio-Signature: base64 HMAC-SHA1, keyed with the auth
/// token, over the callback URL we gave Twilio followed by each POST parameter name and value sorted by name.
/// The URL is rebuilt from Messaging:PublicBaseUrl (what Twilio called), not from the request, which a proxy may rewrite.
/// </summary>
public static class TwilioEndpoints
{
    public const string CallbackPath = "/api/messaging/twilio/status";

    public static string CallbackUrl(MessagingOptions messaging, long messageId) => $"{messaging.PublicBaseUrl.TrimEnd('/')}{CallbackPath}?m={messageId}";

    public static IEndpointRouteBuilder MapTwilioEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(CallbackPath, StatusAsync).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> StatusAsync(
        HttpRequest request, IOptions<TwilioOptions> twilio, MessagingOptions messaging, RecordSmsStatus record, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return TypedResults.Problem("Expected a form body.", statusCode: 400, type: "https://loyalty.local/problems/bad-callback");
        var form = await request.ReadFormAsync(ct);
        var url = messaging.PublicBaseUrl.TrimEnd('/') + request.Path + request.QueryString;
        var parameters = form.ToDictionary(f => f.Key, f => f.Value.ToString());
        if (!IsValidSignature(twilio.Value.AuthToken, url, parameters, request.Headers["X-Twilio-Signature"].ToString()))
            return TypedResults.Problem("The request signature is missing or wrong.", statusCode: 403, type: "https://loyalty.local/problems/bad-signature");

        long? id = long.TryParse(request.Query["m"], out var m) ? m : null;
        var status = parameters.GetValueOrDefault("MessageStatus") ?? parameters.GetValueOrDefault("SmsStatus") ?? "";
        var sid = parameters.GetValueOrDefault("MessageSid") ?? parameters.GetValueOrDefault("SmsSid") ?? "";
        int? code = int.TryParse(parameters.GetValueOrDefault("ErrorCode"), out var c) ? c : null;
        await record.HandleAsync(new SmsStatusReport(id, sid, status, code?.ToString(), code is { } k ? $"{TwilioErrors.Describe(k)} (Twilio {k})" : null,
            code == TwilioErrors.OptedOut), ct);
        return TypedResults.NoContent();
    }

    public static string Sign(string authToken, string url, IReadOnlyDictionary<string, string> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) data.Append(key).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    public static bool IsValidSignature(string authToken, string url, IReadOnlyDictionary<string, string> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature)) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(authToken, url, parameters));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}
