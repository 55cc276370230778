using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Loyalty.Core.Messaging;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Messaging;

/// <summary>
/// Twilio's Messages REST API over a typed HttpClient (the Twilio SDK package is not available here):
/// POST /2010-04-01/Accounts/{sid}/Messages.json with basic auth and a form body. A StatusCallback URL carrying the
/// outbox row id brings delivery reports back to <see cref="TwilioEndpoints"/>.
/// </summary>
internal sealed class TwilioSmsSender(HttpClient http, IOptions<TwilioOptions> options, MessagingOptions messaging, ILogger<TwilioSmsSender> logger) : ISmsSender
{
    public const string Provider = "twilio";

    public async Task<SendResult> SendAsync(string toE164, string body, CancellationToken cancellationToken, long? statusCallbackId = null)
    {
        var o = options.Value;
        if (!Loyalty.Core.Customers.PhoneNumber.TryParse(toE164, "ZZ", out var phone))
            return SendResult.Permanent(Provider, "invalid-number", "Not a valid phone number in international (E.164) form.");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{o.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(o.AccountSid)}/Messages.json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{o.AccountSid}:{o.AuthToken}")));
        var from = o.From.StartsWith("MG", StringComparison.Ordinal) ? "MessagingServiceSid" : "From";
        var form = new List<KeyValuePair<string, string>> { new("To", phone!.Value), new(from, o.From), new("Body", body) };
        if (statusCallbackId is { } id) form.Add(new("StatusCallback", TwilioEndpoints.CallbackUrl(messaging, id)));
        request.Content = new FormUrlEncodedContent(form);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var ok = JsonDocument.Parse(text);
                return SendResult.Ok(Provider, ok.RootElement.GetProperty("sid").GetString());
            }
            int? code = null;
            string? message = null;
            try
            {
                using var error = JsonDocument.Parse(text);
                if (error.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number) code = c.GetInt32();
                if (error.RootElement.TryGetProperty("message", out var m)) message = m.GetString();
            }
            catch (JsonException) { }
            logger.LogWarning("Twilio refused a message: HTTP {Status} code {Code} {Message}", (int)response.StatusCode, code, message);
            return TwilioErrors.Map(response.StatusCode, code, message);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            logger.LogWarning(e, "Twilio could not be reached");
            return SendResult.Temporary(Provider, "unreachable", "The SMS provider could not be reached.");
        }
    }
}

/// <summary>Twilio's error codes (https://www.twilio.com/docs/api/errors) as clear, stable outcomes.</summary>
public static class TwilioErrors
{
    private static readonly Dictionary<int, (string Text, bool Permanent)> Known = new()
    {
        [20003] = ("Twilio rejected our credentials (check Twilio:AccountSid and AuthToken).", false),
        [20429] = ("Twilio is rate-limiting us; the message will be retried.", false),
        [21211] = ("Not a valid phone number.", true),
        [21408] = ("Sending SMS to this country is not enabled on the Twilio account.", true),
        [21610] = ("The member replied STOP to our messages; SMS to them is blocked.", true),
        [21612] = ("Twilio cannot route a message to this number.", true),
        [21614] = ("This number cannot receive SMS (not a mobile number).", true),
        [30001] = ("Twilio's queue is full; the message will be retried.", false),
        [30003] = ("The handset is unreachable.", true),
        [30004] = ("The message was blocked by the recipient or carrier.", true),
        [30005] = ("The number is unknown or no longer exists.", true),
        [30006] = ("The number is a landline or cannot receive SMS.", true),
        [30007] = ("The carrier filtered the message as spam.", true),
        [30008] = ("The carrier reported an unknown error.", false),
    };

    /// <summary>Twilio 21610: the member opted out at the carrier (STOP); their SMS consent is withdrawn too.</summary>
    public const int OptedOut = 21610;

    public static string Describe(int code) => Known.TryGetValue(code, out var known) ? known.Text : $"Twilio error {code}.";

    public static SendResult Map(HttpStatusCode status, int? code, string? message)
    {
        if (code is { } c && Known.TryGetValue(c, out var known))
            return known.Permanent
                ? SendResult.Permanent(TwilioSmsSender.Provider, c.ToString(), $"{known.Text} (Twilio {c})")
                : SendResult.Temporary(TwilioSmsSender.Provider, c.ToString(), $"{known.Text} (Twilio {c})");
        var label = code?.ToString() ?? $"http-{(int)status}";
        var text = $"Twilio error {label}: {message ?? status.ToString()}";
        // Unknown 4xx: our request is wrong for this number and will stay wrong; 5xx and 429: Twilio's side, try again.
        return (int)status >= 500 || status == HttpStatusCode.TooManyRequests
            ? SendResult.Temporary(TwilioSmsSender.Provider, label, text)
            : SendResult.Permanent(TwilioSmsSender.Provider, label, text);
    }
}
