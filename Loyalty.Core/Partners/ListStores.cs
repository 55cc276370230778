using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

public sealed record StoreOption(Guid Id, string Name, string City);

/// <summary>A partner's stores, for pickers.</summary>
public sealed class ListStores(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<StoreOption>> HandleAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.Stores.AsNoTracking().Where(s => s.PartnerId == partnerId).OrderBy(s => s.Name)
            .Select(s => new StoreOption(s.Id, s.Name, s.City)).ToListAsync(ct);
    }
}
