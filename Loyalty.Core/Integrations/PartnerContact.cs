using Loyalty.Core.Customers;

namespace Loyalty.Core.Integrations;

/// <summary>
/// A partner's own record of a coalition member, kept where it differs from the member's (decision 0165): the member's
/// profile stays the member's (their name, their e-mail), and the partner's values — from its customer-base import or
/// the API upsert — are not thrown away but kept here, one row per partner and member, newest values winning. Only that
/// partner sees it; nothing else reads it as the member's data (mailings use the member's own e-mail and consent).
/// </summary>
public class PartnerContact
{
    private PartnerContact() { }

    public PartnerContact(Guid partnerId, Guid customerId, DateTime at)
    {
        PartnerId = partnerId;
        CustomerId = customerId;
        CreatedAt = at;
        UpdatedAt = at;
    }

    public long Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid CustomerId { get; private set; }
    public string? FirstName { get; private set; }
    public string? LastName { get; private set; }
    public string? Email { get; private set; }
    public DateOnly? BirthDate { get; private set; }

    /// <summary>Where the partner's values came from: <c>import</c> (with the file name) or <c>partner-api</c>.</summary>
    public string Source { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>Keeps the partner's values for the fields that conflicted; a field the partner did not send is left as it was.</summary>
    public void Keep(IReadOnlyCollection<string> conflicts, string? firstName, string? lastName, string? email, DateOnly? birthDate, string source, DateTime at)
    {
        if (conflicts.Contains(CustomerMerge.FirstName)) FirstName = Clip(firstName, Customer.NameMaxLength);
        if (conflicts.Contains(CustomerMerge.LastName)) LastName = Clip(lastName, Customer.NameMaxLength);
        if (conflicts.Contains(CustomerMerge.Email)) Email = Clip(email, Customer.EmailMaxLength);
        if (conflicts.Contains(CustomerMerge.BirthDate)) BirthDate = birthDate;
        Source = Clip(source, SourceMaxLength)!;
        UpdatedAt = at;
    }

    public const int SourceMaxLength = 200;

    private static string? Clip(string? value, int max) => value?.Trim() is { Length: > 0 } v ? (v.Length > max ? v[..max] : v) : null;
}
