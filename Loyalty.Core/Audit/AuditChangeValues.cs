namespace Loyalty.Core.Audit;

/// <summary>
/// The old → new values of one logged change to a member's personal data, beside its <see cref="AuditEvent"/> (decision
/// 0181). The event (who, when, what) is append-only; these values are the one part of the log a member's erasure may
/// touch: <see cref="Erase"/> keeps the changed fields' names for the books and drops the values.
/// </summary>
public class AuditChangeValues
{
    public const int ChangesMaxLength = 4000;

    private AuditChangeValues() { }

    internal AuditChangeValues(Guid? customerId, IReadOnlyList<FieldChange> changes)
    {
        CustomerId = customerId;
        Changes = PersonalDataSnapshot.ToJson(changes) ?? "[]";
    }

    public long EventId { get; private set; }

    /// <summary>The member the values belong to, so erasing an account finds them without reading the log.</summary>
    public Guid? CustomerId { get; private set; }

    /// <summary>JSON list of <see cref="FieldChange"/>; after <see cref="Erase"/> the fields with no values.</summary>
    public string Changes { get; private set; } = "[]";

    /// <summary>When the member's account was deleted and the values with it.</summary>
    public DateTime? ErasedAt { get; private set; }

    public void Erase(DateTime at)
    {
        if (ErasedAt is not null) return;
        Changes = PersonalDataSnapshot.ToJson(PersonalDataSnapshot.FromJson(Changes).Select(c => new FieldChange(c.Field, null, null)).ToList()) ?? "[]";
        ErasedAt = at;
    }
}
