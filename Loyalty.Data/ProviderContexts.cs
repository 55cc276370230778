using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace Loyalty.Data;

/// <summary>The embedded default; migrations in Migrations/Sqlite.</summary>
public sealed class SqliteLoyaltyDbContext(DbContextOptions<SqliteLoyaltyDbContext> options) : LoyaltyDbContext(options)
{
    /// <summary>One gate per database file: SQLite allows one writer, so this process's writers take turns here.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriterGates = new();

    public override async Task<IDbContextTransaction> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        var gate = WriterGates.GetOrAdd(Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return new GatedTransaction(await Database.BeginTransactionAsync(cancellationToken), gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }
}

/// <summary>Production; migrations in Migrations/SqlServer.</summary>
public sealed class SqlServerLoyaltyDbContext(DbContextOptions<SqlServerLoyaltyDbContext> options) : LoyaltyDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build the SQLite context without starting the web app.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLoyaltyDbContext>
{
    public SqliteLoyaltyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLoyaltyDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server context and script its migrations; no server is contacted.</summary>
internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerLoyaltyDbContext>
{
    public SqlServerLoyaltyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerLoyaltyDbContext>().UseSqlServer("Server=.;Database=Loyalty;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
