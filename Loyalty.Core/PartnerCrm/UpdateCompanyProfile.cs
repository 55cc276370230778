using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

public sealed record CompanyForm(string? LegalName, string? TaxId, string? City, string? Description, string? ContactName, string? ContactEmail, string? ContactPhone, string? Website);

/// <summary>Changes the partner's own company data; every field is checked before anything is written.</summary>
public sealed class UpdateCompanyProfile(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(PartnerStaff staff, CompanyForm form, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Administration);
        var errors = new Dictionary<string, string[]>();
        string? Text(string field, string? value, int max)
        {
            var v = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (v?.Length > max) errors[field] = [$"At most {max} characters."];
            return v;
        }
        var legal = Text("legalName", form.LegalName, 200);
        var tax = Text("taxId", form.TaxId, 32);
        var city = Text("city", form.City, 100);
        var description = Text("description", form.Description, 2000);
        var contact = Text("contactName", form.ContactName, 200);
        var email = Text("contactEmail", form.ContactEmail, 254);
        var phone = Text("contactPhone", form.ContactPhone, 32);
        var website = Text("website", form.Website, 200);
        if (email is not null && (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
            errors["contactEmail"] = ["Enter a valid e-mail address."];
        if (tax is not null && !tax.All(char.IsLetterOrDigit))
            errors["taxId"] = ["A tax id has letters and digits only."];
        if (website is not null && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            errors["website"] = ["Enter the full address, starting with https://."];
        if (errors.Count > 0) throw new ValidationException(errors);

        await using var db = dbs.Create();
        var partner = await db.Partners.FirstOrDefaultAsync(p => p.Id == staff.PartnerId, ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");
        partner.LegalName = legal;
        partner.TaxId = tax;
        partner.City = city;
        partner.Description = description;
        partner.ContactName = contact;
        partner.ContactEmail = email;
        partner.ContactPhone = phone;
        partner.Website = website;
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "partner.company-changed", staff.Name, "Company data changed", staff.PartnerId));
        await db.SaveChangesAsync(ct);
    }
}
