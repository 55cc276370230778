using System.Diagnostics;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Segments;

public sealed record SegmentRecalculation(DateTime Day, int Profiles, int Scored, TimeSpan ProfilesTook, TimeSpan ScoringTook, bool Rebuilt = false);

/// <summary>
/// The nightly segments run (0016, 0068): brings the profile aggregates up to date, scores RFM per partner and for the
/// coalition, and records the day's segment sizes and transitions. Safe to run twice a day (the second run replaces the
/// day's history and keeps the previous day's segments as the "from" side). Everything is set-based SQL in the database:
/// the purchases are never loaded into memory. The first run (and <see cref="RebuildAsync"/>, weekly) rebuilds the
/// profiles from the whole history; every other run only adds what <see cref="UpdateCustomerProfiles"/> has not added yet
/// and rolls the 30/90/365-day windows by a day, so its cost follows the day's receipts and the number of members, not the
/// length of the history.
/// </summary>
public sealed class RecalculateSegments(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    /// <param name="partnerId">Score only this partner's scope and the coalition (the cabinet's "recalculate now"); null = all.</param>
    public Task<SegmentRecalculation> HandleAsync(Guid? partnerId = null, CancellationToken ct = default) => RunAsync(partnerId, rebuild: false, ct);

    /// <summary>
    /// Rebuilds every profile from the whole purchase history first (weekly): corrects what the increments cannot see —
    /// purchases moved by a member merge — and refreshes favourite stores and categories, which only a rebuild computes.
    /// </summary>
    public Task<SegmentRecalculation> RebuildAsync(CancellationToken ct = default) => RunAsync(null, rebuild: true, ct);

    private async Task<SegmentRecalculation> RunAsync(Guid? partnerId, bool rebuild, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var day = now.Date;
        await using var db = dbs.Create();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var sql = ProfileSql.For(db);

        if (sql.IsSqlite)
        {
            // The rebuild's GROUP BYs sort millions of rows: keep the temporary B-trees in memory, not in a temp file, and give
            // this connection a page cache that holds the working set (the default 2 MB made the passes grow faster than the
            // data: 400 k purchases took 5 s, 2 M took 65 s). Set back below, since pooled connections keep pragmas.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA temp_store = MEMORY", ct);
            await db.Database.ExecuteSqlRawAsync($"PRAGMA cache_size = -{BigCacheKib}", ct);
        }
        try
        {
            var watch = Stopwatch.StartNew();
            var rebuilt = rebuild || !await db.ProfileStates.AnyAsync(ct);
            var profiles = rebuilt ? await RebuildProfilesAsync(db, sql, now, ct) : await CatchUpAsync(db, sql, now, ct);
            var profilesTook = watch.Elapsed;
            watch.Restart();
            var scored = await ScoreAsync(db, sql, partnerId, day, ct);
            return new SegmentRecalculation(day, profiles, scored, profilesTook, watch.Elapsed, rebuilt);
        }
        finally
        {
            if (sql.IsSqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000", CancellationToken.None);
        }
    }

    /// <summary>Page cache for the recalculation's connection, in KiB (512 MB; the machine has 24 GB, the run takes seconds).</summary>
    private const int BigCacheKib = 512 * 1024;

    /// <summary>
    /// What the minute job has not added yet, then the windows' anchor moves to now — one write, because the roll relies on
    /// every purchase up to now having been added (see <see cref="UpdateCustomerProfiles.RollWindowsAsync"/>).
    /// </summary>
    private static async Task<int> CatchUpAsync(ILoyaltyDb db, ProfileSql sql, DateTime now, CancellationToken ct)
    {
        await using var tx = await sql.BeginAsync(db, ct);
        var update = await UpdateCustomerProfiles.ApplyAsync(db, sql, now, ct);
        await UpdateCustomerProfiles.RollWindowsAsync(db, sql, now, ct);
        await tx.CommitAsync(ct);
        return update.NewProfiles;
    }

    private static async Task<int> RebuildProfilesAsync(ILoyaltyDb db, ProfileSql sql, DateTime now, CancellationToken ct)
    {
        const string setAggregates = """
            "Purchases30" = a.n30, "Spend30" = a.s30, "Purchases90" = a.n90, "Spend90" = a.s90,
            "Purchases365" = a.n365, "Spend365" = a.s365, "PurchasesTotal" = a.n, "SpendTotal" = a.s,
            "FirstPurchaseAt" = a.first_at, "LastPurchaseAt" = a.last_at,
            "AverageTicket" = CASE WHEN a.n > 0 THEN a.s / a.n ELSE 0 END,
            "FavouriteStoreId" = NULL, "FavouriteCategory" = NULL, "CalculatedAt" = a.now_at
            """;
        var partners = new Scope(now, sql.IsSqlite);
        int profiles;
        // The purchases and refunds it reads are marked profiled in the same write, so the minute job neither misses a
        // receipt committed meanwhile nor adds one twice; the windows are anchored at this instant.
        await using (var tx = await sql.BeginAsync(db, ct))
        {
            await db.Database.ExecuteSqlAsync($"UPDATE \"Purchases\" SET \"ProfiledAt\" = {now} WHERE \"ProfiledAt\" IS NULL AND \"OccurredAt\" <= {now}", ct);
            await db.Database.ExecuteSqlAsync($"UPDATE \"Refunds\" SET \"ProfiledAt\" = {now} WHERE \"ProfiledAt\" IS NULL", ct);
            profiles = await db.Database.ExecuteSqlAsync(ProfileSql.AddMissingProfiles(partners.Where(), now, coalition: false, partners.FullScan).Build(), ct);
            await db.Database.ExecuteSqlAsync(sql.UpdateFrom(Aggregates(partners, now), setAggregates).Build(), ct);
            var state = await db.ProfileStates.FirstOrDefaultAsync(ct);
            if (state is null) db.ProfileStates.Add(state = new ProfileState());
            state.WindowsAnchor = now;
            state.RebuiltAt = now;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await ProfileSql.WriteAsync(db, sql.UpdateFrom(FavouriteStores(partners, now), "\"FavouriteStoreId\" = a.store_id"), ct);
        await ProfileSql.WriteAsync(db, sql.UpdateFrom(FavouriteCategories(partners, now), "\"FavouriteCategory\" = a.category"), ct);
        // The coalition's figures add up the partner rows just written (counts and sums add, first/last are min/max), so
        // the purchases are scanned once, not twice. Its favourites are those at the partner with the most 12-month spend.
        profiles += await ProfileSql.WriteAsync(db, new SqlBuilder().Append("""
            INSERT INTO "CustomerProfiles" ("PartnerId", "CustomerId", "Purchases30", "Spend30", "Purchases90", "Spend90",
                "Purchases365", "Spend365", "PurchasesTotal", "SpendTotal", "AverageTicket", "Recency", "Frequency", "Monetary", "CalculatedAt")
            SELECT DISTINCT 
            """).Param(CustomerProfile.Coalition).Append(", x.\"CustomerId\", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ").Param(now)
            .Append(" FROM \"CustomerProfiles\" x WHERE x.\"PartnerId\" <> ").Param(CustomerProfile.Coalition)
            .Append(" AND NOT EXISTS (SELECT 1 FROM \"CustomerProfiles\" cp WHERE cp.\"PartnerId\" = ").Param(CustomerProfile.Coalition).Append(" AND cp.\"CustomerId\" = x.\"CustomerId\")")
            .Append(" ORDER BY x.\"CustomerId\""), ct);
        await ProfileSql.WriteAsync(db, sql.UpdateFrom(new SqlBuilder().Append("SELECT ").Param(CustomerProfile.Coalition).Append("""
             AS pid, x."CustomerId" AS cid, SUM(x."Purchases30") AS n30, SUM(x."Spend30") AS s30, SUM(x."Purchases90") AS n90, SUM(x."Spend90") AS s90,
                SUM(x."Purchases365") AS n365, SUM(x."Spend365") AS s365, SUM(x."PurchasesTotal") AS n, SUM(x."SpendTotal") AS s,
                MIN(x."FirstPurchaseAt") AS first_at, MAX(x."LastPurchaseAt") AS last_at, 
            """).Param(now).Append(" AS now_at FROM \"CustomerProfiles\" x WHERE x.\"PartnerId\" <> ").Param(CustomerProfile.Coalition)
            .Append(" GROUP BY x.\"CustomerId\""), setAggregates), ct);
        await ProfileSql.WriteAsync(db, sql.UpdateFrom(new SqlBuilder().Append("SELECT pid, cid, store_id, category FROM (SELECT ").Param(CustomerProfile.Coalition).Append("""
             AS pid, x."CustomerId" AS cid, x."FavouriteStoreId" AS store_id, x."FavouriteCategory" AS category,
                ROW_NUMBER() OVER (PARTITION BY x."CustomerId" ORDER BY x."Spend365" DESC, x."PartnerId") AS rn
            FROM "CustomerProfiles" x WHERE x."FavouriteStoreId" IS NOT NULL AND x."PartnerId" <> 
            """).Param(CustomerProfile.Coalition).Append(") ranked WHERE rn = 1"),
            "\"FavouriteStoreId\" = a.store_id, \"FavouriteCategory\" = a.category"), ct);
        return profiles;
    }

    /// <summary>
    /// The per-partner pass over purchases up to <paramref name="AsOf"/> only: the figures are "as of" the run, which also lets
    /// history be rebuilt for past days.
    /// </summary>
    private sealed record Scope(DateTime AsOf, bool IsSqlite)
    {
        public SqlBuilder Id => new SqlBuilder().Append("p.\"PartnerId\"");

        public string GroupBy => "p.\"PartnerId\", p.\"CustomerId\"";

        /// <summary>
        /// SQLite would walk the (PartnerId, OccurredAt) index and fetch every row through it; a plain scan of the table is
        /// measured to be about 40 % faster when every row is needed anyway.
        /// </summary>
        public string FullScan => IsSqlite ? " NOT INDEXED" : "";

        /// <summary>The condition alone (no WHERE), so it can follow WHERE or AND.</summary>
        public SqlBuilder Where() => new SqlBuilder().Append(" p.\"OccurredAt\" <= ").Param(AsOf);
    }

    private static SqlBuilder Aggregates(Scope scope, DateTime now)
    {
        var sql = new SqlBuilder().Append("SELECT ").Append(scope.Id).Append(" AS pid, p.\"CustomerId\" AS cid");
        foreach (var days in new[] { 30, 90, 365 })
        {
            var since = now.AddDays(-days);
            sql.Append($", SUM(CASE WHEN p.\"OccurredAt\" >= ").Param(since).Append($" AND p.\"RefundedAmount\" < p.\"Amount\" THEN 1 ELSE 0 END) AS n{days}")
                .Append(", SUM(CASE WHEN p.\"OccurredAt\" >= ").Param(since).Append($" THEN p.\"Amount\" - p.\"RefundedAmount\" ELSE 0 END) AS s{days}");
        }
        return sql.Append("""
            , SUM(CASE WHEN p."RefundedAmount" < p."Amount" THEN 1 ELSE 0 END) AS n, SUM(p."Amount" - p."RefundedAmount") AS s,
            MIN(p."OccurredAt") AS first_at, MAX(p."OccurredAt") AS last_at, 
            """).Param(now).Append(" AS now_at FROM \"Purchases\" p").Append(scope.FullScan).Append(" WHERE").Append(scope.Where()).Append(" GROUP BY ").Append(scope.GroupBy);
    }

    private static SqlBuilder FavouriteStores(Scope scope, DateTime now) => new SqlBuilder()
        .Append("SELECT pid, cid, store_id FROM (SELECT ").Append(scope.Id).Append(" AS pid, p.\"CustomerId\" AS cid, p.\"StoreId\" AS store_id, ROW_NUMBER() OVER (PARTITION BY ")
        .Append(scope.GroupBy).Append(" ORDER BY SUM(p.\"Amount\" - p.\"RefundedAmount\") DESC, p.\"StoreId\") AS rn FROM \"Purchases\" p").Append(scope.FullScan).Append(" WHERE")
        .Append(scope.Where()).Append(" AND p.\"OccurredAt\" >= ").Param(now.AddDays(-365))
        .Append(" GROUP BY ").Append(scope.GroupBy).Append(", p.\"StoreId\") ranked WHERE rn = 1");

    private static SqlBuilder FavouriteCategories(Scope scope, DateTime now) => new SqlBuilder()
        .Append("SELECT pid, cid, category FROM (SELECT ").Append(scope.Id).Append(" AS pid, p.\"CustomerId\" AS cid, i.\"Category\" AS category, ROW_NUMBER() OVER (PARTITION BY ")
        .Append(scope.GroupBy).Append(" ORDER BY SUM(i.\"Price\") DESC, i.\"Category\") AS rn FROM \"Purchases\" p INNER JOIN \"PurchaseItems\" i ON i.\"PurchaseId\" = p.\"Id\" WHERE")
        .Append(scope.Where()).Append(" AND i.\"Category\" IS NOT NULL AND p.\"OccurredAt\" >= ").Param(now.AddDays(-365))
        .Append(" GROUP BY ").Append(scope.GroupBy).Append(", i.\"Category\") ranked WHERE rn = 1");


    /// <summary>
    /// Quintile scores by percent rank within each scope (0016): <c>score = 1 + ⌊5 × PERCENT_RANK⌋</c>, so members with equal
    /// values share a score. Computed without sorting the profiles (0068): PERCENT_RANK is (values below ÷ (n − 1)), so a
    /// value scores above k exactly when it is greater than the value at position ⌈k(n − 1)/5⌉ − 1 of the ascending order —
    /// four positions per measure, read by OFFSET along an index. Then one UPDATE scores every scope in a single pass over
    /// the profile table in storage order (0125: walking an index instead fetched each of millions of rows by a random read)
    /// and writes only the rows whose scores change, so a night rewrites the members who moved, not all of them.
    /// </summary>
    private static async Task<int> ScoreAsync(ILoyaltyDb db, ProfileSql sql, Guid? partnerId, DateTime day, CancellationToken ct)
    {
        var scopes = partnerId is { } only ? [only, CustomerProfile.Coalition]
            : (await db.Partners.Select(p => p.Id).ToListAsync(ct)).Append(CustomerProfile.Coalition).ToList();
        var boundaries = new List<RfmBoundaries>();
        foreach (var scope in scopes)
        {
            await ProfileSql.WriteAsync(db, new SqlBuilder().Append("""
                UPDATE "CustomerProfiles" SET "Recency" = 0, "Frequency" = 0, "Monetary" = 0, "Segment" = NULL
                WHERE "PurchasesTotal" = 0 AND ("Segment" IS NOT NULL OR "Recency" <> 0) AND "PartnerId" = 
                """).Param(scope), ct);
            if (await RfmBoundaries.ReadAsync(db, sql, scope, ct) is { } scopeBoundaries) boundaries.Add(scopeBoundaries);
        }
        if (boundaries.Count > 0)
        {
            var (r, f, m) = (RfmBoundaries.Score(0), RfmBoundaries.Score(1), RfmBoundaries.Score(2));
            // Yesterday's segment becomes the "from" of today's move; a second change today keeps it.
            var set = new SqlBuilder().Append("\"PreviousSegment\" = CASE WHEN cp.\"ScoredOn\" IS NULL OR cp.\"ScoredOn\" < ").Param(day)
                .Append(" THEN cp.\"Segment\" ELSE cp.\"PreviousSegment\" END")
                .Append($", \"Recency\" = {r}, \"Frequency\" = {f}, \"Monetary\" = {m}, \"Segment\" = {RfmMap.SqlCase(r, f, m)}, \"ScoredOn\" = ").Param(day);
            var changed = $"cp.\"PurchasesTotal\" > 0 AND (cp.\"Segment\" IS NULL OR cp.\"Recency\" <> {r} OR cp.\"Frequency\" <> {f} OR cp.\"Monetary\" <> {m})";
            await sql.UpdateEveryScopeAsync(db, RfmBoundaries.AsTable(boundaries), RfmBoundaries.Columns, set, changed, ct);
        }
        var scored = (int)boundaries.Sum(b => b.Members);

        var inScopes = new SqlBuilder().Append(" AND \"PartnerId\" IN (");
        for (var i = 0; i < scopes.Count; i++) (i == 0 ? inScopes : inScopes.Append(", ")).Param(scopes[i]);
        inScopes.Append(")");
        // Sizes and lifetime sums come from the (PartnerId, Segment, Spend365, SpendTotal, PurchasesTotal) index in order.
        // Today's moves are only known row by row: read every profile in storage order on SQLite, not one random read at a
        // time through an index.
        var everyProfile = "\"CustomerProfiles\"" + (sql.IsSqlite ? " NOT INDEXED" : "");
        await ProfileSql.WriteAsync(db, new SqlBuilder().Append("DELETE FROM \"RfmSegmentSizes\" WHERE \"Day\" = ").Param(day).Append(inScopes), ct);
        await ProfileSql.WriteAsync(db, new SqlBuilder().Append("""
            INSERT INTO "RfmSegmentSizes" ("PartnerId", "Day", "Segment", "Customers", "Spend365", "SpendTotal", "PurchasesTotal")
            SELECT "PartnerId", 
            """).Param(day).Append(", \"Segment\", COUNT(*), SUM(\"Spend365\"), SUM(\"SpendTotal\"), SUM(CAST(\"PurchasesTotal\" AS bigint)) FROM \"CustomerProfiles\" WHERE \"Segment\" IS NOT NULL").Append(inScopes)
            .Append(" GROUP BY \"PartnerId\", \"Segment\""), ct);
        // Today's moves: rows whose segment changed today, from the segment they had before today.
        await ProfileSql.WriteAsync(db, new SqlBuilder().Append("DELETE FROM \"RfmTransitions\" WHERE \"Day\" = ").Param(day).Append(inScopes), ct);
        await ProfileSql.WriteAsync(db, new SqlBuilder().Append("""
            INSERT INTO "RfmTransitions" ("PartnerId", "Day", "FromSegment", "ToSegment", "Customers")
            SELECT "PartnerId", 
            """).Param(day).Append($"""
            , "PreviousSegment", "Segment", COUNT(*) FROM {everyProfile}
            WHERE "ScoredOn" = 
            """).Param(day).Append(" AND \"Segment\" IS NOT NULL AND \"PreviousSegment\" IS NOT NULL AND \"PreviousSegment\" <> \"Segment\"")
            .Append(inScopes).Append(" GROUP BY \"PartnerId\", \"PreviousSegment\", \"Segment\""), ct);
        return scored;
    }
}
