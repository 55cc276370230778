using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

/// <summary>A row of the library; <see cref="InLibrary"/> false marks a country partners use that nobody has described yet.</summary>
public sealed record CountryRow(string Code, string Name, string Currency, long DefaultPointValueMinor, bool IsActive, bool InLibrary,
    int Partners, long? MinPointValueMinor, long? MaxPointValueMinor);

public sealed record SaveCountryCommand(string Code, string Name, string Currency, decimal DefaultPointValue, bool IsActive);

/// <summary>
/// The countries, currencies and default point values of the coalition (console settings). Listing also shows, unsaved,
/// each country partners already use that is missing from the library, so the operator completes it instead of a seed
/// guessing names (0097). A country partners use keeps its currency; the program's home country cannot be switched off.
/// </summary>
public sealed class ManageCountries(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<IReadOnlyList<CountryRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var library = await db.Countries.AsNoTracking().ToListAsync(ct);
        var usage = await db.Partners.GroupBy(p => new { p.Country, p.Currency })
            .Select(g => new { g.Key.Country, g.Key.Currency, Count = g.Count(), Min = g.Min(p => p.PointValueMinor), Max = g.Max(p => p.PointValueMinor) })
            .ToListAsync(ct);
        var rows = library.Select(c =>
        {
            var used = usage.Where(u => u.Country == c.Code).ToList();
            return new CountryRow(c.Code, c.Name, c.Currency, c.DefaultPointValueMinor, c.IsActive, true, used.Sum(u => u.Count),
                used.Count == 0 ? null : used.Min(u => u.Min), used.Count == 0 ? null : used.Max(u => u.Max));
        }).ToList();
        foreach (var missing in usage.Where(u => library.All(c => c.Code != u.Country)).GroupBy(u => u.Country))
        {
            var main = missing.OrderByDescending(u => u.Count).First();
            rows.Add(new CountryRow(missing.Key, missing.Key, main.Currency, main.Min, true, false, missing.Sum(u => u.Count), missing.Min(u => u.Min), missing.Max(u => u.Max)));
        }
        return rows.OrderByDescending(r => r.Partners).ThenBy(r => r.Code).ToList();
    }

    public async Task SaveAsync(SaveCountryCommand command, string actor, CancellationToken ct = default)
    {
        var code = CoalitionCountry.NormalizeCode(command.Code) ?? throw ValidationException.For("code", "The country is a two-letter ISO code such as KZ.");
        var pointValue = command.DefaultPointValue * 100;
        if (pointValue != decimal.Truncate(pointValue)) throw ValidationException.For("pointValue", "The point value has at most two decimals.");
        var minor = (long)Math.Clamp(pointValue, -1, CoalitionCountry.MaxPointValueMinor + 1);

        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var country = await db.Countries.FirstOrDefaultAsync(c => c.Code == code, ct);
        var currency = command.Currency?.Trim().ToUpperInvariant() ?? "";
        var partnerCurrencies = await db.Partners.Where(p => p.Country == code).Select(p => p.Currency).Distinct().ToListAsync(ct);
        if (partnerCurrencies.Count > 0 && !partnerCurrencies.Contains(currency))
            throw ValidationException.For("currency", $"Partners in {code} settle in {string.Join(", ", partnerCurrencies)}; their contracts and ledgers keep that currency.");
        if (!command.IsActive && (await GetProgram.LoadAsync(db, ct)).Settings.DefaultRegion == code)
            throw ValidationException.For("isActive", "This is the program's home country: it stays active.");
        if (country is null)
            db.Countries.Add(country = new CoalitionCountry(code, command.Name, currency, minor));
        country.Update(command.Name, currency, minor, command.IsActive);
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "country.saved", actor,
            $"{code} {country.Name}: {country.Currency}, point {Money.Format(minor, country.Currency)}{(country.IsActive ? "" : ", inactive")}"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
