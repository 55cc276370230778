using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.Segments;

namespace Loyalty.Core.Analytics;

/// <summary>
/// Which receipts a roll-up statement looks at: one partner's or everyone's (null), within [From, To) or at any time, and
/// optionally only those of the members listed in the table <see cref="Members"/> names (the minute job's batch). A reader
/// adds the pending receipts of its own scope and period.
/// </summary>
internal sealed record RollupSlice(Guid? PartnerId, DateTime? From = null, DateTime? To = null, string? Members = null)
{
    public SqlBuilder Where(string alias)
    {
        var sql = new SqlBuilder();
        if (Members is { } members) sql.Append($" AND {alias}.\"CustomerId\" IN (SELECT m.\"CustomerId\" FROM {members} m)");
        if (PartnerId is { } partner) sql.Append($" AND {alias}.\"PartnerId\" = ").Param(partner);
        if (From is { } from) sql.Append($" AND {alias}.\"OccurredAt\" >= ").Param(from);
        if (To is { } to) sql.Append($" AND {alias}.\"OccurredAt\" < ").Param(to);
        return sql;
    }
}

/// <summary>
/// The set-based SQL of the analytics roll-ups (decision 0220), spelled per provider. Each <c>…Deltas</c> statement says
/// what the receipts and refunds not rolled up yet add to a roll-up; <see cref="UpdateSalesRollups"/> writes them and marks
/// those receipts in one write, and a reader unions them with the stored rows in one statement, so a figure never counts a
/// receipt twice or misses it, whether the minute job has run or not. Dates are UTC days: on SQLite the stored text's first
/// ten characters, on SQL Server <c>date</c>.
/// </summary>
internal sealed record RollupSql(bool IsSqlite)
{
    public static RollupSql For(ILoyaltyDb db) => new(db.IsSqlite());

    /// <summary>The key columns of <see cref="SalesDay"/> as the deltas name them, in key order.</summary>
    public static readonly (string Column, string Alias)[] SalesDayKey =
        [("PartnerId", "pid"), ("Day", "on_day"), ("StoreId", "store"), ("TerminalId", "till"), ("Cashier", "cashier")];

    public static readonly (string Column, string Alias)[] SalesDayFigures =
        [("Receipts", "receipts"), ("Revenue", "revenue"), ("Earned", "earned"), ("Redeemed", "redeemed"), ("Discounts", "discounts"), ("Lines", "lines")];

    public static readonly (string Column, string Alias)[] CategoryDayKey = [("PartnerId", "pid"), ("Day", "on_day"), ("Category", "category")];
    public static readonly (string Column, string Alias)[] CategoryDayFigures = [("Receipts", "receipts"), ("Revenue", "revenue")];
    public static readonly (string Column, string Alias)[] BuyerCountKey = [("PartnerId", "pid"), ("Granularity", "granularity"), ("Start", "start")];
    public static readonly (string Column, string Alias)[] CohortCellKey = [("PartnerId", "pid"), ("Cohort", "cohort"), ("Month", "mon")];
    public static readonly (string Column, string Alias)[] BuyersFigure = [("Buyers", "buyers")];
    public static readonly (string Column, string Alias)[] FirstPurchaseDayKey = [("PartnerId", "pid"), ("Day", "on_day")];
    public static readonly (string Column, string Alias)[] FirstPurchaseDayFigures = [("Members", "members"), ("Revenue", "revenue")];

    public string Day(string instant) => IsSqlite ? $"substr({instant}, 1, 10)" : $"CAST({instant} AS date)";

    /// <summary>The first day of the bucket an instant falls in: itself, its ISO week's Monday, its month's first day.</summary>
    public string Bucket(string instant, Granularity granularity) => granularity switch
    {
        // 1900-01-01 was a Monday.
        Granularity.Week => IsSqlite ? $"date(substr({instant}, 1, 10), '-6 days', 'weekday 1')" : $"DATEADD(day, -(DATEDIFF(day, '19000101', {instant}) % 7), CAST({instant} AS date))",
        Granularity.Month => IsSqlite ? $"(substr({instant}, 1, 7) || '-01')" : $"DATEFROMPARTS(YEAR({instant}), MONTH({instant}), 1)",
        _ => Day(instant),
    };

