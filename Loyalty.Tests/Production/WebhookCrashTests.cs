using Loyalty.Core.Webhooks;
using Loyalty.Tests.Infrastructure;
using Loyalty.Tests.Integrations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Loyalty.Tests.Production;

/// <summary>
/// The webhook outbox across real crashes: the app's dispatcher job is delivering committed purchase events to a slow
/// endpoint when the process is SIGKILLed (twice, at a random moment). After a restart every committed event is delivered,
/// and the only duplicates are the documented window (0101): a delivery in flight when the process died is sent again once
/// its lease runs out — at most one per kill for a subscription, whose deliveries go one at a time. Set CRASH_SEED to replay.
/// </summary>
[Collection(ProcessCollection.Name)]
public class WebhookCrashTests(ITestOutputHelper output)
{
    private const int Events = 40;
    private const int Kills = 2;

    [Fact]
    public async Task Killing_the_app_mid_delivery_loses_no_event_and_duplicates_only_in_flight_ones()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CRASH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"CRASH_SEED={seed}");
        var random = new Random(seed);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(150);
        await using var database = await TestDatabase.CreateAsync(services => services.AddSingleton(new WebhookOptions { AllowPrivateNetworks = true }));
        {
            var scenario = await Scenario.CreateAsync(database.Services);
            var id = await database.Get<SaveWebhookSubscription>().HandleAsync(scenario.Partner.Id, null, new WebhookForm(receiver.Url, [WebhookEvents.Purchase]), "test");
            receiver.Secret = (await database.Get<ListWebhookSubscriptions>().HandleAsync(scenario.Partner.Id)).Single(x => x.Id == id).Secret;
            var member = await scenario.RegisterAsync("+77015559001");
            for (var i = 0; i < Events; i++) await scenario.BuyAsync(member.Id, 100m + i);
        }
        SqliteConnection.ClearAllPools();

        var environment = new Dictionary<string, string>
        {
            ["Jobs__Enabled"] = "true",
            ["Webhooks__PollSeconds"] = "1",
            ["Webhooks__LeaseSeconds"] = "3",
            ["Webhooks__AllowPrivateNetworks"] = "true",
        };
        for (var round = 0; round < Kills; round++)
        {
            await using var app = await AppProcess.StartAsync(database.FilePath, environment);
            var before = receiver.Requests;
            for (var i = 0; i < 2400 && receiver.Requests == before; i++) await Task.Delay(50);
            var extra = random.Next(0, 1000);
            await Task.Delay(extra);
            await app.KillAsync();
            output.WriteLine($"round {round}: killed {extra} ms after the first request; {receiver.Seen.Count} events received so far");
        }

        await using (var app = await AppProcess.StartAsync(database.FilePath, environment))
        {
            // The dispatcher, not the clock, ends the wait: every delivery final.
            for (var i = 0; i < 2400; i++)
            {
                await using var db = database.Open();
                if (await db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Delivered) == Events) break;
                await Task.Delay(250);
            }
        }
        SqliteConnection.ClearAllPools();

        await using (var db = database.Open())
        {
            Assert.Equal(Events, await db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Delivered));
            var eventIds = await db.IntegrationEvents.Where(e => e.Type == WebhookEvents.Purchase).Select(e => "evt_" + e.Id).ToListAsync();
            Assert.Equal(eventIds.Order(), receiver.Seen.Keys.Order()); // every committed event, and nothing else
        }
        Assert.Equal(0, receiver.BadSignatures);
        output.WriteLine($"duplicates: {receiver.Duplicates}");
        Assert.InRange(receiver.Duplicates, 0, Kills);
    }
}
