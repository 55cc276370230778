using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Integrations;

public sealed record CustomerUpsert(string? Phone, string? FirstName, string? LastName, string? Email, DateOnly? BirthDate, bool? MarketingConsent);

public sealed record UpsertedCustomer(Guid CustomerId, bool Created);

/// <summary>
/// A partner's system registers a shopper or tells us more about one. The phone (E.164) is the identity. An existing
/// member's own data always wins: the partner only fills what is empty (decision 0102), and consent given here is
/// recorded with the partner as its source; a refusal here does not withdraw consent the member gave us.
/// A new member gets their accounts and the welcome bonus like any sign-up, and a <c>customer.created</c> event in the
/// same transaction.
/// </summary>
public sealed class UpsertCustomer(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<UpsertedCustomer> HandleAsync(Guid partnerId, CustomerUpsert input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var program = await GetProgram.LoadAsync(db, ct);
        var errors = new Dictionary<string, string[]>();
        if (!PhoneNumber.TryParse(input.Phone, program.Settings.DefaultRegion, out var phone)) errors["phone"] = ["Enter a valid mobile number with its country code."];
        if (input.FirstName?.Trim().Length > Customer.NameMaxLength) errors["firstName"] = [$"A name has at most {Customer.NameMaxLength} characters."];
        if (input.LastName?.Trim().Length > Customer.NameMaxLength) errors["lastName"] = [$"A name has at most {Customer.NameMaxLength} characters."];
        if (!string.IsNullOrWhiteSpace(input.Email) && (input.Email.Trim().Length > Customer.EmailMaxLength || !input.Email.Contains('@')))
            errors["email"] = ["Enter a valid e-mail address."];
        if (input.BirthDate is { } birth && (birth > DateOnly.FromDateTime(now) || birth.Year < 1900)) errors["birthDate"] = ["Enter a real birth date."];
        if (errors.Count > 0) throw new ValidationException(errors);

        await using var tx = await db.BeginWriteAsync(ct);
        var existing = await db.Customers.FirstOrDefaultAsync(c => c.Phone == phone!.Value, ct);
        if (existing is not null)
        {
            var before = PersonalDataSnapshot.Of(existing);
            var conflicts = CustomerMerge.FillBlanks(existing, input.FirstName, input.LastName, input.Email, input.BirthDate);
            await CustomerMerge.KeepPartnerValuesAsync(db, partnerId, existing.Id, conflicts, input.FirstName, input.LastName, input.Email, input.BirthDate, "partner-api", now, ct);
            if (input.MarketingConsent == true) { existing.SetEmailConsent(true, now); existing.SetSmsConsent(true, now); }
            if (before.Diff(existing) is { Count: > 0 } filled)
            {
                var partner = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Name).FirstAsync(ct);
                db.AuditEvents.Add(new AuditEvent(now, "customer.profile", $"api:{partner}", $"Profile filled in by {partner} through the integration API", partnerId, existing.Id, changes: filled));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new UpsertedCustomer(existing.Id, false);
        }
        if (string.IsNullOrWhiteSpace(input.FirstName)) throw ValidationException.For("firstName", "A new member needs a first name.");

        var partnerName = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Name).FirstAsync(ct);
        var customer = new Customer(phone!, input.FirstName.Trim(), input.LastName?.Trim(), now, "partner-api")
        {
            Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
            BirthDate = input.BirthDate,
        };
        customer.SetEmailConsent(input.MarketingConsent == true, now);
        customer.SetSmsConsent(input.MarketingConsent == true, now);
        db.Customers.Add(customer);
        db.AuditEvents.Add(new AuditEvent(now, "customer.registered", phone!.Masked, $"Registered by {partnerName} through the integration API", partnerId, customer.Id));
        await db.SaveChangesAsync(ct);
        var main = await Ledger.CustomerAccountAsync(db, customer.Id, AccountKind.CustomerMain, ct);
        await Ledger.CustomerAccountAsync(db, customer.Id, AccountKind.CustomerPromo, ct);
        if (program.Settings.WelcomeBonus > 0)
        {
            var operatorAccount = await Ledger.SystemAccountAsync(db, AccountKind.Operator, ct);
            await Ledger.PostAsync(db, now, Reasons.WelcomeBonus, $"Welcome to {program.Settings.Name}!",
                [new Leg(operatorAccount, -program.Settings.WelcomeBonus), new Leg(main, program.Settings.WelcomeBonus)],
                customer.Id, lotExpiresAt: now.AddDays(program.Settings.WelcomeBonusValidityDays), ct: ct);
        }
        await Outbox.AddAsync(db, partnerId, WebhookEvents.NewCustomer, now, new NewCustomerEventData(customer.Id, "partner-api"), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new UpsertedCustomer(customer.Id, true);
    }
}

/// <summary>How a partner's data merges into a member's: fill what is empty, never overwrite (the member's word wins).</summary>
public static class CustomerMerge
{
    public const string FirstName = "firstName", LastName = "lastName", Email = "email", BirthDate = "birthDate";

    /// <summary>
    /// Where the partner's values differ from the member's, keeps them as the partner's own contact record (decision 0165)
    /// in the caller's unit of work: the member's profile is never overwritten, and the partner's data is not lost.
    /// </summary>
    public static async Task KeepPartnerValuesAsync(ILoyaltyDb db, Guid partnerId, Guid customerId, IReadOnlyCollection<string> conflicts,
        string? firstName, string? lastName, string? email, DateOnly? birthDate, string source, DateTime now, CancellationToken ct)
    {
        if (conflicts.Count == 0) return;
        var contact = db.PartnerContacts.Local.FirstOrDefault(c => c.PartnerId == partnerId && c.CustomerId == customerId)
            ?? await db.PartnerContacts.FirstOrDefaultAsync(c => c.PartnerId == partnerId && c.CustomerId == customerId, ct);
        if (contact is null)
        {
            contact = new PartnerContact(partnerId, customerId, now);
            db.PartnerContacts.Add(contact);
        }
        contact.Keep(conflicts, firstName, lastName, email, birthDate, source, now);
    }

    /// <returns>The fields whose incoming value differed from a value already there (reported, not applied).</returns>
    public static List<string> FillBlanks(Customer customer, string? firstName, string? lastName, string? email, DateOnly? birthDate)
    {
        var conflicts = new List<string>();
        if (!string.IsNullOrWhiteSpace(firstName))
        {
            if (string.IsNullOrWhiteSpace(customer.FirstName)) customer.FirstName = firstName.Trim();
            else if (!string.Equals(customer.FirstName, firstName.Trim(), StringComparison.OrdinalIgnoreCase)) conflicts.Add(FirstName);
        }
        if (!string.IsNullOrWhiteSpace(lastName))
        {
            if (string.IsNullOrWhiteSpace(customer.LastName)) customer.LastName = lastName.Trim();
            else if (!string.Equals(customer.LastName, lastName.Trim(), StringComparison.OrdinalIgnoreCase)) conflicts.Add(LastName);
        }
        if (!string.IsNullOrWhiteSpace(email))
        {
            if (string.IsNullOrWhiteSpace(customer.Email)) customer.Email = email.Trim();
            else if (!string.Equals(customer.Email, email.Trim(), StringComparison.OrdinalIgnoreCase)) conflicts.Add(Email);
        }
        if (birthDate is { } birth)
        {
            if (customer.BirthDate is null) customer.BirthDate = birth;
            else if (customer.BirthDate != birth) conflicts.Add(BirthDate);
        }
        return conflicts;
    }
}
