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

    public async Task<AuditPage> HandleAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var skip = Math.Max(query.Page, 0) * size;
        if (Indexed(db, query) is { } matches)
        {
            // Counting stops one past the cap, and the page is read in the index's order: a term on half the log costs
            // what a rare one does (a few ms), instead of collecting and sorting a million lines.
            var (countSql, countArgs) = matches.Limit(SearchCap + 1);
            var counting = "SELECT COUNT(*) AS \"Value\" FROM (" + countSql + ")";
            var count = await db.Database.SqlQueryRaw<int>(counting, countArgs).SingleAsync(ct);
            var (pageSql, pageArgs) = matches.Limit(Math.Min(size, SearchCap - skip), skip);
            var ids = skip >= SearchCap ? [] : await db.Database.SqlQueryRaw<long>(pageSql, pageArgs).ToListAsync(ct);
            var page = await Project(db, db.AuditEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).OrderByDescending(e => e.Id)).ToListAsync(ct);
            return new AuditPage(page, Math.Min(count, SearchCap), count > SearchCap);
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
        if (Indexed(db, query) is { } matches)
        {
            var (sql, args) = matches.Limit(Math.Max(limit, 0));
            var ids = await db.Database.SqlQueryRaw<long>(sql, args).ToListAsync(ct);
            return await Project(db, db.AuditEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).OrderByDescending(e => e.Id)).ToListAsync(ct);
        }
        return await Project(db, Filter(db, query).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(limit)).ToListAsync(ct);
    }

    /// <summary>The search's SQL with {n} placeholders for its values (bound as parameters, never spliced in).</summary>
    private sealed record IndexedSearch(string Sql, object[] Args)
    {
        public (string Sql, object[] Args) Limit(int limit, int offset = 0) =>
            (Sql + " LIMIT {" + Args.Length + "} OFFSET {" + (Args.Length + 1) + "}", [.. Args, limit, offset]);
    }

    /// <summary>
    /// On SQLite, a search of three characters or more: the ids of the lines the trigram index finds (0182) — the same
    /// "contains" over kind, actor and summary, any case — with the other filters, newest recorded first. Written as SQL
    /// because the plan matters: the join is driven by the index in rowid order (no sort), so reading stops as soon as a
    /// page or the cap is filled; EF's join over a raw query casts the key and loses that order. Null when the search
    /// cannot use the index.
    /// </summary>
    private static IndexedSearch? Indexed(ILoyaltyDb db, AuditQuery query)
    {
        var search = query.Search?.Trim();
        if (search is not { Length: >= 3 } || db.Database.ProviderName?.EndsWith(".Sqlite", StringComparison.Ordinal) != true) return null;
        // One quoted FTS5 string: nothing typed is query syntax.
        var args = new List<object> { "\"" + search.Replace("\"", "\"\"") + "\"" };
        var sql = new System.Text.StringBuilder("""
            SELECT s.rowid AS "Value" FROM "AuditSearch" AS s JOIN "AuditEvents" AS a ON a."Id" = s.rowid WHERE "AuditSearch" MATCH {0}
            """);
        void And(string condition, object value)
        {
            sql.Append(" AND ").Append(condition.Replace("@", "{" + args.Count + "}"));
            args.Add(value);
        }
        if (query.CustomerId is { } customerId) And("a.\"CustomerId\" = @", customerId);
        if (query.From is { } from) And("a.\"OccurredAt\" >= @", from);
        if (query.To is { } to) And("a.\"OccurredAt\" < @", to);
        if (!string.IsNullOrWhiteSpace(query.Category)) And("substr(a.\"Kind\", 1, length(@)) = @", query.Category.Trim() + ".");
        sql.Append(" ORDER BY s.rowid DESC");
        return new IndexedSearch(sql.ToString(), args.ToArray());
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
