using System.Text.Json;
using Loyalty.Core.Common;

namespace Loyalty.Core.Messaging;

/// <summary>Stored as integers: append, never reorder. Issue 6 adds the segment source; the kind is already reserved.</summary>
public enum AudienceKind
{
    /// <summary>Everyone the owner may write to: for a partner, members who bought there or subscribed; for the operator, all members.</summary>
    AllCustomers,

    /// <summary>All customers narrowed by a saved filter (city, tier, balance, recency).</summary>
    Group,

    /// <summary>A named segment (RFM, rule-based): provided by an <see cref="IAudienceSource"/> for this kind.</summary>
    Segment,
}

/// <summary>Who a mailing goes to. Every field except <see cref="Kind"/> is optional; a source reads what it needs.</summary>
public sealed record AudienceDefinition(
    AudienceKind Kind,
    string? City = null,
    Guid? TierId = null,
    long? MinBalance = null,
    int? PurchasedWithinDays = null,
    int? InactiveForDays = null,
    int? RegisteredWithinDays = null,
    Guid? SegmentId = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static AudienceDefinition All { get; } = new(AudienceKind.AllCustomers);

    public string ToJson() => JsonSerializer.Serialize(this with { Kind = Kind }, Json);

    public static AudienceDefinition FromJson(AudienceKind kind, string json) =>
        (string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<AudienceDefinition>(json, Json)) is { } a ? a with { Kind = kind } : new AudienceDefinition(kind);
}

/// <summary>Who is asking and for which channel: the sources need it to scope partners' audiences.</summary>
public sealed record AudienceScope(Guid? OwnerPartnerId, MessageChannel Channel, DateTime Now);

/// <summary>
/// Narrows the customers (SQL alias <c>c</c>) to one kind of audience by appending a predicate. Predicates are SQL, not LINQ,
/// because the same predicate feeds the set-based fan-out (INSERT … SELECT) and the audience estimate; the SQL must run on
/// SQLite and SQL Server alike (double-quoted identifiers, parameters only). Implementations are registered by convention,
/// so issue 6 adds segments by adding one class for <see cref="AudienceKind.Segment"/>.
/// </summary>
public interface IAudienceSource
{
    AudienceKind Kind { get; }

    /// <summary>Throws <see cref="ValidationException"/> when the definition is incomplete for this kind.</summary>
    void Validate(AudienceDefinition audience);

    void AppendFilter(SqlBuilder sql, AudienceDefinition audience, AudienceScope scope);
}

public sealed class AllCustomersAudience : IAudienceSource
{
    public AudienceKind Kind => AudienceKind.AllCustomers;

    public void Validate(AudienceDefinition audience) { }

    public void AppendFilter(SqlBuilder sql, AudienceDefinition audience, AudienceScope scope) { }
}

/// <summary>A saved filter group: every filled field narrows the audience further.</summary>
public sealed class GroupAudience : IAudienceSource
{
    public AudienceKind Kind => AudienceKind.Group;

    public void Validate(AudienceDefinition a)
    {
        if (a.MinBalance < 0) throw ValidationException.For("minBalance", "The minimum balance cannot be negative.");
        foreach (var (field, days) in new[] { ("purchasedWithinDays", a.PurchasedWithinDays), ("inactiveForDays", a.InactiveForDays), ("registeredWithinDays", a.RegisteredWithinDays) })
            if (days is < 1 or > 3650) throw ValidationException.For(field, "Enter a number of days between 1 and 3650.");
    }

    public void AppendFilter(SqlBuilder sql, AudienceDefinition a, AudienceScope scope)
    {
        if (!string.IsNullOrWhiteSpace(a.City)) sql.Append(" AND c.\"City\" = ").Param(a.City.Trim());
        if (a.TierId is { } tier) sql.Append(" AND c.\"TierId\" = ").Param(tier);
        if (a.MinBalance is { } min)
            sql.Append(" AND EXISTS (SELECT 1 FROM \"LedgerAccounts\" la WHERE la.\"CustomerId\" = c.\"Id\" AND la.\"Kind\" = 0 AND la.\"Balance\" >= ").Param(min).Append(")");
        // Recency counts purchases at the owner for a partner's mailing, anywhere for the operator's.
        if (a.PurchasedWithinDays is { } within)
        {
            sql.Append(" AND EXISTS (").Append(PurchasesSince(scope)).Param(scope.Now.AddDays(-within)).Append(")");
        }
        if (a.InactiveForDays is { } inactive)
        {
            sql.Append(" AND NOT EXISTS (").Append(PurchasesSince(scope)).Param(scope.Now.AddDays(-inactive)).Append(")");
        }
        if (a.RegisteredWithinDays is { } registered) sql.Append(" AND c.\"RegisteredAt\" >= ").Param(scope.Now.AddDays(-registered));

        SqlBuilder PurchasesSince(AudienceScope s)
        {
            var inner = new SqlBuilder().Append("SELECT 1 FROM \"Purchases\" p WHERE p.\"CustomerId\" = c.\"Id\"");
            if (s.OwnerPartnerId is { } partner) inner.Append(" AND p.\"PartnerId\" = ").Param(partner);
            return inner.Append(" AND p.\"OccurredAt\" >= ");
        }
    }
}
