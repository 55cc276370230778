using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Segments;

/// <summary>The RFM drill-down: a segment's members in one scope, paged in the database, in every order the screen offers.</summary>
public class SegmentMembersTests : ScenarioTest
{
    [Fact]
    public async Task ASegmentsMembers_ComePagedInEachOrder_WithTheirNames_AndOnlyFromThatScope()
    {
        var other = await Scenario.CreateAsync(Database.Services);
        for (var i = 0; i < 9; i++)
        {
            var member = await Scenario.RegisterAsync($"+7701555{i:D4}", $"Member{i}");
            for (var n = 0; n <= i % 3; n++) await Scenario.BuyAsync(member.Id, 100m * (i + 1));
            if (i % 2 == 0) await other.BuyAsync(member.Id, 50m);
            Database.Clock.Advance(TimeSpan.FromDays(3));
        }
        await Database.Get<RecalculateSegments>().HandleAsync();

        List<(Guid Id, DateTime? Last, int Purchases, long Spend, RfmSegment Segment)> profiles;
        await using (var db = Database.Open())
            profiles = (await db.CustomerProfiles.Where(p => p.PartnerId == Scenario.Partner.Id && p.Segment != null).ToListAsync())
                .Select(p => (p.CustomerId, p.LastPurchaseAt, p.PurchasesTotal, p.SpendTotal, p.Segment!.Value)).ToList();
        var segment = profiles.GroupBy(p => p.Segment).OrderByDescending(g => g.Count()).First();
        Assert.True(segment.Count() >= 2, "the data should put several members in one segment");
        var list = Database.Get<ListSegmentMembers>();

        foreach (var (sort, descending, expected) in new (string?, bool, IEnumerable<Guid>)[]
        {
            (null, true, segment.OrderByDescending(p => p.Last).ThenByDescending(p => p.Id).Select(p => p.Id)),
            ("LastPurchaseAt", false, segment.OrderBy(p => p.Last).ThenBy(p => p.Id).Select(p => p.Id)),
            ("Spend", true, segment.OrderByDescending(p => p.Spend).ThenByDescending(p => p.Id).Select(p => p.Id)),
            ("Purchases", false, segment.OrderBy(p => p.Purchases).ThenBy(p => p.Id).Select(p => p.Id)),
        })
        {
            var seen = new List<Guid>();
            for (var page = 0; page < 10; page++)
            {
                var (items, total) = await list.HandleAsync(new SegmentMembersQuery(Scenario.Partner.Id, segment.Key, page, 1, sort, descending));
                Assert.Equal(segment.Count(), total);
                if (items.Count == 0) break;
                Assert.StartsWith("Member", items[0].Name);
                seen.AddRange(items.Select(r => r.CustomerId));
            }
            // Guids order differently in .NET and in the database's text; compare ties by set, the rest by position.
            Assert.Equal(expected.ToHashSet(), seen.ToHashSet());
            if (sort is "Spend") Assert.Equal(segment.Select(p => p.Spend).OrderDescending(), seen.Select(id => segment.Single(p => p.Id == id).Spend));
            if (sort is null) Assert.Equal(segment.Select(p => p.Last).OrderDescending(), seen.Select(id => segment.Single(p => p.Id == id).Last));
        }

        // Another scope counts and lists its own profiles in the segment, not this partner's.
        List<Guid> theirProfiles;
        await using (var db = Database.Open())
            theirProfiles = await db.CustomerProfiles.Where(p => p.PartnerId == other.Partner.Id && p.Segment == segment.Key).Select(p => p.CustomerId).ToListAsync();
        var theirs = await list.HandleAsync(new SegmentMembersQuery(other.Partner.Id, segment.Key, 0, 50, null, true));
        Assert.Equal(theirProfiles.Count, theirs.Total);
        Assert.Equal(theirProfiles.ToHashSet(), theirs.Items.Select(r => r.CustomerId).ToHashSet());
    }
}
