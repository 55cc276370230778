using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

public sealed record ContactPreferencesData(string? Email, bool EmailConsent, bool SmsConsent, string PhoneMasked);

/// <summary>The member's own choice of marketing channels (opt-in). Sign-in codes and other transactional messages are not affected.</summary>
public sealed class ContactPreferences(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<ContactPreferencesData> GetAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var c = await db.Customers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
        return new ContactPreferencesData(c.Email, c.EmailConsentAt != null, c.SmsConsentAt != null, Customers.PhoneNumber.TryParse(c.Phone, "KZ", out var p) ? p!.Masked : c.Phone);
    }

    public async Task SaveAsync(Guid customerId, string? email, bool emailConsent, bool smsConsent, CancellationToken ct = default)
    {
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (email is not null && (email.Length > Customers.Customer.EmailMaxLength || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('.')))
            throw ValidationException.For("email", "Enter a valid e-mail address, for example you@example.com.");
        if (emailConsent && email is null) throw ValidationException.For("email", "Enter your e-mail address to receive news by e-mail.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var c = await db.Customers.FirstOrDefaultAsync(x => x.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
        var before = PersonalDataSnapshot.Of(c);
        c.Email = email;
        c.SetEmailConsent(emailConsent, now);
        c.SetSmsConsent(smsConsent, now);
        db.AuditEvents.Add(new AuditEvent(now, "customer.consents", "member", $"E-mail news {(emailConsent ? "on" : "off")}, SMS news {(smsConsent ? "on" : "off")}", customerId: customerId, changes: before.Diff(c)));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
