using System.Diagnostics;
using System.Text;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Webhooks;

public sealed record WebhookDispatchRun(int FannedOut, int Delivered, int Retrying, int Failed);

/// <summary>
/// Drains the outbox (decision 0101): fans new events out to matching subscriptions (set-based, one INSERT … SELECT per
/// subscription, guarded by the subscription's cursor and a unique index), then claims due deliveries with a lease and
/// posts them — subscriptions in parallel (bounded), each subscription's deliveries one at a time in event order.
/// At least once: a delivery whose worker died mid-send is sent again when its lease runs out, with the same event id
/// header, so receivers de-duplicate on <c>X-OneCard-Event-Id</c>.
/// </summary>
public sealed class DispatchWebhooks(ILoyaltyDbFactory dbs, TimeProvider clock, IWebhookSender sender, WebhookOptions options) : IUseCase
{
    private const int ClaimBatch = 200;

    /// <summary>"@t0, @t1, …": one parameter per event type, unused ones bound to NULL, so the statement is prepared once.</summary>
    private static readonly string TypeParameters = string.Join(", ", Enumerable.Range(0, WebhookEvents.All.Count).Select(i => $"@t{i}"));

    public async Task<WebhookDispatchRun> HandleAsync(CancellationToken ct = default)
    {
        var fannedOut = await FanOutAsync(ct);
        int delivered = 0, retrying = 0, failed = 0;
        // Keep going while there is due work, so one run drains a burst; each pass claims a bounded batch.
        for (var pass = 0; pass < 50 && !ct.IsCancellationRequested; pass++)
        {
            var claimed = await ClaimAsync(ct);
            if (claimed.Count == 0) break;
            var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
            var outcomes = await Task.WhenAll(claimed.GroupBy(d => d.SubscriptionId).Select(async group =>
            {
                await gate.WaitAsync(ct);
                try { return await SendInOrderAsync(group.OrderBy(d => d.Id).ToList(), ct); }
                finally { gate.Release(); }
            }));
            delivered += outcomes.Sum(o => o.Delivered);
            retrying += outcomes.Sum(o => o.Retrying);
            failed += outcomes.Sum(o => o.Failed);
            if (claimed.Count < ClaimBatch) break;
        }
        return new WebhookDispatchRun(fannedOut, delivered, retrying, failed);
    }

