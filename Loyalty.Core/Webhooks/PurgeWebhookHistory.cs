using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Webhooks;

public sealed record WebhookPurge(int Deliveries, int Attempts, int Events);

/// <summary>
/// Retention for the webhook outbox (decision 0101): every purchase writes an outbox row whether or not its partner
/// subscribes, so without this the table grows with every sale for ever. Nightly, in small transactions so tills get
/// the single SQLite writer between them:
/// <list type="number">
/// <item>finished deliveries (delivered or failed) whose last scheduled attempt is older than
/// <see cref="WebhookOptions.DeliveryRetentionDays"/> go, with their attempt log — until then the cabinet shows them and
/// can replay them; pending deliveries are never touched;</item>
/// <item>outbox events older than <see cref="WebhookOptions.EventRetentionDays"/> go once no delivery refers to them and
/// every subscription's cursor has passed them (so a subscription that has not fanned out yet loses nothing).</item>
/// </list>
/// </summary>
public sealed class PurgeWebhookHistory(ILoyaltyDbFactory dbs, TimeProvider clock, WebhookOptions options) : IUseCase
{
    private const int Batch = 5_000;

    public async Task<WebhookPurge> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var deliveryCutoff = now.AddDays(-Math.Max(1, options.DeliveryRetentionDays));
        var eventCutoff = now.AddDays(-Math.Max(1, options.EventRetentionDays));
        int deliveries = 0, attempts = 0, events = 0;
        await using var db = dbs.Create();

        while (!ct.IsCancellationRequested)
        {
            // Status and NextAttemptAt lead an index: finished rows past the cutoff are found without a scan.
            var ids = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => (d.Status == DeliveryStatus.Delivered || d.Status == DeliveryStatus.Failed) && d.NextAttemptAt < deliveryCutoff)
                .OrderBy(d => d.Id).Select(d => d.Id).Take(Batch).ToListAsync(ct);
            if (ids.Count == 0) break;
            await using var tx = await db.BeginWriteAsync(ct);
            attempts += await db.WebhookAttempts.Where(a => ids.Contains(a.DeliveryId)).ExecuteDeleteAsync(ct);
            // Re-checked under the writer: a replay since the read made the delivery pending again, and it stays.
            deliveries += await db.WebhookDeliveries
                .Where(d => ids.Contains(d.Id) && (d.Status == DeliveryStatus.Delivered || d.Status == DeliveryStatus.Failed) && d.NextAttemptAt < deliveryCutoff)
                .ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
            if (ids.Count < Batch) break;
        }

        // Events are walked in id order (their ids grow with time, and the table has no index on time: the till's insert
        // stays as cheap as it is); the walk stops at the first event inside the retention window.
        var cursor = await db.WebhookSubscriptions.MinAsync(s => (long?)s.LastEventId, ct) ?? long.MaxValue;
        long after = 0;
        while (!ct.IsCancellationRequested)
        {
            var page = await db.IntegrationEvents.AsNoTracking().Where(e => e.Id > after && e.Id <= cursor).OrderBy(e => e.Id).Take(Batch)
                .Select(e => new { e.Id, e.OccurredAt }).ToListAsync(ct);
            var old = page.TakeWhile(e => e.OccurredAt < eventCutoff).ToList();
            if (old.Count > 0)
            {
                long from = old[0].Id, to = old[^1].Id;
                await using var tx = await db.BeginWriteAsync(ct);
                events += await db.IntegrationEvents
                    .Where(e => e.Id >= from && e.Id <= to && !db.WebhookDeliveries.Any(d => d.EventId == e.Id))
                    .ExecuteDeleteAsync(ct);
                await tx.CommitAsync(ct);
            }
            if (old.Count < page.Count || page.Count < Batch) break;
            after = page[^1].Id;
        }
        return new WebhookPurge(deliveries, attempts, events);
    }
}
