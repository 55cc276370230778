using Loyalty.Core.Common;
using Loyalty.Core.Webhooks;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Integrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integrations;

/// <summary>
/// The retry schedule with the production settings (30 s × 4ⁿ, capped at 12 h, 8 attempts) on a fake clock: each attempt
/// happens when its time comes and not a second before, over real HTTP to an endpoint that always fails.
/// </summary>
public class WebhookBackoffTests : IAsyncLifetime
{
    private TestDatabase _database = default!;
    private WebhookReceiver _receiver = default!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _receiver.FailFirst = int.MaxValue;
        _database = await TestDatabase.CreateAsync(services => services
            .AddSingleton(new WebhookOptions { AllowPrivateNetworks = true })
            .AddSingleton<IWebhookSender>(new HttpWebhookSender(_http)));
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _receiver.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task FailedDeliveries_AreRetriedAfter30s_2min_8min_32min_2h8min_8h32min_12h_ThenFail()
    {
        var scenario = await Scenario.CreateAsync(_database.Services);
        var id = await _database.Get<SaveWebhookSubscription>().HandleAsync(scenario.Partner.Id, null, new WebhookForm(_receiver.Url, [WebhookEvents.Purchase]), "test");
        _receiver.Secret = (await _database.Get<ListWebhookSubscriptions>().HandleAsync(scenario.Partner.Id)).Single(s => s.Id == id).Secret;
        var member = await scenario.RegisterAsync("+77015558001");
        await scenario.BuyAsync(member.Id, 1_000m);
        var dispatch = _database.Get<DispatchWebhooks>();
        var clock = _database.Clock;

        await dispatch.HandleAsync();
        Assert.Equal(1, _receiver.Requests);
        var expectedDelays = new[] { 30, 120, 480, 1_920, 7_680, 30_720, 43_200 }; // the 7th would be 122,880 s: capped at 12 h
        for (var attempt = 1; attempt <= expectedDelays.Length; attempt++)
        {
            var (status, attempts, last, next) = await DeliveryAsync();
            Assert.Equal((DeliveryStatus.Pending, attempt), (status, attempts));
            Assert.Equal(TimeSpan.FromSeconds(expectedDelays[attempt - 1]), next - last);

            clock.SetUtcNow(new DateTimeOffset(next.AddSeconds(-1), TimeSpan.Zero)); // a second early: nothing is sent
            await dispatch.HandleAsync();
            Assert.Equal(attempt, _receiver.Requests);
            clock.SetUtcNow(new DateTimeOffset(next, TimeSpan.Zero));                 // due: sent again
            await dispatch.HandleAsync();
            Assert.Equal(attempt + 1, _receiver.Requests);
        }

        var final = await DeliveryAsync();
        Assert.Equal((DeliveryStatus.Failed, 8), (final.Status, final.Attempts));
        clock.Advance(TimeSpan.FromDays(2));
        await dispatch.HandleAsync();
        Assert.Equal(8, _receiver.Requests); // failed for good until someone replays it
        await using var db = _database.Open();
        Assert.Equal(8, await db.WebhookAttempts.CountAsync(a => a.StatusCode == 500));
    }

    private async Task<(DeliveryStatus Status, int Attempts, DateTime Last, DateTime Next)> DeliveryAsync()
    {
        await using var db = _database.Open();
        var d = await db.WebhookDeliveries.AsNoTracking().SingleAsync();
        return (d.Status, d.Attempts, d.LastAttemptAt!.Value, d.NextAttemptAt);
    }
}
