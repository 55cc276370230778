using System.Security.Cryptography;

namespace Loyalty.Core.Webhooks;

/// <summary>
/// A partner's endpoint and the events it wants. Deliveries are signed with <see cref="Secret"/> (HMAC-SHA256), which
/// must be kept to sign, so it is stored as is — it authenticates us to the partner and grants nothing here.
/// </summary>
public class WebhookSubscription
{
    public const int UrlMaxLength = 500;

    private WebhookSubscription() { }

    public WebhookSubscription(Guid partnerId, string url, IEnumerable<string> events, long lastEventId, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        Url = url;
        Events = "|" + string.Join('|', events) + "|";
        Secret = NewSecret();
        LastEventId = lastEventId;
        CreatedAt = createdAt;
        IsActive = true;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public string Url { get; private set; } = "";

    /// <summary>Subscribed event types between bars (<c>|purchase.created|refund.created|</c>), so SQL can match with LIKE.</summary>
    public string Events { get; private set; } = "";

    public string Secret { get; private set; } = "";
    public bool IsActive { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>
    /// The last outbox row fanned out to this subscription: a new subscription starts at the newest event, so it hears
    /// what happens from now on, not the partner's past.
    /// </summary>
    public long LastEventId { get; private set; }

    public IReadOnlyList<string> EventList => Events.Split('|', StringSplitOptions.RemoveEmptyEntries);

    public void Change(string url, IEnumerable<string> events, bool active)
    {
        Url = url;
        Events = "|" + string.Join('|', events) + "|";
        IsActive = active;
    }

    public void RotateSecret() => Secret = NewSecret();

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public enum DeliveryStatus : byte
{
    Pending = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>One event for one subscription: retried with backoff until the endpoint answers 2xx or attempts run out.</summary>
public class WebhookDelivery
{
    private WebhookDelivery() { }

    public long Id { get; private set; }
    public Guid SubscriptionId { get; private set; }
    public long EventId { get; private set; }
    public DeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public DateTime? LastAttemptAt { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }
    public DateTime? DeliveredAt { get; private set; }

    /// <summary>A worker's claim; a row whose lease ran out (its worker died) is claimed again and resent.</summary>
    public DateTime? LeaseUntil { get; private set; }
}

/// <summary>The log: every attempt with the endpoint's status code (null when it did not answer) and how long it took.</summary>
public class WebhookAttempt
{
    private WebhookAttempt() { }

    public WebhookAttempt(long deliveryId, DateTime at, int? statusCode, string? error, int durationMs)
    {
        DeliveryId = deliveryId;
        At = at;
        StatusCode = statusCode;
        Error = error;
        DurationMs = durationMs;
    }

    public long Id { get; private set; }
    public long DeliveryId { get; private set; }
    public DateTime At { get; private set; }
    public int? StatusCode { get; private set; }
    public string? Error { get; private set; }
    public int DurationMs { get; private set; }
}

/// <summary>Dispatcher settings (<c>Webhooks</c> section).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Attempts before a delivery is Failed (it can still be replayed from the cabinet).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; each next one is 4× longer (30 s, 2 min, 8 min, 32 min, ~2 h, ~8.5 h…), capped at 12 h.</summary>
    public int BaseDelaySeconds { get; set; } = 30;

    /// <summary>Endpoints called at once across subscriptions; one subscription's deliveries go one at a time, in order.</summary>
    public int Concurrency { get; set; } = 4;

    public int TimeoutSeconds { get; set; } = 10;

    public int LeaseSeconds { get; set; } = 60;

    /// <summary>Days a delivered or failed delivery (and its attempt log) stays visible and replayable in the cabinet.</summary>
    public int DeliveryRetentionDays { get; set; } = 30;

    /// <summary>Days an outbox event is kept once nothing refers to it (every sale writes one, subscribed or not).</summary>
    public int EventRetentionDays { get; set; } = 7;

    /// <summary>Loopback and private addresses are refused as endpoints unless this is set (tests, on-premise setups).</summary>
    public bool AllowPrivateNetworks { get; set; }

    public TimeSpan DelayAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(BaseDelaySeconds * Math.Pow(4, Math.Max(0, attempts - 1)), 12 * 3600));
}
