using Loyalty.Core.Customers;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Customers;

/// <summary>
/// The operator grid in balance order (decision 0200): pages walk the main balances' index, or sort a narrow filter's
/// matches; members without a main account count as zero. Whichever way a page is read, the pages together list every
/// matching member exactly once, in balance order, and the two ways give the same pages.
/// </summary>
public class CustomerBalanceSortTests : ScenarioTest
{
    private static readonly string[] Cities = ["Almaty", "Astana", "Taraz"];

    /// <summary>60 members: balances with ties and zeros, every fifth without a main account, two blocked, three cities.</summary>
    private async Task SeedAsync(bool everyoneHasAnAccount = false)
    {
        await using var db = Database.Open();
        for (var i = 0; i < 60; i++)
        {
            var id = Guid.CreateVersion7();
            var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i % 7 == 0 ? 0 : i); // some share a registration time
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Customers" ("Id", "Phone", "FirstName", "LastName", "Gender", "Language", "Status", "RegisteredAt", "Source", "City")
                VALUES ({id}, {"+7701990" + i.ToString("D4")}, {(i % 2 == 0 ? "Dana" : "Arman")}, {"Test" + i}, 0, 'ru', {(i % 29 == 3 ? 2 : 0)}, {at}, 'test', {Cities[i % 3]})
                """);
            if (!everyoneHasAnAccount && i % 5 == 4) continue;
            var key = Loyalty.Core.Points.LedgerAccount.KeyFor(Loyalty.Core.Points.AccountKind.CustomerMain, id);
            long balance = i % 6 == 0 ? 0 : (i * 37 % 11) * 1000;
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "LedgerAccounts" ("Kind", "Key", "CustomerId", "Balance") VALUES (0, {key}, {id}, {balance})""");
        }
    }

    private static IEnumerable<CustomerQuery> Filters()
    {
        yield return new CustomerQuery(null, 0, 7);
        yield return new CustomerQuery(null, 0, 7, City: "Astana");
        yield return new CustomerQuery("Dan", 0, 4);
        yield return new CustomerQuery("Dan", 0, 5, City: "taraz");
        yield return new CustomerQuery(null, 0, 3, Status: CustomerStatus.Blocked);
        yield return new CustomerQuery("+77019900012", 0, 7);
        yield return new CustomerQuery("Nobody", 0, 7);
    }

    private async Task<List<CustomerRow>> AllPagesAsync(SearchCustomers search, CustomerQuery filter, bool descending)
    {
        var rows = new List<CustomerRow>();
        for (var page = 0; ; page++)
        {
            var found = await search.HandleAsync(filter with { Page = page, SortBy = "Balance", Descending = descending }, "KZ");
            rows.AddRange(found.Items);
            if (found.Items.Count < filter.PageSize) return rows;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryMemberOnce_InBalanceOrder_TheSameWhetherWalkedOrSorted(bool everyoneHasAnAccount)
    {
        await SeedAsync(everyoneHasAnAccount);
        var walked = new SearchCustomers(Database.Dbs, Database.Clock);
        var sorted = new SearchCustomers(Database.Dbs, Database.Clock) { BalanceWalkLimit = 0 };
        foreach (var filter in Filters())
        {
            var expected = (await walked.HandleAsync(filter with { PageSize = 100 }, "KZ")).Items.Select(r => r.Id).Order().ToList();
            foreach (var descending in new[] { true, false })
            {
                var because = $"{filter}, descending {descending}";
                var rows = await AllPagesAsync(walked, filter, descending);
                Assert.True(expected.SequenceEqual(rows.Select(r => r.Id).Order()), because);
                var balances = rows.Select(r => r.Balance).ToList();
                Assert.True((descending ? balances.OrderDescending() : balances.Order()).SequenceEqual(balances), because);
                Assert.True(rows.Select(r => r.Id).SequenceEqual((await AllPagesAsync(sorted, filter, descending)).Select(r => r.Id)), because);
                Assert.Equal(expected.Count, (await walked.HandleAsync(filter with { SortBy = "Balance", Descending = descending }, "KZ")).Total);
            }
        }
    }

    [Fact]
    public async Task ABalanceIsTheMainAccounts_AndAMemberWithoutOneShowsZero()
    {
        await SeedAsync();
        var rows = await AllPagesAsync(Database.Get<SearchCustomers>(), new CustomerQuery(null, 0, 100), descending: true);
        await using var db = Database.Open();
        var balances = await db.LedgerAccounts.Where(a => a.Kind == Loyalty.Core.Points.AccountKind.CustomerMain).ToDictionaryAsync(a => a.CustomerId!.Value, a => a.Balance);
        Assert.All(rows, r => Assert.Equal(balances.GetValueOrDefault(r.Id), r.Balance));
        Assert.Equal(10_000, rows[0].Balance);
        Assert.Contains(rows, r => !balances.ContainsKey(r.Id));
    }
}
