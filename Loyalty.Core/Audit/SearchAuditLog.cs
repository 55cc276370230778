using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Audit;

public sealed record AuditRow(long Id, DateTime OccurredAt, string Kind, string? Actor, string Summary, Guid? PartnerId, string? PartnerName, Guid? CustomerId,
    string? ChangesJson = null, bool ValuesErased = false)
{
    /// <summary>Old → new per personal-data field; contact values masked unless <paramref name="full"/> (admins, decision 0142).</summary>
    public IReadOnlyList<FieldChange> Changes(bool full) =>
        PersonalDataSnapshot.FromJson(ChangesJson).Select(c => full ? c : c.Masked()).ToList();

    /// <summary>One line for the export: old → new, or only the fields once the member's account was deleted (0181).</summary>
    public string DescribeChanges(bool full) => ValuesErased
        ? $"{string.Join(", ", Changes(full).Select(c => c.Field))}: values erased with the account"
        : PersonalDataSnapshot.Describe(Changes(full));
}

/// <summary>
/// <paramref name="Category"/> is the part of the kind before the dot ("auth", "customer", "points", "partner" …);
/// <paramref name="Search"/> matches the actor or the summary.
/// </summary>
public sealed record AuditQuery(string? Search, string? Category, DateTime? From, DateTime? To, Guid? CustomerId = null, int Page = 0, int PageSize = 50);

/// <param name="Capped">A text search matched more lines than <see cref="SearchAuditLog.SearchCap"/>: the newest of them are listed.</param>
public sealed record AuditPage(IReadOnlyList<AuditRow> Items, int Total, bool Capped = false);