    private string NextBucket(string start, Granularity granularity) => granularity switch
    {
        Granularity.Week => IsSqlite ? $"date({start}, '+7 days')" : $"DATEADD(day, 7, {start})",
        Granularity.Month => IsSqlite ? $"date({start}, '+1 month')" : $"DATEADD(month, 1, {start})",
        _ => IsSqlite ? $"date({start}, '+1 day')" : $"DATEADD(day, 1, {start})",
    };

    /// <summary>
    /// <c>"Purchases" p … WHERE</c> the receipts not rolled up yet in the slice: through their short partial index, or for a
    /// batch of members through the members' index (the partial index holds the whole history during the first build).
    /// </summary>
    private SqlBuilder Pending(RollupSlice slice, string alias = "p", string join = "") => new SqlBuilder()
        .Append($"\"Purchases\" {alias}").Append(!IsSqlite ? "" : slice.Members is null ? " INDEXED BY \"IX_Purchases_NotRolledUp\"" : $" INDEXED BY \"{MemberIndex}\"")
        .Append(join).Append($" WHERE {alias}.\"RolledUpAt\" IS NULL").Append(slice.Where(alias));

    private const string MemberIndex = "IX_Purchases_CustomerId_OccurredAt_Currency_Amount_RefundedAmount";

    /// <summary>The minute job's batch of members: a temporary table of the connection (SQL Server's lives as long as the session).</summary>
    public string BatchTable => IsSqlite ? "temp.\"RollupMembers\"" : "#RollupMembers";

    /// <summary>The receipts and refunds of the members in the batch table.</summary>
    public RollupSlice Batch => new(null, Members: BatchTable);

    /// <summary>Creates the batch table if this connection has none, empty. No parameters: SQL Server would scope the table to one call.</summary>
    public string CreateBatch => IsSqlite
        ? "CREATE TEMP TABLE IF NOT EXISTS \"RollupMembers\" (\"CustomerId\" TEXT NOT NULL PRIMARY KEY); DELETE FROM temp.\"RollupMembers\";"
        : "IF OBJECT_ID('tempdb..#RollupMembers') IS NULL CREATE TABLE #RollupMembers (\"CustomerId\" uniqueidentifier NOT NULL PRIMARY KEY); DELETE FROM #RollupMembers;";

