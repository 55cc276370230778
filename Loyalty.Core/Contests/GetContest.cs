using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed record WinnerRow(long Id, int Place, long? EntryId, Guid CustomerId, string Name, string Phone, string PrizeTitle, PrizeKind PrizeKind,
    long Points, long? Score, WinnerStatus Status, DateTime? PaidAt, DateTime? HandedOverAt, string? HandedOverBy);

public sealed record ContestDetails(Contest Contest, string? OwnerName, int Entries, int Participants, IReadOnlyList<WinnerRow> Winners);

/// <summary>One contest for its owner's screen (or the operator's): rules, figures so far and winners with full contacts for the hand-over.</summary>
public sealed class GetContest(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ContestDetails> HandleAsync(Guid id, Guid? partnerId, bool operatorView, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var contest = await db.Contests.AsNoTracking().Include(c => c.Prizes)
            .FirstOrDefaultAsync(c => c.Id == id && (operatorView || c.OwnerPartnerId == partnerId), ct)
            ?? throw DomainException.NotFound("contest-not-found", "This contest does not exist.");
        var owner = contest.OwnerPartnerId is { } p ? await db.Partners.Where(x => x.Id == p).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        int entries, participants;
        if (contest.Status == ContestStatus.Closed)
        {
            (entries, participants) = (contest.EntryCount, contest.ParticipantCount);
        }
        else
        {
            entries = await db.ContestEntries.CountAsync(e => e.ContestId == id, ct);
            participants = await db.ContestEntries.Where(e => e.ContestId == id).Select(e => e.CustomerId).Distinct().CountAsync(ct);
        }
        var winners = await (from w in db.ContestWinners.AsNoTracking()
                             join c in db.Customers on w.CustomerId equals c.Id
                             where w.ContestId == id
                             orderby w.Place
                             select new WinnerRow(w.Id, w.Place, w.EntryId, w.CustomerId, c.FirstName + " " + (c.LastName ?? ""), c.Phone, w.PrizeTitle, w.PrizeKind,
                                 w.Points, w.Score, w.Status, w.PaidAt, w.HandedOverAt, w.HandedOverBy)).ToListAsync(ct);
        return new ContestDetails(contest, owner, entries, participants, winners);
    }
}
