using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed record PublicPrize(string Title, PrizeKind Kind, long Points, int Quantity);

public sealed record PublicWinner(int Place, string Name, string MaskedPhone, long? EntryId, int? Participant, string PrizeTitle, long? Score);

public sealed record PublicContest(Guid Id, string Title, string? Description, string? OwnerName, ContestKind Kind, ContestStatus Status,
    DateTime StartsAt, DateTime EndsAt, EntryRule EntryRule, long AmountStep, long MinPurchase, string Currency, LeaderboardMetric Metric,
    bool OnePrizePerCustomer, IReadOnlyList<PublicPrize> Prizes, string Commitment, string? RevealedSeed, string? EntryListHash,
    int Entries, int Participants, IReadOnlyList<PublicWinner> Winners);

/// <summary>
/// What anyone may see of a contest (the portal's draw page): rules, the commitment, and after the close the seed, the
/// list's hash and the winners with first names and masked phones. Never a full phone number or a member id.
/// </summary>
public sealed class GetPublicContest(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<PublicContest> HandleAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var c = await db.Contests.AsNoTracking().Include(x => x.Prizes).FirstOrDefaultAsync(x => x.Id == id && x.Status != ContestStatus.Cancelled, ct)
            ?? throw DomainException.NotFound("contest-not-found", "This contest does not exist.");
        var owner = c.OwnerPartnerId is { } p ? await db.Partners.Where(x => x.Id == p).Select(x => x.Name).FirstOrDefaultAsync(ct) : null;
        var winners = new List<PublicWinner>();
        int entries = c.EntryCount, participants = c.ParticipantCount;
        if (c.Status == ContestStatus.Closed)
        {
            var rows = await (from w in db.ContestWinners.AsNoTracking()
                              join m in db.Customers on w.CustomerId equals m.Id
                              where w.ContestId == id
                              orderby w.Place
                              select new { w.Place, m.FirstName, m.Phone, w.EntryId, w.PrizeTitle, w.Score, w.CustomerId }).ToListAsync(ct);
            // The participant number a winner has in the published list, so the list can be checked against the page.
            var numbers = c.Kind == ContestKind.Draw ? await ParticipantNumbersAsync(db, id, ct) : [];
            winners = rows.Select(w => new PublicWinner(w.Place, w.FirstName, PhoneMask.Mask(w.Phone), w.EntryId,
                w.EntryId is { } e && numbers.TryGetValue(e, out var n) ? n : null, w.PrizeTitle, w.Score)).ToList();
        }
        else if (c.Kind == ContestKind.Draw)
        {
            entries = await db.ContestEntries.CountAsync(e => e.ContestId == id, ct);
            participants = await db.ContestEntries.Where(e => e.ContestId == id).Select(e => e.CustomerId).Distinct().CountAsync(ct);
        }
        return new PublicContest(c.Id, c.Title, c.Description, owner, c.Kind, c.Status, c.StartsAt, c.EndsAt, c.EntryRule, c.AmountStep, c.MinPurchase,
            c.Currency, c.Metric, c.OnePrizePerCustomer, c.Prizes.OrderBy(x => x.Position).Select(x => new PublicPrize(x.Title, x.Kind, x.Points, x.Quantity)).ToList(),
            c.Commitment, c.RevealedSeed, c.EntryListHash, entries, participants, winners);
    }

    /// <summary>Reads the stored list file itself: the numbers shown are the numbers that were hashed.</summary>
    private static async Task<Dictionary<long, int>> ParticipantNumbersAsync(ILoyaltyDb db, Guid id, CancellationToken ct)
    {
        var file = await db.ContestEntryLists.AsNoTracking().Where(l => l.ContestId == id).Select(l => l.Content).FirstOrDefaultAsync(ct);
        return file is null ? [] : EntryListFile.Parse(file).ToDictionary(e => e.EntryId, e => e.Participant);
    }
}

/// <summary>The published entry list of a closed draw, byte for byte.</summary>
public sealed class GetEntryList(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<byte[]> HandleAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.ContestEntryLists.AsNoTracking().Where(l => l.ContestId == id).Select(l => l.Content).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("entry-list-not-published", "The entry list is published when the draw closes.");
    }
}

public static class EntryListFile
{
    public static IEnumerable<PublishedEntry> Parse(byte[] file)
    {
        var text = System.Text.Encoding.UTF8.GetString(file);
        foreach (var line in text.Split('\n').Skip(1))
        {
            if (line.Length == 0) continue;
            var comma = line.IndexOf(',');
            yield return new PublishedEntry(long.Parse(line[..comma], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(line[(comma + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>The machine-readable record of a draw (/draws/{id}/draw.json), what docs/verify_draw.py reads next to the entry list.</summary>
public sealed record DrawProof(Guid Contest, string Title, string Algorithm, string Commitment, string? Seed, string? EntryListHash,
    int Winners, bool OnePrizePerParticipant, IReadOnlyList<long> WinningEntries)
{
    public const string AlgorithmName = "onecard-draw-v1: HMAC-SHA256(seed, sha256(entries.csv) || counter:u64be)[0..8] as u64be, rejection sampling, without replacement";

    public static DrawProof From(PublicContest c) => new(c.Id, c.Title, AlgorithmName, c.Commitment, c.RevealedSeed, c.EntryListHash,
        c.Prizes.Sum(p => p.Quantity), c.OnePrizePerCustomer, c.Winners.Where(w => w.EntryId is not null).Select(w => w.EntryId!.Value).ToList());
}
