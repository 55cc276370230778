using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

/// <summary>
/// Just after midnight UTC, when yesterday closes and every period the Analytics page offers moves on a day, counts the
/// closed days' buyers of those periods for every partner and the coalition, so the first open of the day does not wait for
/// them; and forgets the counts of closed days that ended before today, which no page asks for any more (0250).
/// </summary>
public sealed class CountPresetPeriodBuyers(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    /// <returns>How many periods were counted, and the scopes that failed (each is logged by the job; the rest go on).</returns>
    public async Task<(int Counted, IReadOnlyList<(Guid? Scope, Exception Error)> Failed)> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid?> scopes;
        await using (var db = dbs.Create())
        {
            await db.ClosedDaysBuyers.Where(c => c.Through < now.Date).ExecuteDeleteAsync(ct);
            scopes = (await db.Partners.Select(p => p.Id).ToListAsync(ct)).Select(id => (Guid?)id).Append(null).ToList();
        }
        var counted = 0;
        var failed = new List<(Guid? Scope, Exception Error)>();
        foreach (var scope in scopes)
        {
            try
            {
                foreach (var days in AnalyticsQuery.OfferedDays)
                {
                    // One context per count: a row another node kept first stays out of the next count's save.
                    await using var db = dbs.Create();
                    await PeriodBuyers.CountAsync(db, AnalyticsQuery.LastDays(scope, days, now), now, ct);
                    counted++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One partner's failure (a timeout) leaves the others counted; its page counts on its first open.
                failed.Add((scope, e));
            }
        }
        return (counted, failed);
    }
}
