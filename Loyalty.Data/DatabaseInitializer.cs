using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Data;

/// <summary>Creates the SQLite folder, switches the file to WAL and applies pending migrations.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<LoyaltyDbContext> factory, ConnectionInfo connection, DatabaseOptions options, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (connection.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }

        await using var db = factory.CreateDbContext();
        if (options.MigrateOnStartup)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }
        }

        if (connection.Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await SeedBusinessAreasAsync(db, cancellationToken);
    }

    /// <summary>
    /// The built-in business areas (decision 0180), by their stable ids: only missing rows are added, so the operator's
    /// renames and archiving survive every start.
    /// </summary>
    private static async Task SeedBusinessAreasAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var known = await db.BusinessAreas.Select(a => a.Id).ToListAsync(ct);
        var missing = Loyalty.Core.Partners.BusinessArea.BuiltIn().Where(a => !known.Contains(a.Id)).ToList();
        if (missing.Count == 0) return;
        db.BusinessAreas.AddRange(missing);
        await db.SaveChangesAsync(ct);
    }
}
