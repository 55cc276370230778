using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Programs;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Customers;

/// <summary>The operator grid's segmentation filters (decision 0141) on real SQLite, alone and combined with the grid's own filters.</summary>
public class CustomerSegmentationTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private async Task<HashSet<string>> NamesAsync(CustomerSegmentation segmentation, string? search = null, string? city = null)
    {
        var page = await Database.Get<SearchCustomers>().HandleAsync(new CustomerQuery(search, 0, 100, City: city, Segmentation: segmentation), "KZ");
        Assert.Equal(page.Items.Count, page.Total);
        return page.Items.Select(r => r.Name).ToHashSet();
    }

    [Fact]
    public async Task Filters_ByAgeGenderTierActivitySpendAndRfm_EachAndCombined()
    {
        var today = DateOnly.FromDateTime(Now.AddDays(201)); // the day the filters run, after the purchases below
        var gold = new Tier("Gold", 2, 100_000_00, 500, 5000);
        var members = new Dictionary<string, Guid>();
        foreach (var name in new[] { "Young", "Adult", "Senior", "Nobody", "Lapsed" })
            members[name] = (await Scenario.RegisterAsync($"+7701557{members.Count:D4}", name)).Id;
        await using (var db = Database.Open())
        {
            db.Tiers.Add(gold);
            await db.SaveChangesAsync();
            async Task SetAsync(string name, DateOnly? birth, Gender gender) =>
                await db.Customers.Where(c => c.Id == members[name]).ExecuteUpdateAsync(s => s.SetProperty(c => c.BirthDate, birth).SetProperty(c => c.Gender, gender));
            await SetAsync("Young", today.AddYears(-20), Gender.Female);
            await SetAsync("Adult", today.AddYears(-30).AddDays(1), Gender.Male); // 29 until tomorrow
            await SetAsync("Senior", today.AddYears(-70), Gender.Female);
            await SetAsync("Lapsed", today.AddYears(-40), Gender.Male);
        }
        // Lapsed buys first; 200 days later the others buy; profiles are rebuilt the next day.
        await Scenario.BuyAsync(members["Lapsed"], 9_000m);
        Database.Clock.Advance(TimeSpan.FromDays(200));
        await Scenario.BuyAsync(members["Young"], 1_000m);
        await Scenario.BuyAsync(members["Adult"], 50_000m);
        await Scenario.BuyAsync(members["Senior"], 20_000m);
        Database.Clock.Advance(TimeSpan.FromDays(1));
        await Database.Get<RecalculateSegments>().HandleAsync();
        // Tiers last: purchases move members between the program's tiers.
        await using (var db = Database.Open())
            await db.Customers.Where(c => c.Id == members["Adult"] || c.Id == members["Senior"]).ExecuteUpdateAsync(s => s.SetProperty(c => c.TierId, gold.Id));

        Assert.Equal(["Young", "Adult"], await NamesAsync(new(AgeFrom: 18, AgeTo: 29)));
        Assert.Equal(["Adult", "Lapsed"], await NamesAsync(new(AgeFrom: 29, AgeTo: 40)));
        Assert.Equal(["Senior"], await NamesAsync(new(AgeFrom: 65)));
        Assert.Equal(["Young", "Senior"], await NamesAsync(new(Gender: Gender.Female)));
        Assert.Equal(["Adult", "Senior"], await NamesAsync(new(TierId: gold.Id)));
        Assert.Equal(["Young", "Adult", "Senior"], await NamesAsync(new(PurchasedWithinDays: 30)));
        // Lapsed: bought before, not in the last 30 days (a member who never bought is not lapsed).
        Assert.Equal(["Lapsed"], await NamesAsync(new(NoPurchaseForDays: 30)));
        // 12-month spend (minor units): Lapsed's purchase is 201 days old, still inside the year.
        Assert.Equal(["Lapsed", "Senior"], await NamesAsync(new(Spend12mFrom: 5_000_00, Spend12mTo: 25_000_00)));
        Assert.Equal(["Young"], await NamesAsync(new(Spend12mTo: 1_000_00)));
        await using (var db = Database.Open())
        {
            var adultSegment = await db.CustomerProfiles.Where(p => p.PartnerId == CustomerProfile.Coalition && p.CustomerId == members["Adult"]).Select(p => p.Segment).SingleAsync();
            Assert.NotNull(adultSegment);
            Assert.Contains("Adult", await NamesAsync(new(Rfm: adultSegment)));
            Assert.DoesNotContain("Nobody", await NamesAsync(new(Rfm: adultSegment)));
        }

        // Combined with each other and with the grid's own search and city filters.
        Assert.Equal(["Senior"], await NamesAsync(new(Gender: Gender.Female, TierId: gold.Id, PurchasedWithinDays: 30)));
        Assert.Equal(["Senior"], await NamesAsync(new(Gender: Gender.Female), search: "sen"));
        Assert.Empty(await NamesAsync(new(Gender: Gender.Female), city: "Nowhere"));
        Assert.Equal(5, (await NamesAsync(new())).Count);

        var wrong = await Assert.ThrowsAsync<ValidationException>(() => NamesAsync(new(AgeFrom: 40, AgeTo: 20)));
        Assert.Contains("ageTo", wrong.Errors.Keys);
        await Assert.ThrowsAsync<ValidationException>(() => NamesAsync(new(Spend12mFrom: -1)));
        await Assert.ThrowsAsync<ValidationException>(() => NamesAsync(new(PurchasedWithinDays: 0)));
    }
}
