using Loyalty.Core.Audit;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Audit;

/// <summary>The data log's text search reads the trigram index kept in step by the insert (decision 0182).</summary>
public class AuditSearchTests : ScenarioTest
{
    private static readonly Guid Member = Guid.CreateVersion7();

    private async Task<IReadOnlyList<string>> FindAsync(string text, string? category = null) =>
        (await Database.Get<SearchAuditLog>().HandleAsync(new AuditQuery(text, category, null, null))).Items.Select(r => r.Summary).ToList();

    [Fact]
    public async Task Search_FindsKindActorAndSummary_AnyCase_AndTakesTypedQuotesAsText()
    {
        var now = Database.Clock.GetUtcNow().UtcDateTime;
        await using (var db = Database.Open())
        {
            db.AuditEvents.Add(new AuditEvent(now, "points.adjusted", "olga@ops.kz", "Points adjusted by 50.00: goodwill for a late delivery"));
            db.AuditEvents.Add(new AuditEvent(now.AddMinutes(1), "codes.downloaded", "ivan@ops.kz", "Print file \"Spring 2026\" downloaded"));
            db.AuditEvents.Add(new AuditEvent(now.AddMinutes(2), "auth.sign-in", "+77015550001", "Signed in by SMS code (Алматы, portal)"));
            db.AuditEvents.Add(new AuditEvent(now.AddMinutes(3), "points.adjusted", "olga@ops.kz", "Points adjusted by 10.00 for one member", customerId: Member));
            await db.SaveChangesAsync();
        }

        Assert.Equal(["Points adjusted by 10.00 for one member", "Points adjusted by 50.00: goodwill for a late delivery"], await FindAsync("ADJUSTED"));
        Assert.Equal(["Points adjusted by 10.00 for one member", "Points adjusted by 50.00: goodwill for a late delivery"], await FindAsync("olga@"));
        var trail = await Database.Get<SearchAuditLog>().HandleAsync(new AuditQuery("adjusted", "points", now.AddDays(-1), now.AddDays(1), Member));
        Assert.Equal(["Points adjusted by 10.00 for one member"], trail.Items.Select(r => r.Summary));
        Assert.Equal(1, trail.Total);
        Assert.Equal(["Signed in by SMS code (Алматы, portal)"], await FindAsync("sign-in"));
        Assert.Equal(["Signed in by SMS code (Алматы, portal)"], await FindAsync("алматы"));
        Assert.Equal(["Signed in by SMS code (Алматы, portal)"], await FindAsync("5550001"));
        Assert.Equal(["Print file \"Spring 2026\" downloaded"], await FindAsync("\"Spring 2026\""));
        Assert.Empty(await FindAsync("\" OR \""));
        Assert.Empty(await FindAsync("adjusted", "auth"));
        Assert.Empty(await FindAsync("zebra"));
        // Two characters have no trigram: refused over the whole log, scanned within dates.
        var shortText = await Assert.ThrowsAsync<Loyalty.Core.Common.ValidationException>(() => FindAsync("Sp"));
        Assert.Equal(["search"], shortText.Errors.Keys);
        var withinDates = await Database.Get<SearchAuditLog>().HandleAsync(new AuditQuery("Sp", null, now.AddDays(-1), now.AddDays(1)));
        Assert.Equal(["Print file \"Spring 2026\" downloaded"], withinDates.Items.Select(r => r.Summary));
    }

    [Fact]
    public async Task ABroadTerm_ListsTheNewestMatchesUpToTheCap_AndSaysSo_WhileFiltersStillApply()
    {
        await using (var db = Database.Open())
        {
            // Written with plain SQL, as bulk writers do: the insert trigger indexes them all the same.
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "AuditEvents" ("OccurredAt", "Kind", "Actor", "Summary")
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {SearchAuditLog.SearchCap + 5})
                SELECT datetime('2026-11-01', '+' || (i % 20) || ' days'), CASE WHEN i % 2 = 0 THEN 'auth.sign-in' ELSE 'points.adjusted' END, 'bulk', 'Signed in, line ' || i FROM n
                """);
        }
        var log = Database.Get<SearchAuditLog>();
        var broad = await log.HandleAsync(new AuditQuery("signed in", null, null, null));
        Assert.Equal((SearchAuditLog.SearchCap, true, 50), (broad.Total, broad.Capped, broad.Items.Count));
        Assert.Equal($"Signed in, line {SearchAuditLog.SearchCap + 5}", broad.Items[0].Summary);
        Assert.Empty((await log.HandleAsync(new AuditQuery("signed in", null, null, null, Page: SearchAuditLog.SearchCap / 50))).Items);

        var narrowed = await log.HandleAsync(new AuditQuery("signed in", "auth", new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 4, 0, 0, 0, DateTimeKind.Utc)));
        Assert.False(narrowed.Capped);
        Assert.Equal(Enumerable.Range(1, SearchAuditLog.SearchCap + 5).Count(i => i % 2 == 0 && i % 20 == 2), narrowed.Total);
        Assert.All(narrowed.Items, r => Assert.Equal("auth.sign-in", r.Kind));
        Assert.Equal(narrowed.Items.Select(r => r.Id).OrderDescending(), narrowed.Items.Select(r => r.Id));
    }
}