    /// <summary>
    /// Fills the batch: the members of the first <paramref name="receipts"/> pending receipts and of as many pending refunds.
    /// A member's receipts are folded all at once, so each member's buyers, cohorts and first day stay whole between batches.
    /// </summary>
    public SqlBuilder FillBatch(int receipts)
    {
        string Top(string column, string table, string index) => IsSqlite
            ? $"SELECT x.{column} FROM \"{table}\" x INDEXED BY \"{index}\" WHERE x.\"RolledUpAt\" IS NULL LIMIT {receipts}"
            : $"SELECT TOP ({receipts}) x.{column} FROM \"{table}\" x WHERE x.\"RolledUpAt\" IS NULL";
        return new SqlBuilder().Append($"INSERT INTO {BatchTable} (\"CustomerId\") SELECT p.\"CustomerId\" FROM ({Top("\"CustomerId\"", "Purchases", "IX_Purchases_NotRolledUp")}) p")
            .Append($" UNION SELECT p.\"CustomerId\" FROM ({Top("\"PurchaseId\"", "Refunds", "IX_Refunds_NotRolledUp")}) r CROSS JOIN \"Purchases\" p WHERE p.\"Id\" = r.\"PurchaseId\"");
    }

    /// <summary>Whether none of the batch's members has a receipt rolled up (the first build): nothing to probe or take off.</summary>
    public SqlBuilder BatchIsNew() => new SqlBuilder()
        .Append($"SELECT CASE WHEN EXISTS (SELECT 1 FROM {BatchTable} m CROSS JOIN \"Purchases\" p WHERE p.\"CustomerId\" = m.\"CustomerId\" AND p.\"RolledUpAt\" IS NOT NULL) THEN 0 ELSE 1 END AS \"Value\"");

    /// <summary>Marks the batch's pending refunds (of any receipt of its members) and then its pending receipts as rolled up.</summary>
    public (SqlBuilder Refunds, SqlBuilder Purchases) MarkBatch(DateTime now) => (
        new SqlBuilder().Append("UPDATE \"Refunds\" SET \"RolledUpAt\" = ").Param(now)
            .Append($" WHERE \"RolledUpAt\" IS NULL AND \"PurchaseId\" IN (SELECT p.\"Id\" FROM {BatchTable} m CROSS JOIN \"Purchases\" p WHERE p.\"CustomerId\" = m.\"CustomerId\")"),
        new SqlBuilder().Append("UPDATE \"Purchases\"").Append(IsSqlite ? $" INDEXED BY \"{MemberIndex}\"" : "").Append(" SET \"RolledUpAt\" = ").Param(now)
            .Append($" WHERE \"RolledUpAt\" IS NULL AND \"CustomerId\" IN (SELECT m.\"CustomerId\" FROM {BatchTable} m)"));

    /// <summary>
    /// What the pending receipts add to <see cref="SalesDay"/> (at their current net figures), and what the pending refunds of
    /// receipts already rolled up take off. The line count is taken per receipt first: SQL Server sums no subquery. The few
    /// pending refunds lead their receipts (CROSS JOIN keeps SQLite in that order): led by the period's receipts, SQLite read
    /// every one of them to find the refunded few.
    /// </summary>
    public SqlBuilder SalesDayDeltas(RollupSlice slice)
    {
        var none = new SqlBuilder().Param(Guid.Empty);
        return new SqlBuilder()
            .Append("SELECT x.pid, x.on_day, x.store, x.till, x.cashier, COUNT(*) AS receipts, SUM(x.revenue) AS revenue, SUM(x.earned) AS earned, ")
            .Append("SUM(x.redeemed) AS redeemed, SUM(x.discounts) AS discounts, SUM(x.lines) AS lines FROM (")
            .Append($"SELECT p.\"PartnerId\" AS pid, {Day("p.\"OccurredAt\"")} AS on_day, p.\"StoreId\" AS store, COALESCE(p.\"TerminalId\", ").Append(none)
            .Append("""
                ) AS till, COALESCE(p."Cashier", '') AS cashier, p."Amount" - p."RefundedAmount" AS revenue, p."EarnedPoints" - p."ReversedEarned" AS earned,
                    p."RedeemedPoints" - p."ReturnedRedeemed" AS redeemed, p."DiscountAmount" AS discounts,
                    (SELECT COUNT(*) FROM "PurchaseItems" i WHERE i."PurchaseId" = p."Id") AS lines FROM 
                """).Append(Pending(slice))
            .Append(") x GROUP BY x.pid, x.on_day, x.store, x.till, x.cashier UNION ALL ")
            .Append($"SELECT p.\"PartnerId\", {Day("p.\"OccurredAt\"")}, p.\"StoreId\", COALESCE(p.\"TerminalId\", ").Append(none).Append("""
                ), COALESCE(p."Cashier", ''), 0, -r.amount, -r.earned, -r.redeemed, 0, 0
                FROM (SELECT r."PurchaseId" AS purchase_id, SUM(r."Amount") AS amount, SUM(r."ReversedEarned") AS earned, SUM(r."ReturnedRedeemed") AS redeemed
                    FROM "Refunds" r 
                """).Append(IsSqlite ? "INDEXED BY \"IX_Refunds_NotRolledUp\" " : "").Append("""
                WHERE r."RolledUpAt" IS NULL GROUP BY r."PurchaseId") r
                CROSS JOIN "Purchases" p WHERE p."Id" = r.purchase_id AND p."RolledUpAt" IS NOT NULL
                """).Append(slice.Where("p"));
    }

    /// <summary>What the pending receipts' lines add to <see cref="CategoryDay"/> (refunds are not itemised).</summary>
    public SqlBuilder CategoryDayDeltas(RollupSlice slice) => new SqlBuilder()
        .Append($"SELECT p.\"PartnerId\" AS pid, {Day("p.\"OccurredAt\"")} AS on_day, COALESCE(i.\"Category\", '') AS category, ")
        .Append("COUNT(DISTINCT p.\"Id\") AS receipts, SUM(i.\"Price\") AS revenue FROM ")
        .Append(Pending(slice, join: " INNER JOIN \"PurchaseItems\" i ON i.\"PurchaseId\" = p.\"Id\""))
        .Append($" GROUP BY p.\"PartnerId\", {Day("p.\"OccurredAt\"")}, COALESCE(i.\"Category\", '')");

    /// <summary>
    /// New (member, bucket) pairs among the pending receipts, counted per scope and bucket: a member counts once in a day,
    /// week or month, so a pair counts only if none of the member's receipts already rolled up falls in that bucket. The
    /// probe reads the member's receipts at the partner on (PartnerId, CustomerId, OccurredAt), or the member's own index for
    /// the coalition. <paramref name="nothingRolledUp"/>: the first build, where there is nothing to probe.
    /// </summary>
    public SqlBuilder BuyerDeltas(Granularity granularity, bool coalition, RollupSlice slice, bool nothingRolledUp = false)
    {
        var sql = new SqlBuilder().Append($"SELECT n.pid, {(int)granularity} AS granularity, n.start, COUNT(*) AS buyers FROM (SELECT DISTINCT ")
            .Append(Scope(coalition)).Append($" AS pid, p.\"CustomerId\" AS cid, {Bucket("p.\"OccurredAt\"", granularity)} AS start FROM ").Append(Pending(slice)).Append(") n");
        if (!nothingRolledUp)
            sql.Append(" WHERE NOT EXISTS (SELECT 1 FROM \"Purchases\" q WHERE ").Append(coalition ? "" : "q.\"PartnerId\" = n.pid AND ")
                .Append($"q.\"CustomerId\" = n.cid AND q.\"OccurredAt\" >= n.start AND q.\"OccurredAt\" < {NextBucket("n.start", granularity)} AND q.\"RolledUpAt\" IS NOT NULL)");
        return sql.Append(" GROUP BY n.pid, n.start");
    }

    /// <summary>
    /// What the pending receipts change in the cohort cells. A backdated receipt can move a member to an earlier cohort, so
    /// for every member with a pending receipt the cells of all the member's months are taken off as the rolled-up receipts
    /// put them (cohort = their first month) and put back as all the receipts put them: one member's few receipts are read
    /// twice, and a cell changes only where the member's months or cohort did.
    /// </summary>
    public SqlBuilder CohortDeltas(bool coalition, RollupSlice slice, bool nothingRolledUp = false)
    {
        var months = new SqlBuilder().Append($"SELECT a.pid, a.cid, {Bucket("q.\"OccurredAt\"", Granularity.Month)} AS mon, CASE WHEN q.\"RolledUpAt\" IS NULL THEN 0 ELSE 1 END AS rolled FROM (SELECT DISTINCT ")
            .Append(Scope(coalition)).Append(" AS pid, p.\"CustomerId\" AS cid FROM ").Append(Pending(slice)).Append(") a CROSS JOIN \"Purchases\" q WHERE ")
            .Append(coalition ? "" : "q.\"PartnerId\" = a.pid AND ").Append("q.\"CustomerId\" = a.cid");
        var sql = new SqlBuilder().Append("SELECT c.pid, c.cohort, c.mon, SUM(c.d) AS buyers FROM (")
            .Append("SELECT g.pid, g.mon, MIN(g.mon) OVER (PARTITION BY g.pid, g.cid) AS cohort, 1 AS d FROM (SELECT r.pid, r.cid, r.mon FROM (").Append(months)
            .Append(") r GROUP BY r.pid, r.cid, r.mon) g");
        if (!nothingRolledUp)
            sql.Append(" UNION ALL SELECT g.pid, g.mon, MIN(g.mon) OVER (PARTITION BY g.pid, g.cid) AS cohort, -1 AS d FROM (SELECT r.pid, r.cid, r.mon FROM (").Append(months)
                .Append(") r WHERE r.rolled = 1 GROUP BY r.pid, r.cid, r.mon) g");
        return sql.Append(") c GROUP BY c.pid, c.cohort, c.mon");
    }

    /// <summary>
    /// What the pending receipts and refunds change in <see cref="FirstPurchaseDay"/>. The members touched are those with a
    /// pending receipt in the scope, or a pending refund of a receipt already rolled up; each one's first day is taken off as
    /// the rolled-up receipts put it (their revenue then: today's net plus the refunds not rolled up since) and put back as
    /// all the receipts put it now, so a backdated receipt moves the member to its day and a refund of a first receipt
    /// comes off that day. Each member's receipts are read on (PartnerId, CustomerId, OccurredAt), or the member's own index
    /// for the coalition.
    /// </summary>
    public SqlBuilder FirstPurchaseDeltas(bool coalition, RollupSlice slice, bool nothingRolledUp = false)
    {
        var touched = new SqlBuilder().Append("SELECT DISTINCT ").Append(Scope(coalition)).Append(" AS pid, p.\"CustomerId\" AS cid FROM ").Append(Pending(slice));
        if (!nothingRolledUp)
            touched.Append(" UNION SELECT ").Append(Scope(coalition)).Append(" AS pid, p.\"CustomerId\" AS cid FROM (SELECT DISTINCT r.\"PurchaseId\" AS purchase_id FROM \"Refunds\" r")
                .Append(IsSqlite ? " INDEXED BY \"IX_Refunds_NotRolledUp\"" : "").Append(" WHERE r.\"RolledUpAt\" IS NULL) r CROSS JOIN \"Purchases\" p WHERE p.\"Id\" = r.purchase_id AND p.\"RolledUpAt\" IS NOT NULL")
                .Append(slice.Where("p"));
        // The member's receipts q in the scope of the row aliased a.
        string Member(string a) => coalition ? $"q.\"CustomerId\" = {a}.cid" : $"q.\"PartnerId\" = {a}.pid AND q.\"CustomerId\" = {a}.cid";
        var firsts = new SqlBuilder().Append($"SELECT t.pid, t.cid, (SELECT MIN(q.\"OccurredAt\") FROM \"Purchases\" q WHERE {Member("t")}) AS first_at");
        if (!nothingRolledUp) firsts.Append($", (SELECT MIN(q.\"OccurredAt\") FROM \"Purchases\" q WHERE {Member("t")} AND q.\"RolledUpAt\" IS NOT NULL) AS old_at");
        firsts.Append(" FROM (").Append(touched).Append(") t");

        var sql = new SqlBuilder().Append("SELECT d.pid, d.on_day, SUM(d.members) AS members, SUM(d.revenue) AS revenue FROM (")
            .Append($"SELECT f.pid, {Day("f.first_at")} AS on_day, 1 AS members, ")
            .Append($"(SELECT SUM(q.\"Amount\" - q.\"RefundedAmount\") FROM \"Purchases\" q WHERE {Member("f")} AND q.\"OccurredAt\" = f.first_at) AS revenue FROM (").Append(firsts).Append(") f");
        if (!nothingRolledUp)
            sql.Append($" UNION ALL SELECT f.pid, {Day("f.old_at")}, -1, ")
                .Append($"-(SELECT SUM(q.\"Amount\" - q.\"RefundedAmount\") FROM \"Purchases\" q WHERE {Member("f")} AND q.\"OccurredAt\" = f.old_at AND q.\"RolledUpAt\" IS NOT NULL)")
                .Append($" - COALESCE((SELECT SUM(r.\"Amount\") FROM \"Purchases\" q CROSS JOIN \"Refunds\" r WHERE {Member("f")} AND q.\"OccurredAt\" = f.old_at AND q.\"RolledUpAt\" IS NOT NULL")
                .Append(" AND r.\"PurchaseId\" = q.\"Id\" AND r.\"RolledUpAt\" IS NULL), 0) FROM (").Append(firsts).Append(") f WHERE f.old_at IS NOT NULL");
        return sql.Append(") d GROUP BY d.pid, d.on_day");
    }

    /// <summary>
    /// A period's sales from <see cref="SalesDay"/> plus the pending deltas, in one statement, grouped by
    /// <paramref name="keys"/> (expressions over x.pid, x.on_day, x.store, x.till, x.cashier, each with its column name);
    /// no keys: one row of totals. Columns Receipts, Revenue, Earned, Redeemed, Discounts, Lines.
    /// </summary>
    public SqlBuilder Sales(RollupSlice period, params (string Expression, string Name)[] keys)
    {
        var select = string.Concat(keys.Select(k => $"{k.Expression} AS \"{k.Name}\", "));
        var sql = new SqlBuilder().Append($"SELECT {select}").Append("""
            COALESCE(SUM(x.receipts), 0) AS "Receipts", COALESCE(SUM(x.revenue), 0) AS "Revenue", COALESCE(SUM(x.earned), 0) AS "Earned",
                COALESCE(SUM(x.redeemed), 0) AS "Redeemed", COALESCE(SUM(x.discounts), 0) AS "Discounts", COALESCE(SUM(x.lines), 0) AS "Lines"
            FROM (SELECT s."PartnerId" AS pid, s."Day" AS on_day, s."StoreId" AS store, s."TerminalId" AS till, s."Cashier" AS cashier, s."Receipts" AS receipts,
                s."Revenue" AS revenue, s."Earned" AS earned, s."Redeemed" AS redeemed, s."Discounts" AS discounts, s."Lines" AS lines FROM "SalesDays" s
            """).Append(StoredDays("s", period)).Append(" UNION ALL ").Append(SalesDayDeltas(period)).Append(") x");
        return keys.Length == 0 ? sql : sql.Append(" GROUP BY " + string.Join(", ", keys.Select(k => k.Expression)));
    }

    /// <summary>A period's item lines by category: <see cref="CategoryDay"/> plus the pending deltas. Columns Category, Receipts, Revenue.</summary>
    public SqlBuilder Categories(RollupSlice period) => new SqlBuilder()
        .Append("SELECT x.category AS \"Category\", SUM(x.receipts) AS \"Receipts\", SUM(x.revenue) AS \"Revenue\" FROM (")
        .Append("SELECT s.\"PartnerId\" AS pid, s.\"Day\" AS on_day, s.\"Category\" AS category, s.\"Receipts\" AS receipts, s.\"Revenue\" AS revenue FROM \"CategoryDays\" s")
        .Append(StoredDays("s", period)).Append(" UNION ALL ").Append(CategoryDayDeltas(period)).Append(") x GROUP BY x.category");

    /// <summary>
    /// Distinct buyers of the buckets that start in [from, to) of a period: <see cref="BuyerCount"/> plus the pending
    /// pairs. Columns Start, Buyers. Only whole buckets are right here; a bucket the period clips is counted from the receipts.
    /// </summary>
    public SqlBuilder Buyers(RollupSlice period, Granularity granularity)
    {
        var scope = period.PartnerId ?? CustomerProfile.Coalition;
        return new SqlBuilder().Append("SELECT x.start AS \"Start\", SUM(x.buyers) AS \"Buyers\" FROM (SELECT b.\"Start\" AS start, b.\"Buyers\" AS buyers FROM \"BuyerCounts\" b WHERE b.\"PartnerId\" = ")
            .Param(scope).Append($" AND b.\"Granularity\" = {(int)granularity} AND b.\"Start\" >= ").Param(DateOnly.FromDateTime(period.From!.Value))
            .Append(" AND b.\"Start\" < ").Param(DateOnly.FromDateTime(period.To!.Value))
            .Append(" UNION ALL SELECT d.start, d.buyers FROM (").Append(BuyerDeltas(granularity, period.PartnerId is null, period)).Append(") d) x GROUP BY x.start");
    }

    /// <summary>Cohort cells of cohorts in [from, to) up to the month before <paramref name="to"/>: stored plus pending. Columns Cohort, Month, Buyers.</summary>
    public SqlBuilder Cohorts(Guid? partnerId, DateOnly from, DateOnly to)
    {
        var scope = partnerId ?? CustomerProfile.Coalition;
        return new SqlBuilder().Append("SELECT x.cohort AS \"Cohort\", x.mon AS \"Month\", SUM(x.buyers) AS \"Buyers\" FROM (SELECT c.\"Cohort\" AS cohort, c.\"Month\" AS mon, c.\"Buyers\" AS buyers FROM \"CohortCells\" c WHERE c.\"PartnerId\" = ")
            .Param(scope).Append(" AND c.\"Cohort\" >= ").Param(from).Append(" AND c.\"Cohort\" < ").Param(to)
            .Append(" UNION ALL SELECT d.cohort, d.mon, d.buyers FROM (").Append(CohortDeltas(partnerId is null, new RollupSlice(partnerId))).Append(") d) x")
            .Append(" WHERE x.cohort >= ").Param(from).Append(" AND x.cohort < ").Param(to).Append(" AND x.mon < ").Param(to).Append(" GROUP BY x.cohort, x.mon");
    }

    /// <summary>
    /// Members whose first receipt in the scope fell in [from, to) and those first receipts' revenue, and every member who had
    /// bought in the scope before <c>to</c>: <see cref="FirstPurchaseDay"/> plus what every pending receipt of the scope
    /// changes (a backdated one can move a member into or out of the period). Columns Members, Revenue, Ever.
    /// </summary>
    public SqlBuilder FirstPurchases(RollupSlice period)
    {
        var scope = period.PartnerId ?? CustomerProfile.Coalition;
        var (from, to) = (DateOnly.FromDateTime(period.From!.Value), DateOnly.FromDateTime(period.To!.Value));
        return new SqlBuilder().Append("SELECT COALESCE(SUM(CASE WHEN x.on_day >= ").Param(from).Append(" THEN x.members ELSE 0 END), 0) AS \"Members\", ")
            .Append("COALESCE(SUM(CASE WHEN x.on_day >= ").Param(from).Append(" THEN x.revenue ELSE 0 END), 0) AS \"Revenue\", COALESCE(SUM(x.members), 0) AS \"Ever\" FROM (")
            .Append("SELECT f.\"Day\" AS on_day, f.\"Members\" AS members, f.\"Revenue\" AS revenue FROM \"FirstPurchaseDays\" f WHERE f.\"PartnerId\" = ").Param(scope)
            .Append(" AND f.\"Day\" < ").Param(to)
            .Append(" UNION ALL SELECT d.on_day, d.members, d.revenue FROM (").Append(FirstPurchaseDeltas(period.PartnerId is null, new RollupSlice(period.PartnerId))).Append(") d")
            .Append(" WHERE d.on_day < ").Param(to).Append(") x");
    }

    /// <summary>The stored rows of the period's days in its scope (a partner's, or every partner's for the coalition).</summary>
    private static SqlBuilder StoredDays(string alias, RollupSlice period)
    {
        var sql = new SqlBuilder().Append($" WHERE {alias}.\"Day\" >= ").Param(DateOnly.FromDateTime(period.From!.Value))
            .Append($" AND {alias}.\"Day\" < ").Param(DateOnly.FromDateTime(period.To!.Value));
        return period.PartnerId is { } partner ? sql.Append($" AND {alias}.\"PartnerId\" = ").Param(partner) : sql;
    }

    private static SqlBuilder Scope(bool coalition) =>
        coalition ? new SqlBuilder().Param(CustomerProfile.Coalition) : new SqlBuilder().Append("p.\"PartnerId\"");

    /// <summary>
    /// Adds the deltas to a roll-up table in one statement that computes them once: SQLite's INSERT … ON CONFLICT DO UPDATE,
    /// SQL Server's MERGE. (The first spelling, rows for missing keys and then an UPDATE … FROM, computed every delta twice:
    /// half of the first build's 454 s, and of each minute's write.)
    /// </summary>
    public SqlBuilder Upsert(string table, (string Column, string Alias)[] key, (string Column, string Alias)[] figures, SqlBuilder deltas)
    {
        // Table and column names come from the constants above, never from input.
        var keys = string.Join(", ", key.Select(k => $"d.{k.Alias}"));
        var sums = new SqlBuilder().Append($"SELECT {keys}, ").Append(string.Join(", ", figures.Select(f => $"SUM(d.{f.Alias}) AS {f.Alias}")))
            .Append(" FROM (").Append(deltas).Append($") d GROUP BY {keys}");
        var columns = string.Join(", ", key.Concat(figures).Select(c => $"\"{c.Column}\""));
        var values = string.Join(", ", key.Concat(figures).Select(c => $"a.{c.Alias}"));
        if (IsSqlite)
            // "WHERE true" keeps SQLite from reading ON CONFLICT as a join's ON (its documented ambiguity).
            return new SqlBuilder().Append($"INSERT INTO \"{table}\" ({columns}) SELECT {values} FROM (").Append(sums).Append(") AS a WHERE true")
                .Append($" ON CONFLICT ({string.Join(", ", key.Select(k => $"\"{k.Column}\""))}) DO UPDATE SET ")
                .Append(string.Join(", ", figures.Select(f => $"\"{f.Column}\" = \"{f.Column}\" + excluded.\"{f.Column}\"")));
        var on = string.Join(" AND ", key.Select(k => $"t.\"{k.Column}\" = a.{k.Alias}"));
        return new SqlBuilder().Append($"MERGE INTO \"{table}\" WITH (HOLDLOCK) AS t USING (").Append(sums).Append($") AS a ON {on}")
            .Append(" WHEN MATCHED THEN UPDATE SET ").Append(string.Join(", ", figures.Select(f => $"\"{f.Column}\" = t.\"{f.Column}\" + a.{f.Alias}")))
            .Append($" WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({values});");
    }
}
