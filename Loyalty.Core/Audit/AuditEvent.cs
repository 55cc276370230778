namespace Loyalty.Core.Audit;

/// <summary>Something a person did that the operator may need to account for later: sign-ins, profile changes, staff actions.</summary>
public class AuditEvent
{
    private AuditEvent() { }

    /// <param name="changes">For changes to a member's personal data: old → new per field (decision 0142).</param>
    public AuditEvent(DateTime occurredAt, string kind, string? actor, string summary, Guid? partnerId = null, Guid? customerId = null,
        IReadOnlyList<FieldChange>? changes = null)
    {
        Changes = changes is null ? null : PersonalDataSnapshot.ToJson(changes);
        OccurredAt = occurredAt;
        Kind = kind;
        Actor = actor;
        Summary = summary;
        PartnerId = partnerId;
        CustomerId = customerId;
    }

    public long Id { get; private set; }
    public DateTime OccurredAt { get; private set; }

    /// <summary>Dotted name such as "auth.sign-in", "customer.registered", "points.adjusted".</summary>
    public string Kind { get; private set; } = "";

    /// <summary>Who did it: a user name, "pos:&lt;terminal&gt;" or "system".</summary>
    public string? Actor { get; private set; }

    public string Summary { get; private set; } = "";
    public Guid? PartnerId { get; private set; }
    public Guid? CustomerId { get; private set; }

    /// <summary>For changes to a member's personal data: JSON list of <see cref="FieldChange"/> (old → new per field), else null.</summary>
    public string? Changes { get; private set; }

    public const int ChangesMaxLength = 4000;
}
