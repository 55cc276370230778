using Loyalty.Core.Audit;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Audit;

/// <summary>
/// A text search within dates or a member's trail reads the window first and asks the trigram index only near its ids
/// (decision 0200). Every way it can take — a narrow window in id runs, a broad one answered by the newest hits, a broad
/// one bounded by its first and last id — must list exactly what the plain query over the index lists: the same lines in
/// the same order, the same total and cap, on data written out of time order, in batches, and many in the same second.
/// </summary>
public class AuditSearchWindowTests : ScenarioTest
{
    private static readonly Guid Olga = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    private static readonly Guid Ivan = Guid.Parse("0190a000-0000-7000-8000-000000000002");
    private static readonly DateTime Start = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    private async Task SeedAsync()
    {
        await using var db = Database.Open();
        // Three bulk batches, each in time order but overlapping in time (back-dated), as imports and the benchmark write;
        // then 300 lines in one second; then a few lines written as things happen.
        var batches = $"""
            INSERT INTO "AuditEvents" ("OccurredAt", "Kind", "Actor", "Summary", "CustomerId")
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
            SELECT strftime('%Y-%m-%d %H:%M:%S', '2026-03-01', '+' || (i * 97) || ' minutes'), 'customer.registered', NULL, 'Registered member ' || i || ' (app)',
                CASE WHEN i % 7 = 0 THEN '{Olga.ToString().ToUpperInvariant()}' END FROM n;
            INSERT INTO "AuditEvents" ("OccurredAt", "Kind", "Actor", "Summary", "CustomerId")
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
            SELECT strftime('%Y-%m-%d %H:%M:%S', '2026-03-01', '+' || (i * 61) || ' minutes'), 'auth.signin', '+7701' || i, 'Signed in by SMS code (portal)',
                CASE WHEN i % 5 = 0 THEN '{Ivan.ToString().ToUpperInvariant()}' WHEN i % 11 = 0 THEN '{Olga.ToString().ToUpperInvariant()}' END FROM n;
            INSERT INTO "AuditEvents" ("OccurredAt", "Kind", "Actor", "Summary", "CustomerId")
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
            SELECT strftime('%Y-%m-%d %H:%M:%S', '2026-03-01', '+' || (i * 173 % 9000) || ' minutes'), 'points.adjusted', 'olga@ops.kz', 'Points adjusted: signed in twice, goodwill',
                CASE WHEN i % 3 = 0 THEN '{Ivan.ToString().ToUpperInvariant()}' END FROM n;
            INSERT INTO "AuditEvents" ("OccurredAt", "Kind", "Actor", "Summary", "CustomerId")
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
            SELECT '2026-03-20 12:00:00', CASE WHEN i % 2 = 0 THEN 'auth.signin' ELSE 'customer.registered' END, NULL, 'Signed in at the till ' || i, NULL FROM n;
            """;
        await db.Database.ExecuteSqlRawAsync(batches);
        var now = Start.AddDays(40);
        db.AuditEvents.Add(new AuditEvent(now, "auth.signin", "+77010000001", "Signed in by SMS code (portal)", customerId: Olga));
        db.AuditEvents.Add(new AuditEvent(now.AddSeconds(1), "settings.changed", "admin@ops.kz", "Program settings changed: signed in bonus"));
        db.AuditEvents.Add(new AuditEvent(Start.AddDays(-30), "auth.signin", "+77010000002", "Signed in by SMS code (back-dated)"));
        await db.SaveChangesAsync();
    }

    /// <summary>The plain query: every hit of the index with the filters, newest recorded first.</summary>
    private async Task<List<long>> PlainAsync(AuditQuery query)
    {
        await using var db = Database.Open();
        var args = new List<object> { "\"" + query.Search!.Trim().Replace("\"", "\"\"") + "\"" };
        var sql = """SELECT s.rowid AS "Value" FROM "AuditSearch" s JOIN "AuditEvents" a ON a."Id" = s.rowid WHERE "AuditSearch" MATCH {0}""";
        if (query.CustomerId is { } customer) { sql += $" AND a.\"CustomerId\" = {{{args.Count}}}"; args.Add(customer); }
        if (query.From is { } from) { sql += $" AND a.\"OccurredAt\" >= {{{args.Count}}}"; args.Add(from); }
        if (query.To is { } to) { sql += $" AND a.\"OccurredAt\" < {{{args.Count}}}"; args.Add(to); }
        if (query.Category is { } category) { sql += $" AND substr(a.\"Kind\", 1, length({{{args.Count}}})) = {{{args.Count}}}"; args.Add(category + "."); }
        sql += " ORDER BY s.rowid DESC";
        return await db.Database.SqlQueryRaw<long>(sql, [.. args]).ToListAsync();
    }

