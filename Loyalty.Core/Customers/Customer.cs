using Loyalty.Core.Common;

namespace Loyalty.Core.Customers;

public enum Gender
{
    Unspecified,
    Female,
    Male,
}

public enum CustomerStatus
{
    Active,
    Blocked,

    /// <summary>A duplicate folded into another member (<see cref="Customer.MergedIntoId"/>): kept for history, never identified again.</summary>
    Merged,
}

/// <summary>A member of the coalition: one person, one phone, valid at every partner.</summary>
public class Customer
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;

    private Customer() { }

    public Customer(PhoneNumber phone, string firstName, string? lastName, DateTime registeredAt, string source)
    {
        Id = Guid.CreateVersion7();
        Phone = phone.Value;
        FirstName = firstName.Trim();
        LastName = lastName?.Trim();
        RegisteredAt = registeredAt;
        Source = source;
        Language = "en";
    }

    public Guid Id { get; private set; }

    /// <summary>E.164, unique across the coalition.</summary>
    public string Phone { get; private set; } = "";

    public string FirstName { get; set; } = "";
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public DateOnly? BirthDate { get; set; }
    public Gender Gender { get; set; }
    public string? City { get; set; }
    public string Language { get; set; } = "en";
    public CustomerStatus Status { get; private set; }
    public DateTime RegisteredAt { get; private set; }

    /// <summary>Where the member came from: "portal", "pos", "import:partner-slug", "referral" …</summary>
    public string Source { get; private set; } = "";

    public Guid? ReferrerId { get; set; }

    /// <summary>When the referrer was recorded: only purchases from then on reward the chain (0065).</summary>
    public DateTime? ReferredAt { get; set; }
    /// <summary>The surviving member this duplicate was merged into (0092).</summary>
    public Guid? MergedIntoId { get; private set; }

    /// <summary>Current status level; null until the member reaches the first tier.</summary>
    public Guid? TierId { get; set; }

    /// <summary>When the member agreed to marketing by e-mail; null means no consent.</summary>
    public DateTime? EmailConsentAt { get; private set; }

    public DateTime? SmsConsentAt { get; private set; }

    public string DisplayName => string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}";

    public void SetEmailConsent(bool granted, DateTime at) => EmailConsentAt = granted ? EmailConsentAt ?? at : null;

    public void SetSmsConsent(bool granted, DateTime at) => SmsConsentAt = granted ? SmsConsentAt ?? at : null;

    public void Block()
    {
        if (Status == CustomerStatus.Merged) throw DomainException.Conflict("customer-merged", "This member was merged into another one.");
        Status = CustomerStatus.Blocked;
    }

    public void Unblock()
    {
        if (Status == CustomerStatus.Merged) throw DomainException.Conflict("customer-merged", "This member was merged into another one.");
        Status = CustomerStatus.Active;
    }

    /// <summary>
    /// The member asked to be forgotten: personal data goes, the row stays so the ledger's transfers keep their owner.
    /// The phone becomes a unique placeholder (it is the unique identity), and the membership is blocked for good.
    /// </summary>
    public void Anonymise()
    {
        Phone = "x" + Id.ToString("N")[^15..];
        FirstName = "Former member";
        LastName = null;
        Email = null;
        BirthDate = null;
        Gender = Gender.Unspecified;
        City = null;
        EmailConsentAt = null;
        SmsConsentAt = null;
        Status = CustomerStatus.Blocked;
    }

    /// <summary>
    /// Retires a duplicate (0092). It keeps its phone, reserved: the till and the sign-in refuse a merged membership
    /// rather than registering the number again as a new member.
    /// </summary>
    public void MergeInto(Guid survivorId)
    {
        if (survivorId == Id) throw ValidationException.For("survivor", "A member cannot be merged into itself.");
        if (Status == CustomerStatus.Merged) throw DomainException.Conflict("customer-merged", "This member was already merged.");
        Status = CustomerStatus.Merged;
        MergedIntoId = survivorId;
    }
}
