using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed record CloseResult(int Closed, int Winners);

/// <summary>
/// Closes every contest whose period has ended: a draw's entries get a last update and freeze, the list file is stored
/// and hashed, the seed is revealed and the winners drawn (<see cref="DrawAlgorithm"/>); a leaderboard's final standings
/// give its places. Winners and their messages are written in the same transaction as the status change, which is
/// claimed with a guarded update, so a second or concurrent run finds nothing to do and can never add winners.
/// </summary>
public sealed class CloseContests(ILoyaltyDbFactory dbs, TimeProvider clock, ISeedProtector seeds, IEnumerable<IContestEntrySource> sources) : IUseCase
{
    public async Task<CloseResult> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Guid> due;
        await using (var db = dbs.Create())
        {
            due = await db.Contests.Where(c => c.Status == ContestStatus.Scheduled && c.EndsAt <= now).OrderBy(c => c.EndsAt).Select(c => c.Id).ToListAsync(ct);
        }
        int closed = 0, winners = 0;
        var failures = new List<Exception>();
        foreach (var id in due)
        {
            try
            {
                var won = await CloseAsync(id, now, ct);
                if (won is null) continue;
                closed++;
                winners += won.Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken contest (its seed key lost, say) must not hold back the others; the job logs it and retries.
                failures.Add(new InvalidOperationException($"Contest {id} could not close: {e.Message}", e));
            }
        }
        if (failures.Count > 0) throw new AggregateException(failures);
        return new CloseResult(closed, winners);
    }

    /// <summary>Null when another run closed it first.</summary>
    private async Task<int?> CloseAsync(Guid id, DateTime now, CancellationToken ct)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var sql = await RawSql.OnAsync(db, ct);
        // The claim: takes the row's lock where the database locks rows, and tells whether it is still ours to close.
        var claimed = await sql.ExecuteAsync("""UPDATE "Contests" SET "UpdatedAt" = @now WHERE "Id" = @id AND "Status" = @scheduled""",
            ct, ("@now", now), ("@id", id), ("@scheduled", (int)ContestStatus.Scheduled));
        if (claimed != 1) return null;
        var contest = await db.Contests.Include(c => c.Prizes).FirstAsync(c => c.Id == id, ct);
        var prizes = contest.Prizes.OrderBy(p => p.Position).SelectMany(p => Enumerable.Repeat(p, p.Quantity)).ToList();

        List<ContestWinner> winners;
        if (contest.Kind == ContestKind.Draw)
        {
            await SyncContestEntries.SyncAsync(db, contest, sources, now, inTransaction: true, ct);
            var entries = await db.ContestEntries.AsNoTracking().Where(e => e.ContestId == id).OrderBy(e => e.Id)
                .Select(e => new ValueTuple<long, Guid>(e.Id, e.CustomerId)).ToListAsync(ct);
            var published = DrawAlgorithm.Number(entries, out var participants);
            var file = DrawAlgorithm.ListFile(published);
            var hash = DrawAlgorithm.Hash(file);
            var seed = seeds.Unprotect(contest.ProtectedSeed);
            if (DrawAlgorithm.Commit(seed) != contest.Commitment)
                throw new InvalidOperationException("The stored seed does not match the published commitment; the draw is not run.");
            var chosen = DrawAlgorithm.Select(seed, Convert.FromHexString(hash), published, prizes.Count, contest.OnePrizePerCustomer);
            winners = chosen.Select((e, i) => new ContestWinner(id, i + 1, e.EntryId, participants[e.Participant], prizes[i], null)).ToList();
            db.ContestEntryLists.Add(new ContestEntryList(id, file));
            contest.Close(Convert.ToHexStringLower(seed), hash, published.Count, participants.Count, now);
        }
        else
        {
            var standings = GetStandings.RankedAsync(db, contest, ct);
            var top = await standings.Take(prizes.Count).ToListAsync(ct);
            winners = top.Select((f, i) => new ContestWinner(id, i + 1, null, f.CustomerId, prizes[i], f.Score)).ToList();
            contest.Close(null, null, 0, await standings.CountAsync(ct), now);
        }
        db.ContestWinners.AddRange(winners);
        await NotifyAsync(db, contest, winners, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return winners.Count;
    }

    /// <summary>An inbox message and a text to every winner: transactional (they concern a prize already won), so no marketing consent is needed.</summary>
    private static async Task NotifyAsync(ILoyaltyDb db, Contest contest, List<ContestWinner> winners, DateTime now, CancellationToken ct)
    {
        var ids = winners.Select(w => w.CustomerId).Distinct().ToList();
        var members = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Phone, c.Language }).ToDictionaryAsync(c => c.Id, ct);
        foreach (var winner in winners)
        {
            if (!members.TryGetValue(winner.CustomerId, out var member)) continue;
            var ru = member.Language.StartsWith("ru", StringComparison.OrdinalIgnoreCase);
            var subject = ru ? $"Вы выиграли: {winner.PrizeTitle}" : $"You won: {winner.PrizeTitle}";
            var body = (ru, winner.PrizeKind) switch
            {
                (true, PrizeKind.Points) => $"Поздравляем! Вы выиграли «{winner.PrizeTitle}» в розыгрыше «{contest.Title}». Баллы зачислены на вашу карту.",
                (true, PrizeKind.Certificate) => $"Поздравляем! Вы выиграли «{winner.PrizeTitle}» в розыгрыше «{contest.Title}». Сертификат — в разделе «Сертификаты» личного кабинета; покажите его код на кассе.",
                (true, _) => $"Поздравляем! Вы выиграли «{winner.PrizeTitle}» в розыгрыше «{contest.Title}». Мы свяжемся с вами, чтобы вручить приз.",
                (false, PrizeKind.Points) => $"Congratulations! You won \"{winner.PrizeTitle}\" in \"{contest.Title}\". The points are on your card.",
                (false, PrizeKind.Certificate) => $"Congratulations! You won \"{winner.PrizeTitle}\" in \"{contest.Title}\". Your certificate is under Certificates in your account; show its code at the till.",
                _ => $"Congratulations! You won \"{winner.PrizeTitle}\" in \"{contest.Title}\". We will contact you to hand over your prize.",
            };
            db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.InApp, member.Id.ToString(), subject, body, isTransactional: true, now,
                customerId: member.Id, ownerPartnerId: contest.OwnerPartnerId));
            db.OutgoingMessages.Add(new OutgoingMessage(MessageChannel.Sms, member.Phone, null, body, isTransactional: true, now,
                customerId: member.Id, ownerPartnerId: contest.OwnerPartnerId));
        }
    }
}
