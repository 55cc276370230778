using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

public sealed record AreaUsage(BusinessArea Area, int Partners);

public sealed record CurrencyUsage(string Country, string Currency, int Partners, long MinPointValueMinor, long MaxPointValueMinor);

public sealed record CoalitionLibraries(IReadOnlyList<AreaUsage> Areas, IReadOnlyList<CurrencyUsage> Currencies);

/// <summary>The reference data partners are described with, and how many partners use each value (settings page).</summary>
public sealed class GetCoalitionLibraries(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<CoalitionLibraries> HandleAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var areas = await db.Partners.GroupBy(p => p.Area).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var currencies = await db.Partners.GroupBy(p => new { p.Country, p.Currency })
            .Select(g => new CurrencyUsage(g.Key.Country, g.Key.Currency, g.Count(), g.Min(p => p.PointValueMinor), g.Max(p => p.PointValueMinor)))
            .ToListAsync(ct);
        return new CoalitionLibraries(
            Enum.GetValues<BusinessArea>().Select(a => new AreaUsage(a, areas.GetValueOrDefault(a))).ToList(),
            currencies.OrderByDescending(c => c.Partners).ToList());
    }
}
