using System.Net;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Webhooks;

public sealed record WebhookSubscriptionView(Guid Id, string Url, IReadOnlyList<string> Events, bool IsActive, string Secret, DateTime CreatedAt,
    int Pending, int Failed, DateTime? LastDeliveredAt);

public sealed record WebhookForm(string? Url, IReadOnlyCollection<string> Events, bool IsActive = true);

/// <summary>Creates or changes a partner's webhook subscription. A new one hears events from now on.</summary>
public sealed class SaveWebhookSubscription(ILoyaltyDbFactory dbs, TimeProvider clock, WebhookOptions options) : IUseCase
{
    public async Task<Guid> HandleAsync(Guid partnerId, Guid? id, WebhookForm form, string actor, CancellationToken ct = default)
    {
        var url = ValidUrl(form.Url, options.AllowPrivateNetworks);
        if (form.Events.Count == 0) throw ValidationException.For("events", "Choose at least one event.");
        if (form.Events.FirstOrDefault(e => !WebhookEvents.All.Contains(e)) is { } unknown)
            throw ValidationException.For("events", $"Unknown event \"{unknown}\".");
        var events = WebhookEvents.All.Where(form.Events.Contains).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        WebhookSubscription subscription;
        if (id is { } existing)
        {
            subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == existing && s.PartnerId == partnerId, ct)
                ?? throw DomainException.NotFound("webhook-not-found", "No such webhook.");
            subscription.Change(url, events, form.IsActive);
        }
        else
        {
            if (await db.WebhookSubscriptions.CountAsync(s => s.PartnerId == partnerId, ct) >= 20)
                throw DomainException.Conflict("too-many-webhooks", "A partner can have at most 20 webhooks.");
            var last = await db.IntegrationEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
            subscription = new WebhookSubscription(partnerId, url, events, last, now);
            db.WebhookSubscriptions.Add(subscription);
        }
        db.AuditEvents.Add(new AuditEvent(now, id is null ? "webhook.created" : "webhook.changed", actor, $"Webhook {url} ({string.Join(", ", events)})", partnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return subscription.Id;
    }

    /// <summary>Absolute http(s) URL; no credentials in it; not a loopback or private address unless allowed.</summary>
    public static string ValidUrl(string? value, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > WebhookSubscription.UrlMaxLength ||
            !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw ValidationException.For("url", "Enter the full address of your endpoint, starting with https://.");
        if (!string.IsNullOrEmpty(uri.UserInfo))
            throw ValidationException.For("url", "Do not put a user name or password in the address; verify our signature instead.");
        if (!allowPrivate && (uri.IsLoopback || uri.Host.EndsWith(".local", StringComparison.OrdinalIgnoreCase) ||
                              (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IsPrivate(ip))))
            throw ValidationException.For("url", "This address is not reachable from the internet. Use your endpoint's public address.");
        return uri.ToString();
    }

    private static bool IsPrivate(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip) || ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal) return true;
        var b = ip.MapToIPv4().GetAddressBytes();
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork &&
               (b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) || b[0] == 0);
    }
}

public sealed class ListWebhookSubscriptions(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<WebhookSubscriptionView>> HandleAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var rows = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.PartnerId == partnerId)
            .Select(s => new
            {
                s.Id, s.Url, s.Events, s.IsActive, s.Secret, s.CreatedAt,
                // Ranges of the (SubscriptionId, Status, DeliveredAt) index: the maximum over every delivery read a year's log
                // of a busy partner, 1.5 million rows, on each open of the page (1.05 s). "Last delivered" is among the
                // deliveries that stand delivered: a replay waiting to be sent again does not count until it is.
                Pending = db.WebhookDeliveries.Count(d => d.SubscriptionId == s.Id && d.Status == DeliveryStatus.Pending),
                Failed = db.WebhookDeliveries.Count(d => d.SubscriptionId == s.Id && d.Status == DeliveryStatus.Failed),
                Last = db.WebhookDeliveries.Where(d => d.SubscriptionId == s.Id && d.Status == DeliveryStatus.Delivered).Max(d => d.DeliveredAt),
            }).ToListAsync(ct);
        return rows.OrderBy(r => r.CreatedAt)
            .Select(r => new WebhookSubscriptionView(r.Id, r.Url, r.Events.Split('|', StringSplitOptions.RemoveEmptyEntries), r.IsActive, r.Secret, r.CreatedAt, r.Pending, r.Failed, r.Last))
            .ToList();
    }
}

public sealed class RotateWebhookSecret(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(Guid partnerId, Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id && s.PartnerId == partnerId, ct)
            ?? throw DomainException.NotFound("webhook-not-found", "No such webhook.");
        subscription.RotateSecret();
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "webhook.secret-rotated", actor, $"Webhook {subscription.Url}: secret rotated", partnerId));
        await db.SaveChangesAsync(ct);
    }
}

public sealed record WebhookDeliveryRow(long Id, Guid SubscriptionId, string Url, long EventId, string EventType, DateTime EventAt, DeliveryStatus Status,
    int Attempts, int? LastStatusCode, string? LastError, DateTime? LastAttemptAt, DateTime NextAttemptAt);

