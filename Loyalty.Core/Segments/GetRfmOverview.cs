using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record RfmSegmentCard(RfmSegment Segment, int Customers, decimal SharePercent, long Spend365, long AverageTicket, int? ChangeVsMonthAgo);

public sealed record RfmTrendPoint(DateTime Day, IReadOnlyDictionary<RfmSegment, int> Sizes);

public sealed record RfmMove(RfmSegment From, RfmSegment To, int Customers);

public sealed record RfmOverview(
    DateTime? ScoredOn,
    int ScoredCustomers,
    string Currency,
    IReadOnlyList<RfmSegmentCard> Segments,
    IReadOnlyList<RfmTrendPoint> Trend,
    DateTime? TransitionsDay,
    IReadOnlyList<RfmMove> Transitions);

/// <summary>
/// The RFM page: segment sizes now, their trend from the daily history, and the latest day's moves between segments.
/// The scope is the caller's partner (from the signed-in user, never the URL) or <see cref="CustomerProfile.Coalition"/>.
/// </summary>
public sealed class GetRfmOverview(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<RfmOverview> HandleAsync(Guid scope, int trendDays = 90, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var currency = scope == CustomerProfile.Coalition
            ? await db.ProgramSettings.Select(p => p.Currency).FirstOrDefaultAsync(ct) ?? "KZT"
            : await db.Partners.Where(p => p.Id == scope).Select(p => p.Currency).FirstOrDefaultAsync(ct)
              ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");

        var groups = await db.CustomerProfiles.AsNoTracking()
            .Where(p => p.PartnerId == scope && p.Segment != null)
            .GroupBy(p => p.Segment)
            .Select(g => new { Segment = g.Key!.Value, Customers = g.Count(), Spend365 = g.Sum(p => p.Spend365), Spend = g.Sum(p => p.SpendTotal), Purchases = g.Sum(p => p.PurchasesTotal) })
            .ToListAsync(ct);
        // Scores are rewritten only where they change (0068): the day of the last run is the last day of history.
        var scoredOn = await db.RfmSegmentSizes.Where(s => s.PartnerId == scope).MaxAsync(s => (DateTime?)s.Day, ct);

        var since = clock.GetUtcNow().UtcDateTime.Date.AddDays(-trendDays);
        var history = await db.RfmSegmentSizes.AsNoTracking().Where(s => s.PartnerId == scope && s.Day >= since)
            .Select(s => new { s.Day, s.Segment, s.Customers }).ToListAsync(ct);
        var trend = history.GroupBy(h => h.Day).OrderBy(g => g.Key)
            .Select(g => new RfmTrendPoint(g.Key, g.ToDictionary(h => h.Segment, h => h.Customers))).ToList();
        // "A month ago" is the oldest history day within the last 30 days, so a young history still shows a change.
        var monthAgo = trend.FirstOrDefault(t => t.Day >= clock.GetUtcNow().UtcDateTime.Date.AddDays(-30));

        var total = groups.Sum(g => g.Customers);
        var cards = RfmMap.All.Select(segment =>
        {
            var g = groups.FirstOrDefault(x => x.Segment == segment);
            var customers = g?.Customers ?? 0;
            int? change = monthAgo is null || trend.Count < 2 ? null : customers - monthAgo.Sizes.GetValueOrDefault(segment);
            return new RfmSegmentCard(segment, customers, total == 0 ? 0 : Math.Round(100m * customers / total, 1), g?.Spend365 ?? 0,
                g is null || g.Purchases == 0 ? 0 : g.Spend / g.Purchases, change);
        }).ToList();

        var lastMoveDay = await db.RfmTransitions.Where(t => t.PartnerId == scope).MaxAsync(t => (DateTime?)t.Day, ct);
        var moves = lastMoveDay is null ? [] : await db.RfmTransitions.AsNoTracking()
            .Where(t => t.PartnerId == scope && t.Day == lastMoveDay)
            .OrderByDescending(t => t.Customers).Take(12)
            .Select(t => new RfmMove(t.FromSegment, t.ToSegment, t.Customers)).ToListAsync(ct);

        return new RfmOverview(scoredOn, total, currency, cards, trend, lastMoveDay, moves);
    }
}
