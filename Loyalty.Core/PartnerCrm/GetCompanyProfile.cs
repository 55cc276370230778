using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

/// <summary>The company data a partner keeps itself. Name, country and currency are contract terms: only the operator changes them.</summary>
public sealed record CompanyProfile(
    string Name, string Country, string Currency, string TimeZone,
    string? LegalName, string? TaxId, string? City, string? Description, string? ContactName, string? ContactEmail, string? ContactPhone, string? Website);

public sealed class GetCompanyProfile(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<CompanyProfile> HandleAsync(PartnerStaff staff, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Administration);
        await using var db = dbs.Create();
        return await db.Partners.AsNoTracking().Where(p => p.Id == staff.PartnerId)
            .Select(p => new CompanyProfile(p.Name, p.Country, p.Currency, p.TimeZone, p.LegalName, p.TaxId, p.City, p.Description,
                p.ContactName, p.ContactEmail, p.ContactPhone, p.Website))
            .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");
    }
}
