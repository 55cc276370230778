using System.Text.RegularExpressions;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Portal;

public sealed record PartnerApplicationForm(
    string? CompanyName, string? LegalName, string? TaxId, int? AreaId, string? City, string? Website, string? Description,
    string? ContactName, string? ContactEmail, string? ContactPhone);

/// <summary>
/// A business applies to join from the public portal. It becomes a partner in the Applied state, which is exactly what
/// the operator console's applications panel lists; nothing works for it until the operator approves.
/// </summary>
public sealed partial class SubmitPartnerApplication(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<Guid> HandleAsync(PartnerApplicationForm form, string defaultRegion, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        void Require(string field, string? value, int max, string message)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > max) errors[field] = [message];
        }
        Require("companyName", form.CompanyName, Partner.NameMaxLength, "Enter the company's name (up to 200 characters).");
        Require("contactName", form.ContactName, 100, "Tell us who we should talk to.");
        Require("city", form.City, 100, "Enter the city where you trade.");
        if (form.AreaId is null) errors["area"] = ["Choose your business area."];
        if (string.IsNullOrWhiteSpace(form.ContactEmail) || !EmailPattern().IsMatch(form.ContactEmail.Trim()) || form.ContactEmail.Length > 254)
            errors["contactEmail"] = ["Enter an e-mail address we can reach you at."];
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(form.ContactPhone))
        {
            if (Customers.PhoneNumber.TryParse(form.ContactPhone, defaultRegion, out var parsed)) phone = parsed!.Value;
            else errors["contactPhone"] = ["Enter a phone number with its country code, or leave it empty."];
        }
        if (form.Description?.Length > 2000) errors["description"] = ["Tell us about the business in up to 2,000 characters."];
        if (form.Website?.Length > 200) errors["website"] = ["The website address is too long."];
        if (errors.Count > 0) throw new ValidationException(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var program = await GetProgram.LoadAsync(db, ct);
        var email = form.ContactEmail!.Trim();
        if (await db.Partners.AnyAsync(p => p.ContactEmail == email && p.Status == PartnerStatus.Applied, ct))
            throw DomainException.Conflict("application-exists", "An application from this e-mail is already waiting for review. We will be in touch.");

        var name = form.CompanyName!.Trim();
        var slug = await UniqueSlugAsync(db, name, ct);
        // Only an area the library still offers: an archived one stays on its partners but takes no new applicants.
        var area = await db.BusinessAreas.AsNoTracking().FirstOrDefaultAsync(a => a.Id == form.AreaId && !a.IsArchived, ct)
            ?? throw ValidationException.For("area", "Choose your business area.");
        var partner = new Partner(name, slug, area, program.Settings.DefaultRegion, program.Settings.Currency, "UTC", now)
        {
            LegalName = Clean(form.LegalName), TaxId = Clean(form.TaxId), City = form.City!.Trim(), Website = Clean(form.Website),
            Description = Clean(form.Description), ContactName = form.ContactName!.Trim(), ContactEmail = email, ContactPhone = phone,
        };
        await using var tx = await db.BeginWriteAsync(ct);
        db.Partners.Add(partner);
        db.AuditEvents.Add(new AuditEvent(now, "partner.applied", email, $"{name} applied to join from the portal", partner.Id));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return partner.Id;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<string> UniqueSlugAsync(ILoyaltyDb db, string name, CancellationToken ct)
    {
        var baseSlug = SlugPattern().Replace(name.ToLowerInvariant(), "-").Trim('-');
        if (baseSlug.Length == 0) baseSlug = "partner";
        if (baseSlug.Length > 60) baseSlug = baseSlug[..60];
        var slug = baseSlug;
        for (var i = 2; await db.Partners.AnyAsync(p => p.Slug == slug, ct); i++) slug = $"{baseSlug}-{i}";
        return slug;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugPattern();
}
