using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.TopUps;

public sealed record SaveMobileOperatorCommand(Guid? Id, string Country, string Name, string GatewayCode, string Prefixes, bool IsActive);

/// <summary>The reference data of mobile operators and their number prefixes, edited by operator staff.</summary>
public sealed class ManageMobileOperators(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<IReadOnlyList<MobileOperator>> ListAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.MobileOperators.AsNoTracking().OrderBy(o => o.Country).ThenBy(o => o.Name).ToListAsync(ct);
    }

    public async Task<Guid> SaveAsync(SaveMobileOperatorCommand command, string actor, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        MobileOperator entity;
        if (command.Id is { } id)
        {
            entity = await db.MobileOperators.FirstOrDefaultAsync(o => o.Id == id, ct)
                ?? throw DomainException.NotFound("operator-not-found", "No such mobile operator.");
            entity.Update(command.Country, command.Name, command.GatewayCode, command.Prefixes, command.IsActive);
        }
        else
        {
            entity = new MobileOperator(command.Country, command.Name, command.GatewayCode, command.Prefixes);
            db.MobileOperators.Add(entity);
        }
        var others = await db.MobileOperators.AsNoTracking().Where(o => o.Id != entity.Id && o.IsActive).ToListAsync(ct);
        var taken = entity.PrefixList.Intersect(others.SelectMany(o => o.PrefixList)).ToList();
        if (entity.IsActive && taken.Count > 0)
            throw ValidationException.For("prefixes", $"Already used by another operator: {string.Join(", ", taken)}.");
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "mobile-operator.saved", actor, $"{entity.Country} {entity.Name}: {entity.Prefixes}"));
        await db.SaveChangesAsync(ct);
        return entity.Id;
    }
}
