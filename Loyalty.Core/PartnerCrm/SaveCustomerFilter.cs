using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

public sealed record SavedFilterView(Guid Id, string Name, CustomerFilter Filter, string CreatedBy, DateTime CreatedAt);

/// <summary>Saves the grid's current filter under a name (replacing one of the same name), for the partner's whole team.</summary>
public sealed class SaveCustomerFilter(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxPerPartner = 100;

    public async Task<Guid> HandleAsync(PartnerStaff staff, string name, CustomerFilter filter, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Marketing);
        name = SavedCustomerFilter.ValidName(name);
        if (filter.Rules is { } rules) Segments.SegmentSql.Validate(rules);
        await using var db = dbs.Create();
        await db.SavedCustomerFilters.Where(f => f.PartnerId == staff.PartnerId && f.Name == name).ExecuteDeleteAsync(ct);
        if (await db.SavedCustomerFilters.CountAsync(f => f.PartnerId == staff.PartnerId, ct) >= MaxPerPartner)
            throw ValidationException.For("name", $"You have {MaxPerPartner} saved filters; delete one first.");
        var saved = new SavedCustomerFilter(staff.PartnerId, name, filter, staff.Name, clock.GetUtcNow().UtcDateTime);
        db.SavedCustomerFilters.Add(saved);
        await db.SaveChangesAsync(ct);
        return saved.Id;
    }
}
