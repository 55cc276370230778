using System.Collections.Concurrent;
using System.Text.Json;
using Loyalty.Core.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Tests.Integrations;

/// <summary>
/// A partner's endpoint on a loopback port (real Kestrel): checks every signature, fails the first
/// <see cref="FailFirst"/> requests on purpose with 500, and counts events received more than once.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    public string Secret { get; set; } = "";

    /// <summary>Secrets of further endpoints that post here (several subscriptions, one receiver).</summary>
    public List<string> OtherSecrets { get; } = [];
    public int FailFirst { get; set; }

    /// <summary>How long each request is held before the answer (the crash test kills the sender while it waits).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every request received, accepted or not.</summary>
    public int Requests => _requests;
    public ConcurrentQueue<(string EventId, string Type, JsonElement Body)> Accepted { get; } = new();
    public ConcurrentDictionary<string, int> Seen { get; } = new();
    public int BadSignatures;
    public int FailedOnPurpose;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public int Duplicates => Seen.Values.Sum(n => Math.Max(0, n - 1));

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (receiver.Delay > TimeSpan.Zero) await Task.Delay(receiver.Delay);
            if (!receiver.OtherSecrets.Prepend(receiver.Secret).Any(secret =>
                    WebhookSignature.IsValid(secret, http.Request.Headers[WebhookSignature.TimestampHeader], body, http.Request.Headers[WebhookSignature.SignatureHeader])))
            {
                Interlocked.Increment(ref receiver.BadSignatures);
                return Results.StatusCode(401);
            }
            if (Interlocked.Increment(ref receiver._requests) <= receiver.FailFirst)
            {
                Interlocked.Increment(ref receiver.FailedOnPurpose);
                return Results.StatusCode(500);
            }
            var id = http.Request.Headers[WebhookSignature.EventIdHeader].ToString();
            receiver.Seen.AddOrUpdate(id, 1, (_, n) => n + 1);
            receiver.Accepted.Enqueue((id, http.Request.Headers[WebhookSignature.EventHeader].ToString(), JsonDocument.Parse(body).RootElement.Clone()));
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
