namespace Loyalty.Core.Audit;

/// <summary>Something a person did that the operator may need to account for later: sign-ins, profile changes, staff actions.</summary>
public class AuditEvent
{
    private AuditEvent() { }

    /// <param name="changes">For changes to a member's personal data: old → new per field (decisions 0142, 0181), kept beside
    /// the event in <see cref="AuditChangeValues"/> so that deleting the member's account can erase the values.</param>
    public AuditEvent(DateTime occurredAt, string kind, string? actor, string summary, Guid? partnerId = null, Guid? customerId = null,
        IReadOnlyList<FieldChange>? changes = null)
    {
        if (changes is { Count: > 0 }) Values = new AuditChangeValues(customerId, changes);
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

    /// <summary>For changes to a member's personal data: which fields changed and their old → new values, else null.</summary>
    public AuditChangeValues? Values { get; private set; }
}
