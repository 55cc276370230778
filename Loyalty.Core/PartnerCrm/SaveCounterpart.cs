using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

public sealed record CounterpartForm(CounterpartKind Kind, string? Name, string? Company, string? Position, string? Email, string? Phone, string? Notes);

/// <summary>Creates a contact (no id) or changes one of the partner's own contacts.</summary>
public sealed class SaveCounterpart(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxPerPartner = 2_000;

    public async Task<Guid> HandleAsync(PartnerStaff staff, Guid? id, CounterpartForm form, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Administration);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        Counterpart counterpart;
        if (id is { } existing)
            counterpart = await db.Counterparts.FirstOrDefaultAsync(c => c.Id == existing && c.PartnerId == staff.PartnerId, ct)
                ?? throw DomainException.NotFound("counterpart-not-found", "This contact does not exist.");
        else
        {
            if (await db.Counterparts.CountAsync(c => c.PartnerId == staff.PartnerId, ct) >= MaxPerPartner)
                throw ValidationException.For("name", $"A partner keeps at most {MaxPerPartner:N0} contacts.");
            counterpart = new Counterpart(staff.PartnerId, now);
            db.Counterparts.Add(counterpart);
        }
        counterpart.Change(form.Kind, form.Name, form.Company, form.Position, form.Email, form.Phone, form.Notes, now);
        await db.SaveChangesAsync(ct);
        return counterpart.Id;
    }
}
