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

public sealed record AuditPage(IReadOnlyList<AuditRow> Items, int Total);

/// <summary>
/// The data-consolidation log: who did what and when across the coalition, filtered and paged in the database, newest
/// first. Filters use the (OccurredAt) and (CustomerId, OccurredAt) indexes; on SQLite the text search reads a trigram
/// index (decision 0182), on SQL Server it scans the matching range.
/// </summary>
public sealed class SearchAuditLog(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int MaxPageSize = 200;

    /// <summary>The kinds' categories the log knows, for the filter.</summary>
    public static readonly string[] Categories = ["auth", "customer", "points", "partner", "settlement", "terminal", "codes", "mailing", "program", "topup", "promo", "settings"];

    public async Task<AuditPage> HandleAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var events = Filter(db, query);
        var total = await events.CountAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var items = await Project(db, events.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip(Math.Max(query.Page, 0) * size).Take(size)).ToListAsync(ct);
        return new AuditPage(items, total);
    }

    /// <summary>Up to <paramref name="limit"/> rows for an export, newest first.</summary>
    public async Task<IReadOnlyList<AuditRow>> ExportAsync(AuditQuery query, int limit, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await Project(db, Filter(db, query).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(limit)).ToListAsync(ct);
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
        if (search.Length >= 3 && db.Database.ProviderName?.EndsWith(".Sqlite", StringComparison.Ordinal) == true)
        {
            // The trigram index (0182): the same "contains" over kind, actor and summary, case-insensitive, answered from the
            // index instead of reading every line. The text is one quoted FTS5 string, so nothing typed is query syntax.
            var phrase = "\"" + search.Replace("\"", "\"\"") + "\"";
            return events.Where(e => db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM \"AuditSearch\" WHERE \"AuditSearch\" MATCH {phrase}").Contains(e.Id));
        }
        // One or two characters (no trigram to look up), or SQL Server: a scan of the matching range.
        return events.Where(e => e.Summary.Contains(search) || (e.Actor != null && e.Actor.Contains(search)) || e.Kind.Contains(search));
    }

    private static IQueryable<AuditRow> Project(ILoyaltyDb db, IQueryable<AuditEvent> events) =>
        events.Select(e => new AuditRow(e.Id, e.OccurredAt, e.Kind, e.Actor, e.Summary, e.PartnerId,
            db.Partners.Where(p => p.Id == e.PartnerId).Select(p => p.Name).FirstOrDefault(), e.CustomerId,
            e.Values == null ? null : e.Values.Changes, e.Values != null && e.Values.ErasedAt != null));
}
