using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed record PublicContestRow(Guid Id, string Title, string? OwnerName, ContestKind Kind, ContestStatus Status, DateTime StartsAt, DateTime EndsAt,
    int MyEntries, IReadOnlyList<long> MyEntryIds, bool IWon);

/// <summary>
/// Contests a member can see: running and upcoming ones, and those closed in the last 60 days. With a member, each row
/// carries their entries (numbers as in the published list) and whether they won.
/// </summary>
public sealed class ListPublicContests(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int EntryIdsShown = 50;

    public async Task<IReadOnlyList<PublicContestRow>> HandleAsync(Guid? customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-60);
        await using var db = dbs.Create();
        var rows = await db.Contests.AsNoTracking()
            .Where(c => c.Status == ContestStatus.Scheduled || (c.Status == ContestStatus.Closed && c.ClosedAt >= since))
            .OrderBy(c => c.Status).ThenBy(c => c.EndsAt).Take(100)
            .Select(c => new
            {
                c.Id, c.Title, c.Kind, c.Status, c.StartsAt, c.EndsAt,
                Owner = db.Partners.Where(p => p.Id == c.OwnerPartnerId).Select(p => p.Name).FirstOrDefault(),
                Mine = customerId == null ? 0 : db.ContestEntries.Count(e => e.ContestId == c.Id && e.CustomerId == customerId),
                Won = customerId != null && db.ContestWinners.Any(w => w.ContestId == c.Id && w.CustomerId == customerId),
            }).ToListAsync(ct);
        var result = new List<PublicContestRow>();
        foreach (var r in rows)
        {
            IReadOnlyList<long> ids = [];
            if (r.Mine > 0)
                ids = await db.ContestEntries.AsNoTracking().Where(e => e.ContestId == r.Id && e.CustomerId == customerId)
                    .OrderBy(e => e.Id).Select(e => e.Id).Take(EntryIdsShown).ToListAsync(ct);
            result.Add(new PublicContestRow(r.Id, r.Title, r.Owner, r.Kind, r.Status, r.StartsAt, r.EndsAt, r.Mine, ids, r.Won));
        }
        return result;
    }
}
