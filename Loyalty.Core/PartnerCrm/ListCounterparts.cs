using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

public sealed record CounterpartView(Guid Id, CounterpartKind Kind, string Name, string Company, string? Position, string? Email, string? Phone, string? Notes, DateTime UpdatedAt);

/// <summary>The partner's business contacts, searched by name, company, e-mail or phone.</summary>
public sealed class ListCounterparts(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<CounterpartView>> HandleAsync(PartnerStaff staff, string? search = null, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Administration);
        await using var db = dbs.Create();
        var rows = db.Counterparts.AsNoTracking().Where(c => c.PartnerId == staff.PartnerId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            rows = rows.Where(c => c.Name.Contains(s) || c.Company.Contains(s) || (c.Email != null && c.Email.Contains(s)) || (c.Phone != null && c.Phone.Contains(s)));
        }
        return await rows.OrderBy(c => c.Company).ThenBy(c => c.Name).Take(500)
            .Select(c => new CounterpartView(c.Id, c.Kind, c.Name, c.Company, c.Position, c.Email, c.Phone, c.Notes, c.UpdatedAt))
            .ToListAsync(ct);
    }
}