public sealed record WebhookDeliveryQuery(Guid PartnerId, Guid? SubscriptionId = null, DeliveryStatus? Status = null, int Skip = 0, int Take = 25);

/// <summary>
/// The delivery log, newest first, paged in the database. Built for a long retention at a busy partner (a year at 2,000
/// receipts a day to two endpoints: 1.5 million deliveries): the total counts the partner's subscriptions' index ranges,
/// the page's ids come first (many matches: a walk newest first that stops at the page; few: sorted), and only the page's
/// rows are joined to their subscription and event. Joined and sorted whole, the first page took 0.7 s and page 100 a
/// second (0270).
/// </summary>
public sealed class ListWebhookDeliveries(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<(IReadOnlyList<WebhookDeliveryRow> Items, int Total)> HandleAsync(WebhookDeliveryQuery query, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var total = await db.WebhookDeliveries.FromSql(Matching(query, walkNewestFirst: false).Build()).CountAsync(ct);
        if (total <= query.Skip) return ([], total);

        // A walk from the newest delivery pays when the partner's matches are many (they are then a good share of the log);
        // a few are found through the subscription index and sorted.
        var walk = db.IsSqlite() && total > SortedUpTo;
        var ids = await db.WebhookDeliveries.FromSql(Matching(query, walk).Build()).AsNoTracking()
            .OrderByDescending(d => d.Id).Skip(query.Skip).Take(Math.Clamp(query.Take, 1, 200)).Select(d => d.Id).ToListAsync(ct);
        var page = await (from d in db.WebhookDeliveries.AsNoTracking()
                          join s in db.WebhookSubscriptions on d.SubscriptionId equals s.Id
                          join e in db.IntegrationEvents on d.EventId equals e.Id
                          where ids.Contains(d.Id) && s.PartnerId == query.PartnerId
                          orderby d.Id descending
                          select new WebhookDeliveryRow(d.Id, d.SubscriptionId, s.Url, d.EventId, e.Type, e.OccurredAt, d.Status, d.Attempts,
                              d.LastStatusCode, d.LastError, d.LastAttemptAt, d.NextAttemptAt))
            .ToListAsync(ct);
        return (page, total);
    }

    /// <summary>
    /// Up to this many matches the page is sorted from the subscription index (20,000 ids sort in milliseconds); tests set
    /// it to 0 to prove the walk returns the same pages.
    /// </summary>
    internal int SortedUpTo { get; init; } = 20_000;

    /// <summary>
    /// The partner's deliveries the query asks for, counted through the subscription index and paged either way.
    /// <paramref name="walkNewestFirst"/> (SQLite): a unary <c>+</c> keeps the
    /// filters off their indexes, so the page follows the primary key from the newest delivery and stops after it (through
    /// the subscription index it sorted every delivery of the partner first: a second for 1.5 million). A small partner in
    /// a busy coalition, or a rare status, would walk far for few matches, so those are sorted. SQL Server chooses with
    /// statistics.
    /// </summary>
    private static SqlBuilder Matching(WebhookDeliveryQuery query, bool walkNewestFirst)
    {
        var walk = walkNewestFirst ? "+" : "";
        var sql = new SqlBuilder().Append($"SELECT * FROM \"WebhookDeliveries\" d WHERE {walk}d.\"SubscriptionId\" IN (SELECT s.\"Id\" FROM \"WebhookSubscriptions\" s WHERE s.\"PartnerId\" = ")
            .Param(query.PartnerId).Append(")");
        if (query.SubscriptionId is { } sub) sql.Append($" AND {walk}d.\"SubscriptionId\" = ").Param(sub);
        if (query.Status is { } status) sql.Append($" AND {walk}d.\"Status\" = ").Param((int)status);
        return sql;
    }
}

public sealed record WebhookAttemptRow(DateTime At, int? StatusCode, string? Error, int DurationMs);

public sealed class ListWebhookAttempts(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<WebhookAttemptRow>> HandleAsync(Guid partnerId, long deliveryId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await (from a in db.WebhookAttempts.AsNoTracking()
                      join d in db.WebhookDeliveries on a.DeliveryId equals d.Id
                      join s in db.WebhookSubscriptions on d.SubscriptionId equals s.Id
                      where a.DeliveryId == deliveryId && s.PartnerId == partnerId
                      orderby a.Id descending
                      select new WebhookAttemptRow(a.At, a.StatusCode, a.Error, a.DurationMs)).Take(100).ToListAsync(ct);
    }
}

/// <summary>Sends a delivery again from the cabinet (delivered or failed alike), at the next dispatcher run.</summary>
public sealed class ReplayWebhookDelivery(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<int> HandleAsync(Guid partnerId, IReadOnlyCollection<long> deliveryIds, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var mine = db.WebhookSubscriptions.Where(s => s.PartnerId == partnerId).Select(s => s.Id);
        var replayed = await db.WebhookDeliveries
            .Where(d => deliveryIds.Contains(d.Id) && mine.Contains(d.SubscriptionId) && d.Status != DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
        if (replayed > 0) db.AuditEvents.Add(new AuditEvent(now, "webhook.replayed", actor, $"{replayed} webhook deliveries queued again", partnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return replayed;
    }
}