    private static IEnumerable<AuditQuery> Queries()
    {
        DateTime At(double days) => Start.AddDays(days);
        foreach (var text in new[] { "signed in", "registered", "SIGNED IN BY", "goodwill", "+77010", "zebra" })
        {
            yield return new AuditQuery(text, null, At(10), At(11));                  // a day: one short run per batch
            yield return new AuditQuery(text, null, At(2), At(40));                   // most of the log
            yield return new AuditQuery(text, null, At(2), At(40), Page: 3, PageSize: 20);
            yield return new AuditQuery(text, null, At(-400), At(-300));              // before the data
            yield return new AuditQuery(text, null, At(400), null);                   // after the data
            yield return new AuditQuery(text, null, At(5), At(5));                    // empty range
            yield return new AuditQuery(text, null, At(6), At(5));                    // upside-down range
            yield return new AuditQuery(text, null, new DateTime(2026, 3, 20, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 20, 12, 0, 1, DateTimeKind.Utc));
            yield return new AuditQuery(text, null, new DateTime(2026, 3, 20, 12, 0, 1, DateTimeKind.Utc), At(30));   // starts just after the busy second
            yield return new AuditQuery(text, null, At(3), new DateTime(2026, 3, 20, 12, 0, 0, DateTimeKind.Utc));     // ends just before it
            yield return new AuditQuery(text, null, null, At(12));
            yield return new AuditQuery(text, null, At(-40), null, PageSize: 200);
            yield return new AuditQuery(text, null, null, null, Olga);
            yield return new AuditQuery(text, null, At(0), At(30), Ivan, PageSize: 7, Page: 2);
            yield return new AuditQuery(text, "auth", At(1), At(25));
            yield return new AuditQuery(text, "points", null, At(50));
            yield return new AuditQuery(text, "customer", null, null);
            yield return new AuditQuery(text, "auth", null, null, Page: 2);
        }
    }

    public static TheoryData<string> Ways => new() { "default", "runs", "one run", "broad, newest hits", "broad, bounded" };

    private SearchAuditLog Log(string way) => way switch
    {
        // Small limits push a few thousand lines down each way the search can take.
        "runs" => new SearchAuditLog(Database.Dbs) { WindowLimit = 5_000, MaxRuns = 32 },
        "one run" => new SearchAuditLog(Database.Dbs) { WindowLimit = 5_000, MaxRuns = 1 },
        "broad, newest hits" => new SearchAuditLog(Database.Dbs) { WindowLimit = 0, ProbeHits = 5_000 },
        "broad, bounded" => new SearchAuditLog(Database.Dbs) { WindowLimit = 0, ProbeHits = 3 },
        _ => Database.Get<SearchAuditLog>(),
    };

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task EveryWayListsWhatThePlainQueryLists(string way)
    {
        await SeedAsync();
        var log = Log(way);
        foreach (var query in Queries())
        {
            var plain = await PlainAsync(query);
            var page = await log.HandleAsync(query);
            var size = Math.Clamp(query.PageSize, 1, SearchAuditLog.MaxPageSize);
            var expected = plain.Take(SearchAuditLog.SearchCap).Skip(query.Page * size).Take(size).ToList();
            var because = $"{way}: {query}";
            Assert.True(expected.SequenceEqual(page.Items.Select(r => r.Id)), because);
            Assert.True((Math.Min(plain.Count, SearchAuditLog.SearchCap), plain.Count > SearchAuditLog.SearchCap) == (page.Total, page.Capped), because);
            var export = await log.ExportAsync(query, 250);
            Assert.True(plain.Take(250).SequenceEqual(export.Select(r => r.Id)), because);
        }
    }

    [Fact]
    public async Task TheCapStillHolds_WhenTheNewestHitsAnswerABroadWindow()
    {
        await using (var db = Database.Open())
        {
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "AuditEvents" ("OccurredAt", "Kind", "Actor", "Summary")
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {SearchAuditLog.SearchCap + 300})
                SELECT datetime('2026-11-01', '+' || (i % 20) || ' days'), 'auth.signin', 'bulk', 'Signed in, line ' || i FROM n
                """);
        }
        var from = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var way in new[] { "default", "broad, newest hits", "broad, bounded" })
        {
            var page = await Log(way).HandleAsync(new AuditQuery("signed in", null, from, null, Page: 2));
            var plain = await PlainAsync(new AuditQuery("signed in", null, from, null));
            Assert.Equal((SearchAuditLog.SearchCap, true), (page.Total, page.Capped));
            Assert.Equal(plain.Skip(100).Take(50), page.Items.Select(r => r.Id));
        }
    }

    [Fact]
    public void Runs_SplitAtTheWidestGaps()
    {
        Assert.Equal([(1L, 3L)], SearchAuditLog.Runs([1, 2, 3], 8));
        Assert.Equal([(1L, 200L)], SearchAuditLog.Runs([1, 2, 200], 8));          // a gap of a couple of hundred is read through
        Assert.Equal([(1L, 2L), (5000L, 5001L), (90000L, 90000L)], SearchAuditLog.Runs([1, 2, 5000, 5001, 90000], 8));
        Assert.Equal([(1L, 5001L), (90000L, 90000L)], SearchAuditLog.Runs([1, 2, 5000, 5001, 90000], 2));
        Assert.Equal([(7L, 7L)], SearchAuditLog.Runs([7], 1));
    }
}
