using System.Text.Json;
using Loyalty.Core.Purchases;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Segments;

/// <summary>
/// The profiles' row order in the SQLite file (0280): a rules filter walks a partner's profiles in key order, which is cheap
/// only when the rows lie in that order. These read the real row ids.
/// </summary>
public class ProfileOrderTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    /// <summary>Members whose purchases reach the database in the reverse of their key order.</summary>
    private async Task<List<Guid>> BuyersInReverseKeyOrderAsync(int count, int phoneBase)
    {
        var members = new List<Guid>();
        for (var i = 0; i < count; i++) members.Add((await Scenario.RegisterAsync($"+7701555{phoneBase + i:D4}")).Id);
        foreach (var member in members.OrderByDescending(id => id.ToString().ToUpperInvariant(), StringComparer.Ordinal))
        {
            await using var db = Database.Open();
            db.Purchases.Add(new Purchase(Scenario.Partner.Id, Scenario.Store.Id, null, member, Guid.NewGuid().ToString("N")[..12], 1_000_00, "KZT", Now.AddDays(-3)));
            await db.SaveChangesAsync();
        }
        return members;
    }

    private async Task<IReadOnlyList<ProfileScopeOrder>> MeasureAsync()
    {
        await using var db = Database.Open();
        return await RestoreProfileOrder.MeasureAsync(db);
    }

    private async Task<List<(string Key, long RowId)>> RowIdsAsync()
    {
        await using var db = Database.Open();
        return (await db.Database.SqlQueryRaw<KeyAndRowId>("""SELECT "PartnerId" || '/' || "CustomerId" AS "Key", rowid AS "RowId" FROM "CustomerProfiles" """).ToListAsync())
            .Select(r => (r.Key, r.RowId)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private sealed class KeyAndRowId
    {
        public string Key { get; init; } = "";
        public long RowId { get; init; }
    }

    private async Task<List<string>> RowsAsync()
    {
        await using var db = Database.Open();
        return (await db.CustomerProfiles.AsNoTracking().ToListAsync()).Select(p => JsonSerializer.Serialize(p)).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task NewProfiles_AreWrittenInKeyOrder_ByTheRebuildAndByTheMinuteJob()
    {
        await BuyersInReverseKeyOrderAsync(6, 100);
        await Database.Get<RecalculateSegments>().HandleAsync();
        Assert.All(await MeasureAsync(), scope => Assert.Equal(0, scope.Behind));

        // Later members, again arriving against key order, are appended by the minute job as one ordered batch.
        await BuyersInReverseKeyOrderAsync(5, 200);
        // Five members, each new at the partner and in the coalition.
        Assert.Equal(10, (await Database.Get<UpdateCustomerProfiles>().HandleAsync()).NewProfiles);
        // Member ids are time-ordered (version 7), so the later members also sort after the earlier ones: still in order.
        var scopes = await MeasureAsync();
        Assert.Equal(2, scopes.Count);
        Assert.All(scopes, scope => Assert.Equal((11, 0), (scope.Rows, scope.Behind)));
    }

    [Fact]
    public async Task Restore_MovesOnlyALooseScope_InKeyOrder_WithoutChangingAValue()
    {
        await BuyersInReverseKeyOrderAsync(7, 300);
        await Database.Get<RecalculateSegments>().HandleAsync();
        // Shuffle the partner's rows in the file the way years of late first purchases would: here, exactly backwards.
        await using (var db = Database.Open())
            await db.Database.ExecuteSqlAsync($"UPDATE \"CustomerProfiles\" SET rowid = 1000000 - rowid WHERE \"PartnerId\" = {Scenario.Partner.Id}");
        var partner = (await MeasureAsync()).Single(s => s.PartnerId == Scenario.Partner.Id);
        Assert.Equal(6, partner.Behind);
        var values = await RowsAsync();
        var coalitionRowIds = (await RowIdsAsync()).Where(r => r.Key.StartsWith(Guid.Empty.ToString().ToUpperInvariant())).ToList();

        // Three rows per write: the scope is moved in three chunks.
        var restore = new RestoreProfileOrder(Database.Dbs) { Chunk = 3 };
        Assert.Equal((1, 7), await restore.HandleAsync() is var r ? (r.Scopes, r.Rows) : default);

        Assert.All(await MeasureAsync(), scope => Assert.Equal(0, scope.Behind));
        Assert.Equal(values, await RowsAsync());
        Assert.Equal(coalitionRowIds, (await RowIdsAsync()).Where(r => r.Key.StartsWith(Guid.Empty.ToString().ToUpperInvariant())).ToList());
        // In order now: nothing left to move.
        Assert.Equal(0, (await restore.HandleAsync()).Rows);
    }
}
