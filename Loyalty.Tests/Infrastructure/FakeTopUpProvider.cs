using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Loyalty.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on loopback that plays the top-up provider: it pays each request id at most once, answers a
/// repeated id with the first outcome, and behaves per phone number as the test sets it up (pay, refuse, pay but answer
/// too late, be down).
/// </summary>
public sealed class FakeTopUpProvider : IAsyncDisposable
{
    public enum Mode { Pay, Refuse, PayButAnswerLate, Down }

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _outcomes = new();

    public ConcurrentDictionary<string, Mode> Modes { get; } = new();
    public ConcurrentDictionary<string, int> Payments { get; } = new();
    public ConcurrentBag<string> Calls { get; } = [];
    public TimeSpan LateBy { get; set; } = TimeSpan.FromSeconds(3);
    public string BaseUrl { get; private set; } = "";
    public const string ApiKey = "test-provider-key";

    private FakeTopUpProvider(WebApplication app) => _app = app;

    public static async Task<FakeTopUpProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeTopUpProvider(app);
        app.MapPost("/api/topups", provider.TopUpAsync);
        app.MapGet("/api/topups/{id}", provider.Status);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.BaseUrl = address + "/api/";
        return provider;
    }

    private async Task<IResult> TopUpAsync(HttpContext http, TopUpBody body)
    {
        Calls.Add($"POST {body.Id}");
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey) return Results.StatusCode(401);
        if (http.Request.Headers["Idempotency-Key"].ToString() != body.Id) return Results.BadRequest();
        var mode = Modes.GetValueOrDefault(body.Phone, Mode.Pay);
        if (mode == Mode.Down) return Results.StatusCode(503);
        if (_outcomes.TryGetValue(body.Id, out var first)) return Answer(first, body.Id); // a repeat: the first outcome, never a second payment
        if (mode == Mode.Refuse)
        {
            _outcomes[body.Id] = "failed";
            return Answer("failed", body.Id);
        }
        Payments.AddOrUpdate(body.Id, 1, (_, n) => n + 1);
        _outcomes[body.Id] = "succeeded";
        if (mode == Mode.PayButAnswerLate) await Task.Delay(LateBy);
        return Answer("succeeded", body.Id);
    }

    private IResult Status(string id)
    {
        Calls.Add($"GET {id}");
        return _outcomes.TryGetValue(id, out var outcome) ? Answer(outcome, id) : Results.NotFound();
    }

    private static IResult Answer(string outcome, string id) => outcome == "failed"
        ? Results.Json(new { status = "failed", reference = "ref-" + id[..8], error = "Number not served" }, statusCode: 422)
        : Results.Json(new { status = outcome, reference = "ref-" + id[..8] });

    public sealed record TopUpBody(string Id, string Phone, string Operator, long Amount, string Currency);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
