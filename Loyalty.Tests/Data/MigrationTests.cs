using Loyalty.Data;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Loyalty.Tests.Data;

public class MigrationTests
{
    [Fact]
    public async Task SqliteMigrations_ApplyToAnEmptyDatabase_AndLeaveNothingPending()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = (LoyaltyDbContext)database.Open();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.Equal("wal", journal.Single());
        Assert.Equal(0, await db.Customers.CountAsync());
    }

    /// <summary>The profiles were copied by hand into a new table (0190): every index the model declares is there again.</summary>
    [Fact]
    public async Task CustomerProfiles_CopiedByHand_HaveEveryModelledIndex()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = (LoyaltyDbContext)database.Open();

        var indexes = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'CustomerProfiles' AND sql IS NOT NULL").ToListAsync();
        var modelled = db.Model.FindEntityType(typeof(Loyalty.Core.Segments.CustomerProfile))!.GetIndexes().Select(i => i.GetDatabaseName()).ToList();
        Assert.Equal(modelled.Order(), indexes.Order());
    }

    /// <summary>
    /// Every write unit opens its own transaction; EF's retrying strategy (EnableRetryOnFailure) throws on the first command
    /// inside one, so the SQL Server registration must not use it (0240). Nothing here contacts a server.
    /// </summary>
    [Fact]
    public async Task SqlServerRegistration_AllowsTheWriteUnitsOwnTransactions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Loyalty"] = "Server=localhost;Database=loyalty;Integrated Security=true;TrustServerCertificate=true",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddLoyaltyData(configuration, Path.GetTempPath()).BuildServiceProvider();
        await using var db = (LoyaltyDbContext)services.GetRequiredService<Loyalty.Core.Common.ILoyaltyDbFactory>().Create();

        Assert.True(db.Database.IsSqlServer());
        Assert.False(db.Database.CreateExecutionStrategy().RetriesOnFailure);
    }

    [Fact]
    public void SqliteModel_HasNoChangesThatNoMigrationCaptures()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a SQLite migration (see README).");
    }

    [Fact]
    public void SqlServerModel_HasNoChangesThatNoMigrationCaptures()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: add a SQL Server migration (see README).");
    }

    [Fact]
    public void SqlServerIdempotentScript_IsGenerated_AndParsesAsValidTSql()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Customers]", script);
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Take(10).Select(e => $"line {e.Line}: {e.Message}")));
    }
}
