using System.Net;
using System.Net.Http.Json;
using Loyalty.Core.Common;
using Loyalty.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integrations;

/// <summary>Webhooks end to end: outbox rows from real API calls, a receiving server on loopback that checks signatures and fails on purpose.</summary>
public class WebhookTests : IntegrationTestApp
{
    private WebhookReceiver _receiver = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<WebhookSubscriptionView> SubscribeAsync(params string[] events)
    {
        var id = await Service<SaveWebhookSubscription>().HandleAsync(Scenario.Partner.Id, null, new WebhookForm(_receiver.Url, events), "test");
        var view = (await Service<ListWebhookSubscriptions>().HandleAsync(Scenario.Partner.Id)).Single(s => s.Id == id);
        _receiver.Secret = view.Secret;
        return view;
    }

    private async Task DrainAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            await Service<DispatchWebhooks>().HandleAsync();
            await using var db = Service<ILoyaltyDbFactory>().Create();
            if (!await db.WebhookDeliveries.AnyAsync(d => d.Status == DeliveryStatus.Pending)) return;
        }
        Assert.Fail("Deliveries still pending after 20 dispatcher runs.");
    }

    [Fact]
    public async Task Events_AreSigned_RetriedAfterFailures_AndDeliveredOnceEach()
    {
        await SubscribeAsync(WebhookEvents.Purchase, WebhookEvents.Refund);
        _receiver.FailFirst = 2;
        var member = await Scenario.RegisterAsync("+77015551001");
        var receipts = new List<Guid>();
        for (var i = 0; i < 3; i++) receipts.Add((await JsonAsync(await BuyAsync(Client, member.Id, $"W-{i}", 1_000m))).GetProperty("transactionId").GetGuid());
        using (var refund = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/purchases/{receipts[0]}/refunds") { Content = JsonContent.Create(new { amount = 100m }) })
        {
            refund.Headers.Add("Idempotency-Key", "r-1");
            Assert.Equal(HttpStatusCode.Created, (await Client.SendAsync(refund)).StatusCode);
        }
        // Not subscribed: a new customer event is in the outbox but not delivered here.
        await Client.PutAsJsonAsync("/api/v1/customers", new { phone = "+77015551002", firstName = "New" });

        await DrainAsync();

        Assert.Equal(0, _receiver.BadSignatures);
        Assert.Equal(2, _receiver.FailedOnPurpose);
        Assert.Equal(0, _receiver.Duplicates);
        var accepted = _receiver.Accepted.ToList();
        Assert.Equal(4, accepted.Count);
        Assert.Equal(3, accepted.Count(a => a.Type == WebhookEvents.Purchase));
        Assert.Equal(receipts.Order(), accepted.Where(a => a.Type == WebhookEvents.Purchase)
            .Select(a => a.Body.GetProperty("data").GetProperty("transactionId").GetGuid()).Order());
        var refundEvent = accepted.Single(a => a.Type == WebhookEvents.Refund).Body;
        Assert.Equal(100m, refundEvent.GetProperty("data").GetProperty("amount").GetDecimal());
        Assert.Equal(Scenario.Partner.Id, refundEvent.GetProperty("partnerId").GetGuid());

        // The log keeps every attempt with its response code.
        var log = await Service<ListWebhookDeliveries>().HandleAsync(new WebhookDeliveryQuery(Scenario.Partner.Id));
        Assert.Equal(4, log.Total);
        Assert.All(log.Items, d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        var attempts = new List<WebhookAttemptRow>();
        foreach (var d in log.Items) attempts.AddRange(await Service<ListWebhookAttempts>().HandleAsync(Scenario.Partner.Id, d.Id));
        Assert.Equal(2, attempts.Count(a => a.StatusCode == 500));
        Assert.Equal(4, attempts.Count(a => a.StatusCode == 204));
    }

    [Fact]
    public async Task TheLog_PagesNewestFirst_FiltersByStatusAndEndpoint_AndHoldsOnlyThePartnersOwnDeliveries()
    {
        var first = await SubscribeAsync(WebhookEvents.Purchase);
        _receiver.OtherSecrets.Add(first.Secret);
        var second = await SubscribeAsync(WebhookEvents.Purchase);
        var other = await Loyalty.Tests.Infrastructure.Scenario.CreateAsync(App.Services);
        var othersHook = await Service<SaveWebhookSubscription>().HandleAsync(other.Partner.Id, null, new WebhookForm(_receiver.Url, [WebhookEvents.Purchase]), "test");
        _receiver.OtherSecrets.Add((await Service<ListWebhookSubscriptions>().HandleAsync(other.Partner.Id)).Single().Secret);
        var member = await Scenario.RegisterAsync("+77015551010");
        for (var i = 0; i < 3; i++) await Scenario.BuyAsync(member.Id, 1_000m + i);
        await other.BuyAsync(member.Id, 700m);
        await DrainAsync();
        var replayed = (await Service<ListWebhookDeliveries>().HandleAsync(new WebhookDeliveryQuery(Scenario.Partner.Id, Take: 1))).Items.Single();
        Assert.Equal(1, await Service<ReplayWebhookDelivery>().HandleAsync(Scenario.Partner.Id, [replayed.Id], "test"));

        var log = Service<ListWebhookDeliveries>();
        var all = await log.HandleAsync(new WebhookDeliveryQuery(Scenario.Partner.Id, Take: 200));
        Assert.Equal(6, all.Total);
        Assert.Equal(all.Items.Select(d => d.Id).OrderDescending(), all.Items.Select(d => d.Id));
        Assert.All(all.Items, d => Assert.Contains(d.SubscriptionId, new[] { first.Id, second.Id }));
        var pages = new List<long>();
        for (var skip = 0; skip < 6; skip += 4) pages.AddRange((await log.HandleAsync(new WebhookDeliveryQuery(Scenario.Partner.Id, Skip: skip, Take: 4))).Items.Select(d => d.Id));
        Assert.Equal(all.Items.Select(d => d.Id), pages);

        var pending = await log.HandleAsync(new WebhookDeliveryQuery(Scenario.Partner.Id, Status: DeliveryStatus.Pending));
        Assert.Equal((1, replayed.Id), (pending.Total, pending.Items.Single().Id));
        Assert.Equal(5, (await log.HandleAsync(new WebhookDeliveryQuery(Scenario.Partner.Id, Status: DeliveryStatus.Delivered))).Total);
        var toSecond = await log.HandleAsync(new WebhookDeliveryQuery(Scenario.Partner.Id, SubscriptionId: second.Id));
        Assert.Equal(3, toSecond.Total);
        Assert.All(toSecond.Items, d => Assert.Equal(second.Id, d.SubscriptionId));

        // The newest-first walk (a partner with many deliveries) answers every one of these pages the same.
        var walking = new ListWebhookDeliveries(Service<ILoyaltyDbFactory>()) { SortedUpTo = 0 };
        foreach (var q in new[]
                 {
                     new WebhookDeliveryQuery(Scenario.Partner.Id, Take: 200), new WebhookDeliveryQuery(Scenario.Partner.Id, Skip: 4, Take: 4),
                     new WebhookDeliveryQuery(Scenario.Partner.Id, Status: DeliveryStatus.Pending), new WebhookDeliveryQuery(Scenario.Partner.Id, SubscriptionId: second.Id),
                     new WebhookDeliveryQuery(Scenario.Partner.Id, SubscriptionId: othersHook), new WebhookDeliveryQuery(other.Partner.Id),
                 })
        {
            var (sorted, walked) = (await log.HandleAsync(q), await walking.HandleAsync(q));
            Assert.Equal(sorted.Total, walked.Total);
            Assert.Equal(sorted.Items.Select(d => d.Id), walked.Items.Select(d => d.Id));
        }

        // Another partner's endpoint, asked for by id: nothing, as if it did not exist.
        var foreign = await log.HandleAsync(new WebhookDeliveryQuery(Scenario.Partner.Id, SubscriptionId: othersHook));
        Assert.Equal((0, 0), (foreign.Total, foreign.Items.Count));
        Assert.Equal(1, (await log.HandleAsync(new WebhookDeliveryQuery(other.Partner.Id))).Total);

        // The endpoints' own figures: one pending (the replay), the last delivery time of each.
        var views = await Service<ListWebhookSubscriptions>().HandleAsync(Scenario.Partner.Id);
        Assert.Equal(1, views.Sum(v => v.Pending));
        Assert.All(views, v => Assert.NotNull(v.LastDeliveredAt));
    }

    [Fact]
    public async Task Replay_FromTheCabinet_SendsTheSameEventAgain()
    {
        await SubscribeAsync(WebhookEvents.Purchase);
        var member = await Scenario.RegisterAsync("+77015551003");
        await BuyAsync(Client, member.Id, "W-R", 500m);
        await DrainAsync();
        var delivery = (await Service<ListWebhookDeliveries>().HandleAsync(new WebhookDeliveryQuery(Scenario.Partner.Id))).Items.Single();

        // Another partner cannot replay it.
        Assert.Equal(0, await Service<ReplayWebhookDelivery>().HandleAsync(Guid.NewGuid(), [delivery.Id], "intruder"));
        Assert.Equal(1, await Service<ReplayWebhookDelivery>().HandleAsync(Scenario.Partner.Id, [delivery.Id], "test"));
        await DrainAsync();

        Assert.Equal(2, _receiver.Accepted.Count);
        Assert.Equal(1, _receiver.Duplicates); // the same X-OneCard-Event-Id, so the receiver can drop the copy
    }

    [Fact]
    public async Task DeliveryInFlight_WhenTheProcessDied_IsSentAgainAfterItsLease()
    {
        await SubscribeAsync(WebhookEvents.Purchase);
        var member = await Scenario.RegisterAsync("+77015551004");
        await BuyAsync(Client, member.Id, "W-C", 500m);
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            // A dispatcher fanned the event out and claimed it, then the process died: the lease is what is left.
            await Service<DispatchWebhooks>().HandleAsync();
            Assert.Single(_receiver.Accepted);
            await db.Database.ExecuteSqlRawAsync("""UPDATE "WebhookDeliveries" SET "Status" = 0, "LeaseUntil" = '2100-01-01 00:00:00'""");
        }
        await Service<DispatchWebhooks>().HandleAsync();
        Assert.Single(_receiver.Accepted); // still leased: not sent twice at once

        await using (var db = Service<ILoyaltyDbFactory>().Create())
            await db.Database.ExecuteSqlRawAsync("""UPDATE "WebhookDeliveries" SET "LeaseUntil" = '2000-01-01 00:00:00'""");
        await DrainAsync();
        Assert.Equal(2, _receiver.Accepted.Count);
        Assert.Equal(1, _receiver.Duplicates);
    }

    [Fact]
    public async Task NewSubscription_HearsOnlyWhatHappensAfterIt_AndOnlyItsPartner()
    {
        var member = await Scenario.RegisterAsync("+77015551005");
        await BuyAsync(Client, member.Id, "W-before", 500m);
        await SubscribeAsync(WebhookEvents.Purchase);
        var other = await Infrastructure.Scenario.CreateAsync(App.Services);
        await other.BuyAsync(member.Id, 700m);
        await BuyAsync(Client, member.Id, "W-after", 500m);

        await DrainAsync();

        Assert.Equal("W-after", _receiver.Accepted.Single().Body.GetProperty("data").GetProperty("receiptNumber").GetString());
    }

    [Fact]
    public async Task IssuedCertificate_IsAnEvent_WithoutTheMemberForCrossMarketing()
    {
        await SubscribeAsync(WebhookEvents.CertificateIssued);
        var member = await Scenario.RegisterAsync("+77015551009");
        var issue = Service<Core.Campaigns.IssueCertificates>();
        var single = await issue.HandleAsync(Scenario.Partner.Id, new Core.Campaigns.CertificateIssue("Welcome back", Core.Campaigns.CertificateKind.Points, 500m, 10m, 30,
            Phone: "+77015551009"));
        var other = await Infrastructure.Scenario.CreateAsync(App.Services);
        await other.BuyAsync(member.Id, 700m);
        await issue.HandleAsync(Scenario.Partner.Id, new Core.Campaigns.CertificateIssue("From your neighbour", Core.Campaigns.CertificateKind.Percent, 15m, 0m, 30,
            AudiencePartnerId: other.Partner.Id));
        await DrainAsync();

        var events = _receiver.Accepted.Select(a => a.Body.GetProperty("data")).ToList();
        Assert.Equal(2, events.Count);
        var own = events.Single(e => e.GetProperty("source").GetString() == "manual");
        Assert.Equal(single.Code, own.GetProperty("code").GetString());
        Assert.Equal(member.Id, own.GetProperty("customerId").GetGuid());
        Assert.Equal(500m, own.GetProperty("value").GetDecimal());
        var cross = events.Single(e => e.GetProperty("source").GetString() == "crossmarketing");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cross.GetProperty("customerId").ValueKind);
        Assert.Equal(15m, cross.GetProperty("value").GetDecimal());
    }

    [Fact]
    public async Task Retention_DropsOldFinishedDeliveriesAndUnusedEvents_KeepsWhatIsPendingOrRecent()
    {
        await SubscribeAsync(WebhookEvents.Purchase);
        var member = await Scenario.RegisterAsync("+77015551006");
        await BuyAsync(Client, member.Id, "W-old-1", 500m);
        await BuyAsync(Client, member.Id, "W-old-2", 500m);
        await Client.PutAsJsonAsync("/api/v1/customers", new { phone = "+77015551007", firstName = "Unsubscribed" }); // an event nobody takes
        await DrainAsync();
        long pendingEvent;
        int events;
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            events = await db.IntegrationEvents.CountAsync();
            Assert.True(events >= 3);
            // One delivery is still being retried: it and its event must survive any retention.
            var pending = await db.WebhookDeliveries.OrderBy(d => d.Id).FirstAsync();
            pendingEvent = pending.EventId;
            await db.WebhookDeliveries.Where(d => d.Id == pending.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, DateTime.UtcNow.AddDays(60)));
        }
        var options = Service<WebhookOptions>();
        PurgeWebhookHistory PurgeAt(TimeSpan later) =>
            new(Service<ILoyaltyDbFactory>(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow + later), options);

        // A day later everything is inside both windows.
        Assert.Equal(new WebhookPurge(0, 0, 0), await PurgeAt(TimeSpan.FromDays(1)).HandleAsync());

        // Past both: the delivered delivery and its attempt go, then every event but the pending delivery's (its
        // sibling's, the one nobody subscribed to, and whatever else the registration wrote).
        var purged = await PurgeAt(TimeSpan.FromDays(options.DeliveryRetentionDays + 1)).HandleAsync();
        Assert.Equal(new WebhookPurge(1, 1, events - 1), purged);
        await using (var db = Service<ILoyaltyDbFactory>().Create())
        {
            Assert.Equal(pendingEvent, (await db.IntegrationEvents.SingleAsync()).Id);
            Assert.Equal(DeliveryStatus.Pending, (await db.WebhookDeliveries.SingleAsync()).Status);
            Assert.True(await db.WebhookAttempts.AnyAsync());
        }
        // Running again finds nothing more.
        Assert.Equal(new WebhookPurge(0, 0, 0), await PurgeAt(TimeSpan.FromDays(options.DeliveryRetentionDays + 1)).HandleAsync());
    }

    [Fact]
    public async Task Retention_KeepsEventsASubscriptionHasNotFannedOutYet()
    {
        var member = await Scenario.RegisterAsync("+77015551008");
        await SubscribeAsync(WebhookEvents.Purchase);
        await BuyAsync(Client, member.Id, "W-unsent", 500m); // after the subscription, before any dispatcher run
        var purge = new PurgeWebhookHistory(Service<ILoyaltyDbFactory>(),
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(90)), Service<WebhookOptions>());
        await purge.HandleAsync();
        await DrainAsync();
        Assert.Equal("W-unsent", _receiver.Accepted.Single().Body.GetProperty("data").GetProperty("receiptNumber").GetString());
    }

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    [InlineData("https://user:pass@example.com/hook")]
    public async Task BadEndpoint_IsRefusedWithAHumanMessage(string url)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Service<SaveWebhookSubscription>().HandleAsync(Scenario.Partner.Id, null, new WebhookForm(url, [WebhookEvents.Purchase]), "test"));
        Assert.Contains("url", error.Errors.Keys);
        Assert.Throws<ValidationException>(() => SaveWebhookSubscription.ValidUrl("http://127.0.0.1:8080/x", allowPrivate: false));
        Assert.Throws<ValidationException>(() => SaveWebhookSubscription.ValidUrl("http://10.1.2.3/x", allowPrivate: false));
    }
}
