using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Loyalty.Core.Messaging;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Messaging;

/// <summary>
/// Twilio's Messages REST API over a typed HttpClient (the Twilio SDK package is not available here):
/// POST /2010-04-01/Accounts/{sid}/Messages.json with basic auth and a form body.
/// </summary>
internal sealed class TwilioSmsSender(HttpClient http, IOptions<TwilioOptions> options, ILogger<TwilioSmsSender> logger) : ISmsSender
{
    public const string Provider = "twilio";

    public async Task<SmsSendResult> SendAsync(string toE164, string body, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{o.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(o.AccountSid)}/Messages.json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{o.AccountSid}:{o.AuthToken}")));
        var from = o.From.StartsWith("MG", StringComparison.Ordinal) ? "MessagingServiceSid" : "From";
        request.Content = new FormUrlEncodedContent([new("To", toE164), new(from, o.From), new("Body", body)]);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (response.IsSuccessStatusCode)
                return new SmsSendResult(true, Provider, json.RootElement.GetProperty("sid").GetString(), null);
            var code = json.RootElement.TryGetProperty("code", out var c) ? c.ToString() : ((int)response.StatusCode).ToString();
            var message = json.RootElement.TryGetProperty("message", out var m) ? m.GetString() : response.ReasonPhrase;
            logger.LogWarning("Twilio refused a message: {Code} {Message}", code, message);
            return new SmsSendResult(false, Provider, null, $"Twilio {code}: {message}");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            logger.LogWarning(e, "Twilio could not be reached");
            return new SmsSendResult(false, Provider, null, "The SMS provider could not be reached.");
        }
    }
}
