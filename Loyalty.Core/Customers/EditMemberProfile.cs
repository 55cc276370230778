using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record OperatorProfileForm(string? FirstName, string? LastName, string? Email, DateOnly? BirthDate, Gender Gender, string? City);

/// <summary>
/// Operator staff correct a member's personal data (a typo at the till, a member's request by phone). The phone is the
/// identity and changes only through a merge. Every changed field is logged old → new with who did it (decision 0142).
/// </summary>
public sealed class EditMemberProfile(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<IReadOnlyList<FieldChange>> HandleAsync(Guid customerId, OperatorProfileForm form, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var email = string.IsNullOrWhiteSpace(form.Email) ? null : form.Email.Trim();
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(form.FirstName) || form.FirstName.Trim().Length > Customer.NameMaxLength) errors["firstName"] = ["Enter the first name (at most 100 characters)."];
        if (form.LastName?.Trim().Length > Customer.NameMaxLength) errors["lastName"] = ["A name has at most 100 characters."];
        if (form.City?.Trim().Length > 100) errors["city"] = ["A city has at most 100 characters."];
        if (email is not null && (email.Length > Customer.EmailMaxLength || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.')))
            errors["email"] = ["Enter a valid e-mail address, for example you@example.com."];
        if (form.BirthDate is { } birth && (birth > DateOnly.FromDateTime(now).AddYears(-14) || birth < DateOnly.FromDateTime(now).AddYears(-120)))
            errors["birthDate"] = ["Members are 14 or older: check the date of birth."];
        if (errors.Count > 0) throw new ValidationException(errors);

        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var c = await db.Customers.FirstOrDefaultAsync(x => x.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
        if (c.Status == CustomerStatus.Merged) throw DomainException.Conflict("customer-merged", "This record was merged into another member: edit that one.");
        var before = PersonalDataSnapshot.Of(c);
        c.FirstName = form.FirstName!.Trim();
        c.LastName = string.IsNullOrWhiteSpace(form.LastName) ? null : form.LastName.Trim();
        c.Email = email;
        c.BirthDate = form.BirthDate;
        c.Gender = form.Gender;
        c.City = string.IsNullOrWhiteSpace(form.City) ? null : form.City.Trim();
        var changes = before.Diff(c);
        if (changes.Count == 0) return changes;
        // No e-mail any more means no e-mail news: consent needs an address to mean anything.
        if (email is null && c.EmailConsentAt is not null) c.SetEmailConsent(false, now);
        db.AuditEvents.Add(new AuditEvent(now, "customer.profile", actor,
            $"Profile corrected by operator staff: {string.Join(", ", changes.Select(x => x.Field))}", customerId: customerId, changes: changes));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return changes;
    }
}
