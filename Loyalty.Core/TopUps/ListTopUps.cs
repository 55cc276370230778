using Loyalty.Core.Common;
using Loyalty.Core.PromoCodes;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.TopUps;

public sealed record TopUpRow(Guid Id, Guid CustomerId, string Phone, string? OperatorName, long Points, long Amount, string Currency,
    TopUpStatus Status, int Attempts, DateTime CreatedAt, DateTime NextAttemptAt, DateTime? CompletedAt, string? LastError, string? ProviderReference);

public sealed record TopUpDailyTotal(DateOnly Day, string OperatorName, string Currency, int Succeeded, long Amount, int Failed);

/// <summary>The operator's top-up queue, paged and filtered in the database, and daily totals per mobile operator for reconciliation.</summary>
public sealed class ListTopUps(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<Page<TopUpRow>> HandleAsync(TopUpStatus? status, int skip, int take, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.TopUpRequests.AsNoTracking();
        if (status is { } s) query = query.Where(r => r.Status == s);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(r => r.CreatedAt).Skip(skip).Take(Math.Clamp(take, 1, 100))
            .Select(r => new TopUpRow(r.Id, r.CustomerId, r.Phone, r.OperatorName, r.Points, r.Amount, r.Currency, r.Status, r.Attempts,
                r.CreatedAt, r.NextAttemptAt, r.CompletedAt, r.LastError, r.ProviderReference))
            .ToListAsync(ct);
        return new Page<TopUpRow>(items, total);
    }

    public async Task<IReadOnlyList<TopUpDailyTotal>> DailyTotalsAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var rows = await db.TopUpRequests.AsNoTracking()
            .Where(r => r.CompletedAt >= fromUtc && r.CompletedAt < toUtc && (r.Status == TopUpStatus.Succeeded || r.Status == TopUpStatus.Failed))
            .Select(r => new { r.CompletedAt, r.OperatorName, r.Currency, r.Status, r.Amount })
            .ToListAsync(ct);
        // Completed requests of a date range are few (thousands a day); grouping by UTC date in memory keeps the query portable.
        return rows.GroupBy(r => (Day: DateOnly.FromDateTime(r.CompletedAt!.Value), Op: r.OperatorName ?? "—", r.Currency))
            .Select(g => new TopUpDailyTotal(g.Key.Day, g.Key.Op, g.Key.Currency,
                g.Count(r => r.Status == TopUpStatus.Succeeded), g.Where(r => r.Status == TopUpStatus.Succeeded).Sum(r => r.Amount),
                g.Count(r => r.Status == TopUpStatus.Failed)))
            .OrderByDescending(t => t.Day).ThenBy(t => t.OperatorName).ToList();
    }
}
