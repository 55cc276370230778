using System.Collections.Concurrent;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed record StandingRow(int Place, string Name, string MaskedPhone, long Score, bool IsMe);

public sealed record Standings(LeaderboardMetric Metric, string Currency, IReadOnlyList<StandingRow> Top, StandingRow? Me, int Participants, DateTime ComputedAt);

/// <summary>
/// Computed standings kept for a few seconds per contest, so a thousand members refreshing the page cost one grouped
/// query per interval, not one each. Per node: another node computes its own, which is as fresh.
/// </summary>
public sealed class StandingsCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    internal ConcurrentDictionary<Guid, (DateTime At, List<(Guid CustomerId, long Score)> Ranking)> Entries { get; } = new();
}

/// <summary>A leaderboard's live standings: the top places (first name and masked phone) and the asking member's own place.</summary>
public sealed class GetStandings(ILoyaltyDbFactory dbs, TimeProvider clock, StandingsCache cache) : IUseCase
{
    public const int TopPlaces = 20;

    public async Task<Standings> HandleAsync(Guid contestId, Guid? customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var contest = await db.Contests.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contestId && c.Kind == ContestKind.Leaderboard && c.Status != ContestStatus.Cancelled, ct)
            ?? throw DomainException.NotFound("contest-not-found", "This contest does not exist.");

        List<(Guid CustomerId, long Score)> ranking;
        if (contest.Status == ContestStatus.Closed)
        {
            // Final: the places as awarded, not a recomputation that later refunds could change.
            ranking = (await db.ContestWinners.AsNoTracking().Where(w => w.ContestId == contestId).OrderBy(w => w.Place)
                .Select(w => new { w.CustomerId, w.Score }).ToListAsync(ct)).Select(w => (w.CustomerId, w.Score ?? 0)).ToList();
        }
        else if (cache.Entries.TryGetValue(contestId, out var cached) && now - cached.At < StandingsCache.Lifetime && now >= cached.At)
        {
            ranking = cached.Ranking;
        }
        else
        {
            ranking = contest.HasStarted(now)
                ? (await RankedAsync(db, contest, ct).Select(f => new { f.CustomerId, f.Score }).ToListAsync(ct)).Select(f => (f.CustomerId, f.Score)).ToList()
                : [];
            cache.Entries[contestId] = (now, ranking);
        }

        var shown = ranking.Take(TopPlaces).Select((r, i) => (Place: i + 1, r.CustomerId, r.Score)).ToList();
        var myIndex = customerId is { } me ? ranking.FindIndex(r => r.CustomerId == me) : -1;
        var names = shown.Select(s => s.CustomerId).ToList();
        if (myIndex >= 0) names.Add(ranking[myIndex].CustomerId);
        var people = await db.Customers.AsNoTracking().Where(c => names.Contains(c.Id))
            .Select(c => new { c.Id, c.FirstName, c.Phone }).ToDictionaryAsync(c => c.Id, ct);
        StandingRow Row(int place, Guid id, long score) => new(place, people.TryGetValue(id, out var p) ? p.FirstName : "—",
            PhoneMask.Mask(people.TryGetValue(id, out var q) ? q.Phone : null), score, id == customerId);

        return new Standings(contest.Metric, contest.Currency,
            shown.Select(s => Row(s.Place, s.CustomerId, s.Score)).ToList(),
            myIndex >= 0 ? Row(myIndex + 1, ranking[myIndex].CustomerId, ranking[myIndex].Score) : null,
            ranking.Count, now);
    }

    /// <summary>Every member with a figure, best first; ties go to whoever reached the figure first (then a stable id order).</summary>
    internal static IQueryable<MemberFigure> RankedAsync(ILoyaltyDb db, Contest contest, CancellationToken ct)
    {
        var isSqlite = db.IsSqlite();
        var figures = db.Database.SqlQuery<MemberFigure>(ContestSql.Standings(contest, isSqlite).Build());
        return contest.Metric == LeaderboardMetric.FirstActivations
            ? figures.OrderBy(f => f.ReachedAt).ThenBy(f => f.CustomerId)
            : figures.OrderByDescending(f => f.Score).ThenBy(f => f.ReachedAt).ThenBy(f => f.CustomerId);
    }
}