    private async Task<int> FanOutAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Select(s => new { s.Id, s.PartnerId, s.Events, s.IsActive, s.LastEventId }).ToListAsync(ct);
        if (subscriptions.Count == 0) return 0;
        // Where writers run side by side (SQL Server) an identity value can commit after a higher one: only events a few
        // seconds old are fanned out there, so none is skipped by the cursor. SQLite commits in id order.
        var settled = dbs.HasSingleWriter ? now.AddYears(1) : now.AddSeconds(-10);
        var upTo = await db.IntegrationEvents.Where(e => e.OccurredAt <= settled).MaxAsync(e => (long?)e.Id, ct) ?? 0;
        var total = 0;
        foreach (var subscription in subscriptions.Where(s => s.LastEventId < upTo))
        {
            await using var tx = await db.BeginWriteAsync(ct);
            var sql = await RawSql.OnAsync(db, ct);
            if (subscription.IsActive)
            {
                var types = subscription.Events.Split('|', StringSplitOptions.RemoveEmptyEntries);
                var parameters = new (string, object?)[WebhookEvents.All.Count + 5];
                parameters[0] = ("@sub", subscription.Id);
                parameters[1] = ("@now", now);
                parameters[2] = ("@partner", subscription.PartnerId);
                parameters[3] = ("@last", subscription.LastEventId);
                parameters[4] = ("@upto", upTo);
                for (var i = 0; i < WebhookEvents.All.Count; i++) parameters[5 + i] = ($"@t{i}", i < types.Length ? types[i] : null);
                total += await sql.ExecuteAsync($"""
                    INSERT INTO "WebhookDeliveries" ("SubscriptionId", "EventId", "Status", "Attempts", "NextAttemptAt")
                    SELECT @sub, e."Id", 0, 0, @now FROM "IntegrationEvents" e
                    WHERE e."PartnerId" = @partner AND e."Id" > @last AND e."Id" <= @upto
                      AND e."Type" IN ({TypeParameters})
                      AND NOT EXISTS (SELECT 1 FROM "WebhookDeliveries" d WHERE d."SubscriptionId" = @sub AND d."EventId" = e."Id")
                    """, ct, parameters);
            }
            // A paused subscription skips what happens while it is paused.
            await sql.ExecuteAsync("""UPDATE "WebhookSubscriptions" SET "LastEventId" = @upto WHERE "Id" = @sub AND "LastEventId" < @upto""",
                ct, ("@upto", upTo), ("@sub", subscription.Id));
            await tx.CommitAsync(ct);
        }
        return total;
    }

    private sealed record Claimed(long Id, Guid SubscriptionId, long EventId, int Attempts);

    private async Task<List<Claimed>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .OrderBy(d => d.Id).Take(ClaimBatch)
            .Select(d => new Claimed(d.Id, d.SubscriptionId, d.EventId, d.Attempts)).ToListAsync(ct);
        if (due.Count == 0) return due;
        var won = new List<Claimed>(due.Count);
        await using var tx = await db.BeginWriteAsync(ct);
        var sql = await RawSql.OnAsync(db, ct);
        foreach (var d in due)
        {
            // Conditional: two workers (or nodes) racing for a row cannot both win it.
            if (await sql.ExecuteAsync("""UPDATE "WebhookDeliveries" SET "LeaseUntil" = @until WHERE "Id" = @id AND "Status" = 0 AND ("LeaseUntil" IS NULL OR "LeaseUntil" < @now)""",
                    ct, ("@until", now.AddSeconds(options.LeaseSeconds)), ("@id", d.Id), ("@now", now)) == 1)
                won.Add(d);
        }
        await tx.CommitAsync(ct);
        return won;
    }

    private sealed record Outcome(int Delivered, int Retrying, int Failed);

    private async Task<Outcome> SendInOrderAsync(List<Claimed> deliveries, CancellationToken ct)
    {
        int delivered = 0, retrying = 0, failed = 0;
        await using var db = dbs.Create();
        var subscription = await db.WebhookSubscriptions.AsNoTracking().FirstAsync(s => s.Id == deliveries[0].SubscriptionId, ct);
        for (var i = 0; i < deliveries.Count; i++)
        {
            var delivery = deliveries[i];
            var e = await db.IntegrationEvents.AsNoTracking().FirstAsync(x => x.Id == delivery.EventId, ct);
            var body = Envelope(e);
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            var headers = new Dictionary<string, string>
            {
                [WebhookSignature.TimestampHeader] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [WebhookSignature.SignatureHeader] = WebhookSignature.Sign(subscription.Secret, timestamp, body),
                [WebhookSignature.EventHeader] = e.Type,
                [WebhookSignature.EventIdHeader] = $"evt_{e.Id}",
                [WebhookSignature.DeliveryHeader] = $"dlv_{delivery.Id}",
            };
            var watch = Stopwatch.StartNew();
            WebhookResponse response;
            try
            {
                response = await sender.SendAsync(new WebhookRequest(subscription.Url, headers, body), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                response = new WebhookResponse(null, ex.Message);
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var attempts = delivery.Attempts + 1;
            var status = response.IsSuccess ? DeliveryStatus.Delivered : attempts >= options.MaxAttempts ? DeliveryStatus.Failed : DeliveryStatus.Pending;
            var error = response.IsSuccess ? null : Truncate(response.Error ?? $"HTTP {response.StatusCode}", 500);
            await using (var tx = await db.BeginWriteAsync(ct))
            {
                await db.WebhookDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, status)
                    .SetProperty(d => d.Attempts, attempts)
                    .SetProperty(d => d.LastAttemptAt, now)
                    .SetProperty(d => d.LastStatusCode, response.StatusCode)
                    .SetProperty(d => d.LastError, error)
                    .SetProperty(d => d.DeliveredAt, response.IsSuccess ? now : null)
                    .SetProperty(d => d.NextAttemptAt, response.IsSuccess ? now : now + options.DelayAfter(attempts))
                    .SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
                db.WebhookAttempts.Add(new WebhookAttempt(delivery.Id, now, response.StatusCode, error, (int)watch.ElapsedMilliseconds));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            if (status == DeliveryStatus.Delivered) { delivered++; continue; }
            if (status == DeliveryStatus.Failed) failed++; else retrying++;
            // The endpoint is failing: the rest of this subscription's batch waits for the next run (keeps their order,
            // and a dead endpoint is not hammered). Their leases are released at once.
            var rest = deliveries.Skip(i + 1).Select(d => d.Id).ToList();
            if (rest.Count > 0)
            {
                await using var tx = await db.BeginWriteAsync(ct);
                await db.WebhookDeliveries.Where(d => rest.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
                await tx.CommitAsync(ct);
            }
            break;
        }
        return new Outcome(delivered, retrying, failed);
    }

    /// <summary>The body every delivery carries: the outbox row's data wrapped with its id, type and time.</summary>
    public static string Envelope(IntegrationEvent e)
    {
        var sb = new StringBuilder(e.Payload.Length + 160);
        sb.Append("{\"id\":\"evt_").Append(e.Id).Append("\",\"type\":\"").Append(e.Type).Append("\",\"partnerId\":\"").Append(e.PartnerId)
          .Append("\",\"occurredAt\":\"").Append(DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture))
          .Append("\",\"data\":").Append(e.Payload).Append('}');
        return sb.ToString();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
