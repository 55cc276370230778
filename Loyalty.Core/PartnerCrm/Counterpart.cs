using Loyalty.Core.Common;

namespace Loyalty.Core.PartnerCrm;

public enum CounterpartKind
{
    Supplier,
    Agency,
    Operator,
    Bank,
    Other,
}

/// <summary>A person at a business counterpart of a partner (supplier, agency, the operator), with free notes.</summary>
public class Counterpart
{
    public const int NameMaxLength = 200;
    public const int CompanyMaxLength = 200;
    public const int PositionMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 32;
    public const int NotesMaxLength = 4000;

    private Counterpart() { }

    public Counterpart(Guid partnerId, DateTime now)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public CounterpartKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public string Company { get; private set; } = "";
    public string? Position { get; private set; }
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public string? Notes { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>Validates everything first, so a bad field never leaves the contact half-changed.</summary>
    public void Change(CounterpartKind kind, string? name, string? company, string? position, string? email, string? phone, string? notes, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        name = name?.Trim() ?? "";
        company = company?.Trim() ?? "";
        email = Blank(email);
        phone = Blank(phone);
        position = Blank(position);
        notes = Blank(notes);
        if (name.Length is < 2 or > NameMaxLength) errors["name"] = [$"Enter the person's name (2 to {NameMaxLength} characters)."];
        if (company.Length is < 2 or > CompanyMaxLength) errors["company"] = [$"Enter the company (2 to {CompanyMaxLength} characters)."];
        if (position?.Length > PositionMaxLength) errors["position"] = [$"A position has at most {PositionMaxLength} characters."];
        if (email is not null && (email.Length > EmailMaxLength || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
            errors["email"] = ["Enter a valid e-mail address."];
        if (phone is not null && (phone.Length > PhoneMaxLength || !phone.All(ch => char.IsDigit(ch) || " +-()".Contains(ch)) || phone.Count(char.IsDigit) < 5))
            errors["phone"] = ["Enter a phone number: digits, spaces, +, - and brackets."];
        if (notes?.Length > NotesMaxLength) errors["notes"] = [$"Notes have at most {NotesMaxLength:N0} characters."];
        if (email is null && phone is null) errors["email"] = ["Give an e-mail address or a phone number, so the contact can be reached."];
        if (!Enum.IsDefined(kind)) errors["kind"] = ["Choose a kind of counterpart."];
        if (errors.Count > 0) throw new ValidationException(errors);

        Kind = kind;
        Name = name;
        Company = company;
        Position = position;
        Email = email;
        Phone = phone;
        Notes = notes;
        UpdatedAt = now;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
