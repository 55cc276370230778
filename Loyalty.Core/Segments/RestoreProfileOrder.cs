using System.Diagnostics;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record ProfileOrderRestore(int Scopes, int Rows, TimeSpan Took);

/// <summary>How far one scope's profile rows are from key order in the SQLite file.</summary>
public sealed class ProfileScopeOrder
{
    public Guid PartnerId { get; init; }
    public int Rows { get; init; }

    /// <summary>Rows stored before the row that precedes them in key order: each is a jump back in the file for a walk.</summary>
    public int Behind { get; init; }

    public double BehindShare => Rows == 0 ? 0 : (double)Behind / Rows;
}

/// <summary>
/// Puts each scope's profile rows back in key order in the SQLite file, after the Sunday rebuild (0280). Every rules
/// filter of the cabinet walks a partner's profiles in key order (0190); when the rows lie in another order in the file
/// (a member who first buys at a partner long after joining gets a profile at the end of the table), each row of the walk
/// is a read of another page, and a 16 MB cache holds too few of them: out of order, the busiest partner's walk cost
/// 0.4 s, in order 0.03 s. SQL Server keeps the order in its clustered key, so there this does nothing.
/// <para>A scope is moved only when <see cref="LooseShare"/> of its rows are out of place, a few thousand rows per write
/// (the till waits at most for one of those), each given new row ids past the end of the table in key order.</para>
/// </summary>
public sealed class RestoreProfileOrder(ILoyaltyDbFactory dbs) : IUseCase
{
    /// <summary>The share of a scope's rows out of place at which it is moved: below it, the walk barely notices.</summary>
    public const double LooseShare = 0.05;

    /// <summary>Rows moved per write transaction.</summary>
    internal int Chunk { get; init; } = 5_000;

    public async Task<ProfileOrderRestore> HandleAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await using var db = dbs.Create();
        if (!db.IsSqlite()) return new ProfileOrderRestore(0, 0, watch.Elapsed);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var loose = (await MeasureAsync(db, ct)).Where(s => s.BehindShare >= LooseShare).ToList();
        var rows = 0;
        foreach (var scope in loose) rows += await MoveAsync(db, scope.PartnerId, ct);
        return new ProfileOrderRestore(loose.Count, rows, watch.Elapsed);
    }

    /// <summary>
    /// Every scope's rows and how many of them lie behind their predecessor in key order. Reads only the primary-key index
    /// (which holds the row ids), in its own order: no sort, no table page.
    /// </summary>
    public static async Task<IReadOnlyList<ProfileScopeOrder>> MeasureAsync(ILoyaltyDb db, CancellationToken ct = default) =>
        await db.Database.SqlQueryRaw<ProfileScopeOrder>("""
            SELECT o."PartnerId" AS "PartnerId", COUNT(*) AS "Rows", SUM(CASE WHEN o.rid < o.prev THEN 1 ELSE 0 END) AS "Behind"
            FROM (SELECT "PartnerId", rowid AS rid, LAG(rowid) OVER (PARTITION BY "PartnerId" ORDER BY "CustomerId") AS prev FROM "CustomerProfiles") o
            GROUP BY o."PartnerId"
            """).ToListAsync(ct);

    /// <summary>
    /// Gives the scope's rows new row ids past the end of the table, in key order, <see cref="Chunk"/> rows per write.
    /// Changing a row id moves the row (and its index entries) without touching a column, so nothing a reader sees changes.
    /// </summary>
    private async Task<int> MoveAsync(ILoyaltyDb db, Guid scope, CancellationToken ct)
    {
        var moved = 0;
        string? after = null;
        while (true)
        {
            await using var tx = await db.BeginWriteAsync(ct);
            var from = new SqlBuilder().Append("FROM \"CustomerProfiles\" WHERE \"PartnerId\" = ").Param(scope)
                .Append(" AND \"CustomerId\" > ").Param(after ?? "");
            // The chunk's last key, or null when the rest of the scope fits in one chunk.
            var through = await db.Database.SqlQuery<string>(new SqlBuilder().Append("SELECT \"CustomerId\" AS \"Value\" ").Append(from)
                .Append(" ORDER BY \"CustomerId\" LIMIT 1 OFFSET ").Param(Chunk - 1).Build()).FirstOrDefaultAsync(ct);
            var chunk = new SqlBuilder().Append("SELECT rowid AS old, (SELECT MAX(rowid) FROM \"CustomerProfiles\") + ROW_NUMBER() OVER (ORDER BY \"CustomerId\") AS new_id ")
                .Append(from);
            if (through is not null) chunk.Append(" AND \"CustomerId\" <= ").Param(through);
            moved += await db.Database.ExecuteSqlAsync(new SqlBuilder().Append("UPDATE \"CustomerProfiles\" SET rowid = n.new_id FROM (").Append(chunk)
                .Append(") AS n WHERE \"CustomerProfiles\".rowid = n.old").Build(), ct);
            await tx.CommitAsync(ct);
            if (through is null) return moved;
            after = through;
        }
    }
}