/// <summary>
/// The data-consolidation log: who did what and when across the coalition, filtered and paged in the database, newest
/// first. Filters use the (OccurredAt) and (CustomerId, OccurredAt) indexes. On SQLite a text search reads a trigram
/// index (decision 0182): its matches come newest recorded first, at most <see cref="SearchCap"/> of them; on SQL Server
/// it scans the matching range.
/// </summary>
public sealed class SearchAuditLog(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int MaxPageSize = 200;

    /// <summary>A text search lists at most this many matches (the newest); the screen asks to narrow it beyond.</summary>
    public const int SearchCap = 10_000;

    /// <summary>The kinds' categories the log knows, for the filter.</summary>
    public static readonly string[] Categories = ["auth", "customer", "points", "partner", "settlement", "terminal", "codes", "mailing", "program", "topup", "promo", "settings"];

    /// <summary>
    /// A text search within dates or one member's trail reads the window's line ids first when it holds at most this many
    /// lines (an index range, no rows), then only the trigram index's hits near those ids (0200).
    /// </summary>
    internal int WindowLimit { get; init; } = 50_000;

    /// <summary>A broad window first reads this many of the newest hits, which often answer it (0200).</summary>
    internal int ProbeHits { get; init; } = 20_000;

    /// <summary>At most this many id runs of a window are searched apart; closer runs are searched as one.</summary>
    internal int MaxRuns { get; init; } = 32;

    public async Task<AuditPage> HandleAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var skip = Math.Max(query.Page, 0) * size;
        if (await IndexedAsync(db, query, skip, skip >= SearchCap ? 0 : Math.Min(size, SearchCap - skip), SearchCap + 1, ct) is { } found)
        {
            var ids = found.Ids;
            var page = await Project(db, db.AuditEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).OrderByDescending(e => e.Id)).ToListAsync(ct);
            return new AuditPage(page, Math.Min(found.Count, SearchCap), found.Count > SearchCap);
        }
        var events = Filter(db, query);
        var total = await events.CountAsync(ct);
        var items = await Project(db, events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Skip(skip).Take(size)).ToListAsync(ct);
        return new AuditPage(items, total);
    }

    /// <summary>Up to <paramref name="limit"/> rows for an export, newest first.</summary>
    public async Task<IReadOnlyList<AuditRow>> ExportAsync(AuditQuery query, int limit, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        if (await IndexedAsync(db, query, 0, Math.Max(limit, 0), 0, ct) is { } found)
        {
            var ids = found.Ids;
            return await Project(db, db.AuditEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).OrderByDescending(e => e.Id)).ToListAsync(ct);
        }
        return await Project(db, Filter(db, query).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(limit)).ToListAsync(ct);
    }

    /// <summary>SQL with {n} placeholders for its values (bound as parameters, never spliced in).</summary>
    private sealed class Sql(string start, List<object> args)
    {
        private readonly System.Text.StringBuilder _text = new(start);

        public List<object> Args { get; } = args;

        /// <summary>Appends the condition, each <c>@</c> standing for <paramref name="value"/>.</summary>
        public Sql And(string condition, object value)
        {
            _text.Append(" AND ").Append(condition.Replace("@", "{" + Args.Count + "}"));
            Args.Add(value);
            return this;
        }

        public Sql Append(string text)
        {
            _text.Append(text);
            return this;
        }

        public override string ToString() => _text.ToString();
    }

    /// <param name="Ids">The page: the matches' ids, newest recorded first.</param>
    /// <param name="Count">How many lines match, counted up to the count limit asked for.</param>
    private sealed record Found(List<long> Ids, int Count);

    /// <summary>
    /// On SQLite, a search of three characters or more: the lines the trigram index finds (0182) — the same "contains"
    /// over kind, actor and summary, any case — with the other filters, newest recorded first: <paramref name="take"/> of
    /// them after <paramref name="skip"/>, and the count up to <paramref name="countLimit"/> (0 = not counted). Null when
    /// the search cannot use the index.
    /// <para>
    /// Written as SQL because the plan matters: the join is driven by the index in rowid order (no sort), so reading stops
    /// as soon as a page or the count limit is filled; EF's join over a raw query casts the key and loses that order. A
    /// common term within dates used to read every hit to check its date (0.9 s for "signed in" on half of 2 M lines):
    /// the window's ids now bound what the index reads (decision 0200).
    /// </para>
    /// </summary>
    private async Task<Found?> IndexedAsync(ILoyaltyDb db, AuditQuery query, int skip, int take, int countLimit, CancellationToken ct)
    {
        var search = query.Search?.Trim();
        if (search is not { Length: >= 3 } || !db.IsSqlite()) return null;
        // One quoted FTS5 string: nothing typed is query syntax.
        static string Quoted(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";
        var category = string.IsNullOrWhiteSpace(query.Category) ? null : query.Category.Trim() + ".";
        // A category is also asked of the index ("contains" in the kind, a superset of "starts with", which the join still
        // checks): the index then skips to the lines having both instead of reading every hit of a common term (0200).
        var match = Quoted(search) + (category is { Length: >= 3 } ? " AND Kind : " + Quoted(category) : "");
        long? low = null, high = null;
        if (query.From is not null || query.To is not null || query.CustomerId is not null)
        {
            // The window (dates, a member) through its index alone: its ids, if there are few enough to hold (counted first,
            // which costs a fraction of reading them).
            var window = Window(query, "SELECT \"Id\" AS \"Value\" FROM \"AuditEvents\" WHERE 1 = 1").Append(" LIMIT " + (WindowLimit + 1));
            var windowSql = window.ToString();
            var counting = "SELECT COUNT(*) AS \"Value\" FROM (" + windowSql + ")";
            if (await db.Database.SqlQueryRaw<int>(counting, [.. window.Args]).SingleAsync(ct) <= WindowLimit)
                return await WithinAsync(db, match, category, await db.Database.SqlQueryRaw<long>(windowSql, [.. window.Args]).ToListAsync(ct), skip, take, ct);
            // A broad window: the newest hits often hold the page and the count (or are all the hits) — then that is all.
            // The window as a flag in the select list (its values numbered after the match's), not as a filter.
            var flag = Window(query, new Sql("1 = 1", [match]), "a.");
            var flagged = Hits(match, category, null, null, "s.rowid AS \"Id\", (" + flag + ") AS \"InWindow\"", flag.Args);
            var newest = flagged + " ORDER BY s.rowid DESC LIMIT " + (ProbeHits + 1);
            var probing = "SELECT COUNT(*) AS \"Hits\", COALESCE(SUM(\"InWindow\"), 0) AS \"InWindow\" FROM (" + newest + ")";
            var probe = await db.Database.SqlQueryRaw<Probe>(probing, [.. flagged.Args]).SingleAsync(ct);
            var all = probe.Hits <= ProbeHits;
            if (all || (probe.InWindow >= countLimit && probe.InWindow >= skip + take))
            {
                // Every hit was read, or the newest hits hold the page and the count: the newest matches are among them.
                var paging = "SELECT \"Id\" AS \"Value\" FROM (" + newest + ") WHERE \"InWindow\" LIMIT " + take + " OFFSET " + skip;
                var ids = take <= 0 ? [] : await db.Database.SqlQueryRaw<long>(paging, [.. flagged.Args]).ToListAsync(ct);
                return new Found(ids, all ? probe.InWindow : Math.Min(probe.InWindow, countLimit));
            }
            // Otherwise bound the index to the window's first and last id, and read its hits newest first as below.
            var bounds = Window(query, "SELECT min(\"Id\") AS \"Low\", max(\"Id\") AS \"High\" FROM \"AuditEvents\" WHERE 1 = 1");
            var range = await db.Database.SqlQueryRaw<IdRange>(bounds.ToString(), [.. bounds.Args]).SingleAsync(ct);
            if (range.Low is null) return new Found([], 0);
            (low, high) = (range.Low, range.High);
        }

        var sql = Hits(match, category, low, high);
        Window(query, sql, "a.");
        sql.Append(" ORDER BY s.rowid DESC");
        var count = 0;
        if (countLimit > 0)
        {
            // Counting stops at the limit, and the page is read in the index's order: a term on half the log costs what a
            // rare one does (a few ms), instead of collecting and sorting a million lines.
            var countingHits = "SELECT COUNT(*) AS \"Value\" FROM (" + sql + " LIMIT " + countLimit + ")";
            count = await db.Database.SqlQueryRaw<int>(countingHits, [.. sql.Args]).SingleAsync(ct);
        }
        var pageSql = sql + " LIMIT " + take + " OFFSET " + skip;
        var page = take <= 0 ? [] : await db.Database.SqlQueryRaw<long>(pageSql, [.. sql.Args]).ToListAsync(ct);
        return new Found(page, count);
    }

    private sealed class Probe
    {
        public int Hits { get; set; }
        public int InWindow { get; set; }
    }

    private sealed class IdRange
    {
        public long? Low { get; set; }
        public long? High { get; set; }
    }

    /// <summary>The hits of the text (and category) as ids, optionally bounded to [low, high].</summary>
    private static Sql Hits(string match, string? category, long? low, long? high, string select = "s.rowid AS \"Value\"", List<object>? args = null)
    {
        var sql = new Sql("SELECT " + select + """
             FROM "AuditSearch" AS s JOIN "AuditEvents" AS a ON a."Id" = s.rowid WHERE "AuditSearch" MATCH {0}
            """, args ?? [match]);
        if (low is { } from) sql.And("s.rowid >= @", from);
        if (high is { } to) sql.And("s.rowid <= @", to);
        if (category is not null) sql.And("substr(a.\"Kind\", 1, length(@)) = @", category);
        return sql;
    }

    /// <summary>The window's conditions (member, dates) on the log's columns, as the plain filter writes them.</summary>
    private static Sql Window(AuditQuery query, string start) => Window(query, new Sql(start, []), "");

    private static Sql Window(AuditQuery query, Sql sql, string alias)
    {
        if (query.CustomerId is { } customerId) sql.And(alias + "\"CustomerId\" = @", customerId);
        if (query.From is { } from) sql.And(alias + "\"OccurredAt\" >= @", from);
        if (query.To is { } to) sql.And(alias + "\"OccurredAt\" < @", to);
        return sql;
    }

    /// <summary>
    /// The matches among a narrow window's lines. The window's ids fall in a few runs (lines are written as things happen,
    /// so a date range is mostly one run; bulk-written data adds one per batch): the index is asked for its hits within
    /// each run only — its rowid bounds are seeks, not reads — and the hits outside the window are dropped here. The
    /// window already holds every filter but the text and the category, so the result is the plain query's.
    /// </summary>
    private async Task<Found> WithinAsync(ILoyaltyDb db, string match, string? category, List<long> window, int skip, int take, CancellationToken ct)
    {
        if (window.Count == 0) return new Found([], 0);
        window.Sort();
        var runs = Runs(window, MaxRuns);
        var sql = new Sql("", [match]);
        for (var i = 0; i < runs.Count; i++)
        {
            if (i > 0) sql.Append(" UNION ALL ");
            var hits = Hits(match, category, runs[i].Low, runs[i].High);
            // The same text parameter {0}; the run's bounds and the category renumbered after the ones before.
            var offset = sql.Args.Count - 1;
            var text = hits.ToString();
            for (var n = hits.Args.Count - 1; n >= 1; n--) text = text.Replace("{" + n + "}", "{" + (n + offset) + "}");
            sql.Append(text);
            sql.Args.AddRange(hits.Args.Skip(1));
        }
        var inWindow = window.ToHashSet();
        var found = (await db.Database.SqlQueryRaw<long>(sql.ToString(), [.. sql.Args]).ToListAsync(ct)).Where(inWindow.Contains).ToList();
        found.Sort((a, b) => b.CompareTo(a));
        return new Found(found.Skip(skip).Take(Math.Max(take, 0)).ToList(), found.Count);
    }

    /// <summary>
    /// Sorted ids as at most <paramref name="max"/> runs: split at the widest gaps (only gaps wider than a few hundred ids
    /// are worth a search of their own).
    /// </summary>
    internal static List<(long Low, long High)> Runs(List<long> sorted, int max)
    {
        const long MinGap = 256;
        var splits = Enumerable.Range(1, sorted.Count - 1)
            .Where(i => sorted[i] - sorted[i - 1] > MinGap)
            .OrderByDescending(i => sorted[i] - sorted[i - 1]).ThenBy(i => i)
            .Take(Math.Max(max, 1) - 1)
            .Order()
            .ToList();
        var runs = new List<(long, long)>(splits.Count + 1);
        var start = 0;
        foreach (var split in splits.Append(sorted.Count))
        {
            runs.Add((sorted[start], sorted[split - 1]));
            start = split;
        }
        return runs;
    }

    private static IQueryable<AuditEvent> Filter(ILoyaltyDb db, AuditQuery query)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (query.CustomerId is { } customerId) events = events.Where(e => e.CustomerId == customerId);
        if (query.From is { } from) events = events.Where(e => e.OccurredAt >= from);
        if (query.To is { } to) events = events.Where(e => e.OccurredAt < to);
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var prefix = query.Category.Trim() + ".";
            events = events.Where(e => e.Kind.StartsWith(prefix));
        }
        var search = query.Search?.Trim();
        if (string.IsNullOrEmpty(search)) return events;
        // One or two characters match too much to be worth a scan of the whole log: only within dates or one member.
        if (search.Length < 3 && query.From is null && query.To is null && query.CustomerId is null)
            throw ValidationException.For("search", "Type at least three characters, or pick dates to search within.");
        // SQL Server, or a short search within dates: a scan of the matching range.
        return events.Where(e => e.Summary.Contains(search) || (e.Actor != null && e.Actor.Contains(search)) || e.Kind.Contains(search));
    }

    private static IQueryable<AuditRow> Project(ILoyaltyDb db, IQueryable<AuditEvent> events) =>
        events.Select(e => new AuditRow(e.Id, e.OccurredAt, e.Kind, e.Actor, e.Summary, e.PartnerId,
            db.Partners.Where(p => p.Id == e.PartnerId).Select(p => p.Name).FirstOrDefault(), e.CustomerId,
            e.Values == null ? null : e.Values.Changes, e.Values != null && e.Values.ErasedAt != null));
}
