using System.Text.Json;
using Loyalty.Core.Common;

namespace Loyalty.Core.Webhooks;

/// <summary>
/// The outbox: one row per business event a partner's systems may hear about, inserted in the same transaction as
/// the event itself (the purchase, the refund, the activation), so an event is delivered if and only if it happened,
/// even across a crash. The dispatcher fans rows out to subscriptions and never changes them.
/// </summary>
public class IntegrationEvent
{
    private IntegrationEvent() { }

    public long Id { get; private set; }
    public Guid PartnerId { get; private set; }

    /// <summary>One of <see cref="WebhookEvents"/>.</summary>
    public string Type { get; private set; } = "";

    public DateTime OccurredAt { get; private set; }

    /// <summary>The event's <c>data</c> object, JSON, as delivered.</summary>
    public string Payload { get; private set; } = "";
}

/// <summary>The events partners can subscribe to. A name is a contract: never rename one.</summary>
public static class WebhookEvents
{
    public const string Purchase = "purchase.created";
    public const string Refund = "refund.created";
    public const string PromoActivation = "promo_code.activated";
    public const string TierChange = "customer.tier_changed";
    public const string NewCustomer = "customer.created";

    /// <summary>A partner's certificate was issued: by hand, to a segment, by cross-marketing or by a trigger campaign.</summary>
    public const string CertificateIssued = "certificate.issued";

    public static readonly IReadOnlyList<string> All = [Purchase, Refund, PromoActivation, TierChange, NewCustomer, CertificateIssued];
}

/// <summary>Writes outbox rows inside the caller's transaction: one prepared INSERT, no EF (safe in the POS write unit).</summary>
internal static class Outbox
{
    private const string Insert = """INSERT INTO "IntegrationEvents" ("PartnerId", "Type", "OccurredAt", "Payload") VALUES (@partner, @type, @at, @payload)""";

    public static Task AddAsync<T>(RawSql sql, Guid partnerId, string type, DateTime at, T data, CancellationToken ct) =>
        sql.ExecuteAsync(Insert, ct, ("@partner", partnerId), ("@type", type), ("@at", at), ("@payload", JsonSerializer.Serialize(data, Pos.Idempotency.Json)));

    public static async Task AddAsync<T>(ILoyaltyDb db, Guid partnerId, string type, DateTime at, T data, CancellationToken ct) =>
        await AddAsync(await RawSql.OnAsync(db, ct), partnerId, type, at, data, ct);
}

/// <summary>What a purchase event says (amounts in major units, points with two decimals, like the API).</summary>
public sealed record PurchaseEventData(Guid TransactionId, Guid CustomerId, Guid StoreId, string ReceiptNumber, decimal Amount, string Currency,
    decimal EarnedPoints, decimal RedeemedPoints, DateTime OccurredAt);

public sealed record RefundEventData(Guid RefundId, Guid TransactionId, Guid CustomerId, decimal Amount, string Currency, decimal ReversedPoints, decimal ReturnedPoints);

public sealed record PromoActivationEventData(Guid CustomerId, string Product, string Brand, int Points, string Channel);

public sealed record TierChangeEventData(Guid CustomerId, Guid? TierId, string? TierName);

public sealed record NewCustomerEventData(Guid CustomerId, string Source);

/// <summary>
/// A certificate event: value in points (two decimals) or percent. <see cref="CustomerId"/> is left out for
/// cross-marketing certificates — they go to another partner's members, whom the issuer must not be able to identify.
/// </summary>
public sealed record CertificateIssuedEventData(Guid CertificateId, Guid? CustomerId, string Code, string Title, string Kind, decimal Value,
    decimal CapPercent, DateTime ExpiresAt, string Source);

/// <summary>Outbox rows for issued certificates, in the issuing transaction. The operator's own certificates have no partner to tell.</summary>
internal static class CertificateEvents
{
    public static Task AddAsync(ILoyaltyDb db, Campaigns.Certificate c, CancellationToken ct) =>
        c.IssuerPartnerId is not { } partner
            ? Task.CompletedTask
            : Outbox.AddAsync(db, partner, WebhookEvents.CertificateIssued, c.IssuedAt, new CertificateIssuedEventData(c.Id,
                c.Source == Campaigns.CertificateSource.CrossMarketing ? null : c.CustomerId, c.Code, c.Title, c.Kind.ToString().ToLowerInvariant(),
                c.Kind == Campaigns.CertificateKind.Points ? PointValue.ToDecimal(c.Value) : c.Value / 100m, c.CapBp / 100m, c.ExpiresAt,
                c.Source.ToString().ToLowerInvariant()), ct);
}
