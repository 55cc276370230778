using System.Text.Json;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;

namespace Loyalty.Core.Audit;

/// <summary>One personal-data field of a member that changed: its old and new value as text (null = empty).</summary>
public sealed record FieldChange(string Field, string? Old, string? New)
{
    /// <summary>Fields whose values are contact details: shown masked to staff without the admin role (decision 0142).</summary>
    public static readonly string[] ContactFields = ["email", "phone"];

    public bool IsContact => ContactFields.Contains(Field);

    /// <summary>The value as a non-admin sees it: contact details keep enough to recognise them, not to use them.</summary>
    public FieldChange Masked() => IsContact
        ? this with { Old = Mask(Field, Old), New = Mask(Field, New) }
        : this;

    private static string? Mask(string field, string? value) =>
        value is null ? null : field == "email" ? PersonalData.MaskEmail(value) : PersonalData.MaskPhone(value);
}

/// <summary>
/// The member's personal data as one snapshot, so a use case records old → new per field (decision 0142): take one before
/// changing the entity, then <see cref="Diff"/> against it. Stored as JSON on the audit event (<see cref="AuditEvent.Changes"/>).
/// </summary>
public sealed class PersonalDataSnapshot
{
    private readonly Dictionary<string, string?> _values;

    private PersonalDataSnapshot(Dictionary<string, string?> values) => _values = values;

    public static PersonalDataSnapshot Of(Customer c) => new(new Dictionary<string, string?>
    {
        ["firstName"] = c.FirstName,
        ["lastName"] = c.LastName,
        ["phone"] = c.Phone,
        ["email"] = c.Email,
        ["birthDate"] = c.BirthDate?.ToString("yyyy-MM-dd"),
        ["gender"] = c.Gender == Gender.Unspecified ? null : c.Gender.ToString(),
        ["city"] = c.City,
        ["language"] = c.Language,
    });

    /// <summary>The fields that differ between this snapshot and the member now, in a stable order.</summary>
    public IReadOnlyList<FieldChange> Diff(Customer now)
    {
        var after = Of(now)._values;
        return _values.Where(kv => !string.Equals(kv.Value, after[kv.Key], StringComparison.Ordinal))
            .Select(kv => new FieldChange(kv.Key, kv.Value, after[kv.Key])).ToList();
    }

    public static string? ToJson(IReadOnlyList<FieldChange> changes) => changes.Count == 0 ? null : JsonSerializer.Serialize(changes, Json);

    public static IReadOnlyList<FieldChange> FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<FieldChange>>(json, Json) ?? [];

    /// <summary>Old → new for the summary line and the export, e.g. "city: Almaty → Astana; e-mail: (empty) → a@b.kz".</summary>
    public static string Describe(IEnumerable<FieldChange> changes) =>
        string.Join("; ", changes.Select(c => $"{c.Field}: {c.Old ?? "(empty)"} → {c.New ?? "(empty)"}"));

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
