using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record MemberProfileForm(string? FirstName, string? LastName, DateOnly? BirthDate, Gender Gender, string? City, string Language);

/// <summary>The member's own profile: read and save. The phone is the identity and is not edited here.</summary>
public sealed class MemberProfile(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public static readonly string[] Languages = ["en", "ru"];

    public async Task<MemberProfileForm> GetAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new MemberProfileForm(c.FirstName, c.LastName, c.BirthDate, c.Gender, c.City, c.Language)).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
    }

    public async Task SaveAsync(Guid customerId, MemberProfileForm form, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(form.FirstName) || form.FirstName.Trim().Length > Customer.NameMaxLength) errors["firstName"] = ["Tell us your first name."];
        if (form.LastName?.Trim().Length > Customer.NameMaxLength) errors["lastName"] = ["A name has at most 100 characters."];
        if (form.City?.Trim().Length > 100) errors["city"] = ["A city has at most 100 characters."];
        if (form.BirthDate is { } birth && (birth > DateOnly.FromDateTime(now).AddYears(-14) || birth < DateOnly.FromDateTime(now).AddYears(-120)))
            errors["birthDate"] = ["Members are 14 or older: check the date of birth."];
        if (!Languages.Contains(form.Language)) errors["language"] = ["Choose English or Russian."];
        if (errors.Count > 0) throw new ValidationException(errors);

        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var c = await db.Customers.FirstOrDefaultAsync(x => x.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
        var before = PersonalDataSnapshot.Of(c);
        c.FirstName = form.FirstName!.Trim();
        c.LastName = string.IsNullOrWhiteSpace(form.LastName) ? null : form.LastName.Trim();
        c.BirthDate = form.BirthDate;
        c.Gender = form.Gender;
        c.City = string.IsNullOrWhiteSpace(form.City) ? null : form.City.Trim();
        c.Language = form.Language;
        var changes = before.Diff(c);
        db.AuditEvents.Add(new AuditEvent(now, "customer.profile", "member", "Profile updated by the member", customerId: customerId, changes: changes));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
