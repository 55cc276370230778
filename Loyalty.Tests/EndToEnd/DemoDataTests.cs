namespace Loyalty.Tests.EndToEnd;

/// <summary>The demo the README's first command seeds, read from the browser tests' app database.</summary>
[Collection(BrowserCollection.Name)]
public class DemoDataTests(BrowserFixture browser)
{
    /// <summary>Names go with the gender drawn: no "Sergey Ivanova" on a customer card.</summary>
    [Fact]
    public async Task DemoMembers_HaveNamesOfTheirGender()
    {
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={browser.App.DatabasePath}");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = """
            SELECT
              (SELECT COUNT(*) FROM "Customers" WHERE "Source" = 'demo' AND "Gender" = 1 AND ("LastName" LIKE '%ov' OR "FirstName" IN ('Nurlan', 'Sergey', 'Ivan', 'Timur'))),
              (SELECT COUNT(*) FROM "Customers" WHERE "Source" = 'demo' AND "Gender" = 2 AND ("LastName" LIKE '%ova' OR "FirstName" IN ('Aigerim', 'Dana', 'Olga', 'Anna'))),
              (SELECT COUNT(*) FROM "Customers" WHERE "Source" = 'demo' AND "Gender" IN (1, 2))
            """;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0L, reader.GetInt64(0));
        Assert.Equal(0L, reader.GetInt64(1));
        Assert.True(reader.GetInt64(2) >= 300, "The demo should hold its 300 members.");
    }
}
