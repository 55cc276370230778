using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Jobs;

/// <summary>
/// Deletes firing claims older than the retention (default 7 days): a claim only matters while another node might
/// still fire the same instant (at most a misfire threshold later), the rest is a week of "who ran what" history.
/// </summary>
public sealed class PruneJobFirings(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    public async Task<int> HandleAsync(TimeSpan? retention = null, CancellationToken ct = default)
    {
        var before = clock.GetUtcNow().UtcDateTime - (retention ?? DefaultRetention);
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var deleted = await db.JobFirings.Where(f => f.ScheduledAt < before).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return deleted;
    }
}
