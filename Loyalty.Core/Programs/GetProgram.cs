using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Programs;

/// <summary>The program's settings and tiers as one snapshot.</summary>
public sealed record ProgramSnapshot(ProgramSettings Settings, IReadOnlyList<Tier> Tiers)
{
    /// <summary>The highest tier whose threshold the spend reaches, or null.</summary>
    public Tier? TierFor(long spend) => Tiers.Where(t => t.SpendThreshold <= spend).MaxBy(t => t.Rank);
}

public sealed class GetProgram(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ProgramSnapshot> HandleAsync(CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await LoadAsync(db, ct);
    }

    /// <summary>Reads within an open unit of work; a database without a settings row uses the defaults.</summary>
    public static async Task<ProgramSnapshot> LoadAsync(ILoyaltyDb db, CancellationToken ct)
    {
        var settings = await db.ProgramSettings.AsNoTracking().OrderBy(p => p.Id).FirstOrDefaultAsync(ct) ?? new ProgramSettings();
        var tiers = await db.Tiers.AsNoTracking().OrderBy(t => t.Rank).ToListAsync(ct);
        return new ProgramSnapshot(settings, tiers);
    }
}
