using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Analytics;

/// <summary>A monthly cohort: members whose first purchase in the scope fell in <see cref="Month"/>, and the share of them who bought again in each later month.</summary>
public sealed record Cohort(DateTime Month, int Members, IReadOnlyList<double> Retention);

/// <summary>
/// Cohort retention by month of first purchase, the last twelve cohorts up to the period's end. Months are numbered
/// year × 12 + month in SQL (both providers translate it), first purchases found with one GROUP BY.
/// </summary>
public sealed class GetCohortRetention(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int Months = 12;

    public async Task<IReadOnlyList<Cohort>> HandleAsync(Guid? partnerId, DateTime until, CancellationToken ct = default)
    {
        var end = new DateTime(until.Year, until.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        var start = end.AddMonths(-Months);
        var startKey = start.Year * 12 + start.Month - 1;
        await using var db = dbs.Create();
        var scope = partnerId is { } partner ? db.Purchases.Where(p => p.PartnerId == partner) : db.Purchases;
        var firsts = scope.Where(p => p.OccurredAt < end).GroupBy(p => p.CustomerId)
            .Select(g => new { CustomerId = g.Key, First = g.Min(p => p.OccurredAt.Year * 12 + p.OccurredAt.Month - 1) })
            .Where(f => f.First >= startKey);
        var cells = await (
            from p in scope.Where(p => p.OccurredAt >= start && p.OccurredAt < end)
            join f in firsts on p.CustomerId equals f.CustomerId
            group p by new { f.First, Month = p.OccurredAt.Year * 12 + p.OccurredAt.Month - 1 } into g
            select new { g.Key.First, g.Key.Month, Members = g.Select(x => x.CustomerId).Distinct().Count() })
            .ToListAsync(ct);

        var cohorts = new List<Cohort>();
        foreach (var cohort in cells.GroupBy(c => c.First).OrderBy(c => c.Key))
        {
            var size = cohort.FirstOrDefault(c => c.Month == cohort.Key)?.Members ?? 0;
            if (size == 0) continue;
            var last = end.Year * 12 + end.Month - 1;
            var retention = Enumerable.Range(0, last - cohort.Key)
                .Select(k => (double)(cohort.FirstOrDefault(c => c.Month == cohort.Key + k)?.Members ?? 0) / size).ToList();
            cohorts.Add(new Cohort(new DateTime(cohort.Key / 12, cohort.Key % 12 + 1, 1, 0, 0, 0, DateTimeKind.Utc), size, retention));
        }
        return cohorts;
    }
}
