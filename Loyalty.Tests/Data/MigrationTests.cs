using Loyalty.Data;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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

    /// <summary>
    /// The profiles are kept in key order on SQLite, as SQL Server's clustered key keeps them (0190): a partner's rows side
    /// by side. Proved on the migrated database and on the copy a later migration would make when it rebuilds the table.
    /// </summary>
    [Fact]
    public async Task CustomerProfiles_AreAWithoutRowidTable_WithTheirIndexes_AndARebuildKeepsThemSo()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = (LoyaltyDbContext)database.Open();

        var table = await db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'CustomerProfiles'").SingleAsync();
        Assert.EndsWith("WITHOUT ROWID", table.TrimEnd());
        var indexes = await db.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'CustomerProfiles' AND sql IS NOT NULL").ToListAsync();
        var modelled = db.Model.FindEntityType(typeof(Loyalty.Core.Segments.CustomerProfile))!.GetIndexes().Select(i => i.GetDatabaseName()).ToList();
        Assert.Equal(modelled.Order(), indexes.Order());

        var rebuild = db.GetService<IMigrationsSqlGenerator>().Generate(
        [
            new Microsoft.EntityFrameworkCore.Migrations.Operations.CreateTableOperation
            {
                Name = "ef_temp_CustomerProfiles",
                Columns = { new() { Name = "PartnerId", Table = "ef_temp_CustomerProfiles", ClrType = typeof(string), ColumnType = "TEXT" } },
            },
            new Microsoft.EntityFrameworkCore.Migrations.Operations.CreateTableOperation
            {
                Name = "Elsewhere",
                Columns = { new() { Name = "Id", Table = "Elsewhere", ClrType = typeof(string), ColumnType = "TEXT" } },
            },
        ]);
        Assert.Contains("WITHOUT ROWID", rebuild[0].CommandText);
        Assert.DoesNotContain("WITHOUT ROWID", rebuild[1].CommandText);
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
