using Loyalty.Core.Audit;
using Loyalty.Tests.Infrastructure;

namespace Loyalty.Tests.Audit;

/// <summary>The data log's text search reads the trigram index kept in step by the insert (decision 0182).</summary>
public class AuditSearchTests : ScenarioTest
{
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
            await db.SaveChangesAsync();
        }

        Assert.Equal(["Points adjusted by 50.00: goodwill for a late delivery"], await FindAsync("ADJUSTED"));
        Assert.Equal(["Points adjusted by 50.00: goodwill for a late delivery"], await FindAsync("olga@"));
        Assert.Equal(["Signed in by SMS code (Алматы, portal)"], await FindAsync("sign-in"));
        Assert.Equal(["Signed in by SMS code (Алматы, portal)"], await FindAsync("алматы"));
        Assert.Equal(["Signed in by SMS code (Алматы, portal)"], await FindAsync("5550001"));
        Assert.Equal(["Print file \"Spring 2026\" downloaded"], await FindAsync("\"Spring 2026\""));
        Assert.Empty(await FindAsync("\" OR \""));
        Assert.Empty(await FindAsync("adjusted", "auth"));
        // Two characters have no trigram: the search scans instead, with the same result.
        Assert.Equal(["Print file \"Spring 2026\" downloaded"], await FindAsync("Sp"));
        Assert.Empty(await FindAsync("zebra"));
    }
}
