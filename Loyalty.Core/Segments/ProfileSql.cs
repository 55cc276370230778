using System.Data;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Core.Segments;

/// <summary>
/// The set-based SQL both profile passes share: the full rebuild (<see cref="RecalculateSegments"/>) and the incremental
/// one (<see cref="UpdateCustomerProfiles"/>). Every statement is an <c>UPDATE … FROM</c> a derived table <c>a</c> keyed by
/// (pid, cid), spelled per provider. Scopes: the partner the purchase was made at, and the coalition.
/// </summary>
internal sealed record ProfileSql(bool IsSqlite)
{
    public static ProfileSql For(ILoyaltyDb db) => new(db.IsSqlite());

    public static readonly int[] Windows = [30, 90, 365];

    public SqlBuilder UpdateFrom(SqlBuilder derived, string set) => IsSqlite
        ? new SqlBuilder().Append("UPDATE \"CustomerProfiles\" AS cp SET ").Append(set).Append(" FROM (").Append(derived)
            .Append(") AS a WHERE cp.\"PartnerId\" = a.pid AND cp.\"CustomerId\" = a.cid")
        : new SqlBuilder().Append("UPDATE cp SET ").Append(set).Append(" FROM \"CustomerProfiles\" AS cp INNER JOIN (").Append(derived)
            .Append(") AS a ON cp.\"PartnerId\" = a.pid AND cp.\"CustomerId\" = a.cid");

    /// <summary>
    /// <c>UPDATE … SET <paramref name="set"/></c> for the profiles that pass <paramref name="filter"/> in every scope of
    /// <paramref name="scopes"/> (rows keyed by pid; its columns are seen as <c>a.*</c>). On SQLite the scopes go into a
    /// temporary table keyed by pid and the profile table is read once in storage order (NOT INDEXED), each row finding its
    /// scope by key: with a derived table SQLite put the few scopes outside and read every profile once per scope, and
    /// through an index every profile would be a random read.
    /// </summary>
    public async Task<int> UpdateEveryScopeAsync(ILoyaltyDb db, SqlBuilder scopes, IReadOnlyList<string> columns, SqlBuilder set, string filter, CancellationToken ct)
    {
        if (!IsSqlite)
            return await WriteAsync(db, new SqlBuilder().Append("UPDATE cp SET ").Append(set).Append(" FROM \"CustomerProfiles\" AS cp INNER JOIN (")
                .Append(scopes).Append(") AS a ON cp.\"PartnerId\" = a.pid WHERE ").Append(filter), ct);
        // The column names come from code, never from input.
        var create = "CREATE TEMP TABLE \"ProfileScopes\" (pid TEXT NOT NULL PRIMARY KEY, " + string.Join(", ", columns) + ") WITHOUT ROWID";
        await db.Database.ExecuteSqlRawAsync(create, ct);
        try
        {
            await db.Database.ExecuteSqlAsync(new SqlBuilder().Append("INSERT INTO temp.\"ProfileScopes\" ").Append(scopes).Build(), ct);
            return await WriteAsync(db, new SqlBuilder().Append("UPDATE \"CustomerProfiles\" AS cp NOT INDEXED SET ").Append(set)
                .Append(" FROM temp.\"ProfileScopes\" AS a WHERE cp.\"PartnerId\" = a.pid AND ").Append(filter), ct);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("DROP TABLE temp.\"ProfileScopes\"", CancellationToken.None);
        }
    }

    /// <summary>One row at a position of an ordered scan: the RFM quintile boundaries are read this way.</summary>
    public string Offset(string parameter) => IsSqlite ? $" LIMIT 1 OFFSET {parameter}" : $" OFFSET {parameter} ROWS FETCH NEXT 1 ROWS ONLY";

