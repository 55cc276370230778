using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed record EntrySyncResult(int Contests, int Added, int Removed);

/// <summary>
/// Keeps every running draw's entries equal to what its rules give from the purchases, refunds and activations stored —
/// outside the till's write path (docs/decisions/0120). Per draw: one grouped query says how many entries each member
/// holds now; the stored entries are counted the same way; the difference is written (entries 1..n per member, unique
/// key contest + member + number). Running it twice changes nothing; a refund lowers n and removes the member's newest
/// entries.
/// </summary>
public sealed class SyncContestEntries(ILoyaltyDbFactory dbs, TimeProvider clock, IEnumerable<IContestEntrySource> sources) : IUseCase
{
    /// <summary>Entries written per write transaction, so tills never wait long behind a big catch-up.</summary>
    internal const int WriteChunk = 2_000;

    public async Task<EntrySyncResult> HandleAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var running = await db.Contests.AsNoTracking()
            .Where(c => c.Kind == ContestKind.Draw && c.Status == ContestStatus.Scheduled && c.StartsAt <= now)
            .ToListAsync(ct);
        int added = 0, removed = 0;
        foreach (var contest in running)
        {
            var (a, r) = await SyncAsync(db, contest, sources, now, inTransaction: false, ct);
            added += a;
            removed += r;
        }
        return new EntrySyncResult(running.Count, added, removed);
    }

    /// <summary>
    /// Brings one draw's entries up to date. With <paramref name="inTransaction"/> the caller already holds the write
    /// transaction (the close), so the figures read and the entries written are one consistent snapshot.
    /// </summary>
    internal static async Task<(int Added, int Removed)> SyncAsync(ILoyaltyDb db, Contest contest, IEnumerable<IContestEntrySource> sources,
        DateTime now, bool inTransaction, CancellationToken ct)
    {
        var source = sources.FirstOrDefault(s => s.Rule == contest.EntryRule);
        if (source is null) return (0, 0);
        var owed = await db.Database.SqlQuery<MemberFigure>(source.Entries(contest).Build()).ToListAsync(ct);
        var held = await db.ContestEntries.Where(e => e.ContestId == contest.Id)
            .GroupBy(e => e.CustomerId).Select(g => new { CustomerId = g.Key, Count = g.Max(e => e.Ordinal) })
            .ToDictionaryAsync(x => x.CustomerId, x => x.Count, ct);

        var inserts = new List<(Guid CustomerId, int Ordinal)>();
        var trims = new List<(Guid CustomerId, int Keep)>();
        foreach (var figure in owed)
        {
            var target = (int)Math.Min(figure.Score, int.MaxValue);
            var have = held.GetValueOrDefault(figure.CustomerId);
            held.Remove(figure.CustomerId);
            for (var n = have + 1; n <= target; n++) inserts.Add((figure.CustomerId, n));
            if (have > target) trims.Add((figure.CustomerId, target));
        }
        // Members who no longer qualify at all (refunded everything, left the segment, were blocked).
        trims.AddRange(held.Keys.Select(customer => (customer, 0)));
        if (inserts.Count == 0 && trims.Count == 0) return (0, 0);

        var removed = 0;
        var position = 0;
        do
        {
            var tx = inTransaction ? null : await db.BeginWriteAsync(ct);
            try
            {
                var sql = await RawSql.OnAsync(db, ct);
                if (position == 0)
                {
                    foreach (var (customer, keep) in trims)
                    {
                        removed += await sql.ExecuteAsync(
                            """DELETE FROM "ContestEntries" WHERE "ContestId" = @contest AND "CustomerId" = @customer AND "Ordinal" > @keep""",
                            ct, ("@contest", contest.Id), ("@customer", customer), ("@keep", keep));
                    }
                }
                foreach (var (customer, ordinal) in inserts.Skip(position).Take(inTransaction ? int.MaxValue : WriteChunk))
                {
                    // NOT EXISTS keeps a concurrent run (another node) from failing on the unique key: the entry is simply there.
                    await sql.ExecuteAsync(
                        """INSERT INTO "ContestEntries" ("ContestId", "CustomerId", "Ordinal", "CreatedAt") SELECT @contest, @customer, @ordinal, @at WHERE NOT EXISTS (SELECT 1 FROM "ContestEntries" WHERE "ContestId" = @contest AND "CustomerId" = @customer AND "Ordinal" = @ordinal)""",
                        ct, ("@contest", contest.Id), ("@customer", customer), ("@ordinal", ordinal), ("@at", now));
                    position++;
                }
                if (tx is not null) await tx.CommitAsync(ct);
            }
            finally
            {
                if (tx is not null) await tx.DisposeAsync();
            }
        }
        while (position < inserts.Count);
        return (inserts.Count, removed);
    }
}