    /// <summary>
    /// The write unit of a profile pass. On SQLite the process-wide writer gate (one writer at a time anyway); on SQL
    /// Server serializable, so a purchase committed between the pass's reads and its "profiled" marks waits for the next pass
    /// instead of being marked unread.
    /// </summary>
    public async Task<IDbContextTransaction> BeginAsync(ILoyaltyDb db, CancellationToken ct) => IsSqlite
        ? await db.BeginWriteAsync(ct)
        : await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);

    /// <summary>The window counts and sums plus the deltas <c>a.n30 … a.s365</c>.</summary>
    private const string WindowSums = """
        "Purchases30" = cp."Purchases30" + a.n30, "Spend30" = cp."Spend30" + a.s30,
        "Purchases90" = cp."Purchases90" + a.n90, "Spend90" = cp."Spend90" + a.s90,
        "Purchases365" = cp."Purchases365" + a.n365, "Spend365" = cp."Spend365" + a.s365,
        """;

    /// <summary>Adds (or with negative figures takes off) window counts and sums and the totals; the average follows.</summary>
    public const string AddDeltas = WindowSums + """
        "PurchasesTotal" = cp."PurchasesTotal" + a.n, "SpendTotal" = cp."SpendTotal" + a.s,
        "AverageTicket" = CASE WHEN cp."PurchasesTotal" + a.n > 0 THEN (cp."SpendTotal" + a.s) / (cp."PurchasesTotal" + a.n) ELSE 0 END,
        "CalculatedAt" = a.now_at
        """;

    /// <summary>Adds (or takes off) the window counts and sums only: the totals, and so the indexes over them, stay untouched.</summary>
    public const string AddWindowDeltas = WindowSums + """
        "CalculatedAt" = a.now_at
        """;

    /// <summary>
    /// The last purchase moves with nearly every receipt. The first purchase is set apart by <see cref="FirstPurchases"/>:
    /// naming it here rewrote its index entry for every profile touched (half again the minute job's time, 0190).
    /// </summary>
    public const string AddLast = """
        , "LastPurchaseAt" = CASE WHEN cp."LastPurchaseAt" IS NULL OR a.last_at > cp."LastPurchaseAt" THEN a.last_at ELSE cp."LastPurchaseAt" END
        """;

    /// <summary>
    /// The rows of <paramref name="deltas"/> (pid, cid, first_at …) whose first purchase is earlier than the profile's (or
    /// the profile has none yet): a member's first receipt in a scope, or a backdated one. Set with
    /// <c>"FirstPurchaseAt" = a.first_at</c>.
    /// </summary>
    public static SqlBuilder FirstPurchases(SqlBuilder deltas) => new SqlBuilder()
        .Append("SELECT f.pid, f.cid, f.first_at FROM (").Append(deltas).Append(") f WHERE NOT EXISTS (SELECT 1 FROM \"CustomerProfiles\" x ")
        .Append("WHERE x.\"PartnerId\" = f.pid AND x.\"CustomerId\" = f.cid AND x.\"FirstPurchaseAt\" <= f.first_at)");

    /// <summary>
    /// Profile rows (all zero) for every (scope, member) the given purchases reach that has none yet, written in key order:
    /// SQLite numbers the rows as they come, and a rules filter walks a partner's rows in key order (0190, 0280) — in the
    /// purchases' order, the first rebuild left them shuffled and that walk cost ten times as much.
    /// </summary>
    /// <param name="scanHint">" NOT INDEXED" when every purchase is read anyway (the rebuild): SQLite would otherwise walk an
    /// index and fetch each of 20 M rows by a random read.</param>
    public static SqlBuilder AddMissingProfiles(SqlBuilder purchaseFilter, DateTime now, bool coalition, string scanHint = "")
    {
        var sql = new SqlBuilder().Append("""
            INSERT INTO "CustomerProfiles" ("PartnerId", "CustomerId", "Purchases30", "Spend30", "Purchases90", "Spend90",
                "Purchases365", "Spend365", "PurchasesTotal", "SpendTotal", "AverageTicket", "Recency", "Frequency", "Monetary", "CalculatedAt")
            SELECT x.pid, x.cid, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 
            """).Param(now).Append(" FROM (SELECT DISTINCT ");
        sql = coalition ? sql.Param(CustomerProfile.Coalition) : sql.Append("p.\"PartnerId\"");
        return sql.Append(" AS pid, p.\"CustomerId\" AS cid FROM \"Purchases\" p").Append(scanHint).Append(" WHERE ").Append(purchaseFilter).Append("""
            ) x WHERE NOT EXISTS (SELECT 1 FROM "CustomerProfiles" cp WHERE cp."PartnerId" = x.pid AND cp."CustomerId" = x.cid)
            ORDER BY x.pid, x.cid
            """);
    }

    /// <summary><c>SELECT &lt;scope&gt; AS pid, p."CustomerId" AS cid</c> — the partner, or the coalition constant.</summary>
    public static SqlBuilder SelectScope(bool coalition) => coalition
        ? new SqlBuilder().Append("SELECT ").Param(CustomerProfile.Coalition).Append(" AS pid, p.\"CustomerId\" AS cid")
        : new SqlBuilder().Append("SELECT p.\"PartnerId\" AS pid, p.\"CustomerId\" AS cid");

    public static string GroupBy(bool coalition) => coalition ? "p.\"CustomerId\"" : "p.\"PartnerId\", p.\"CustomerId\"";

    public static async Task<int> WriteAsync(ILoyaltyDb db, SqlBuilder sql, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(ct);
        var rows = await db.Database.ExecuteSqlAsync(sql.Build(), ct);
        await tx.CommitAsync(ct);
        return rows;
    }
}
