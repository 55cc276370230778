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
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await EnsureAuditSearchAsync(db, cancellationToken);
        }
        await SeedBusinessAreasAsync(db, cancellationToken);
    }

    /// <summary>The FTS5 table the data log's text search reads on SQLite (decision 0182).</summary>
    public const string AuditSearchTable = "AuditSearch";

    /// <summary>
    /// The data log's text index on SQLite (decision 0182): an FTS5 trigram index over each event's kind, actor and summary,
    /// reading the text from AuditEvents itself (external content, so nothing is stored twice but the index), and kept in
    /// step by a trigger on the same insert, so every writer (EF, raw SQL, imports) is covered and nothing can forget it.
    /// Built here rather than in a migration: it is SQLite-only, and a SQLite migration that rebuilds AuditEvents drops the
    /// trigger, which this recreates at the next start. The log is append-only, so no update or delete triggers are needed.
    /// </summary>
    private async Task EnsureAuditSearchAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var exists = await db.Database.SqlQueryRaw<long>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = '{AuditSearchTable}'")
            .SingleAsync(ct) > 0;
        if (!exists)
        {
            logger.LogInformation("Building the data log's search index (once)");
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE VIRTUAL TABLE "{AuditSearchTable}" USING fts5("Kind", "Actor", "Summary", content='AuditEvents', content_rowid='Id', tokenize='trigram');
                INSERT INTO "{AuditSearchTable}"("{AuditSearchTable}") VALUES ('rebuild');
                """, ct);
        }
        await db.Database.ExecuteSqlRawAsync($"""
            CREATE TRIGGER IF NOT EXISTS "AuditEvents_Search" AFTER INSERT ON "AuditEvents" BEGIN
                INSERT INTO "{AuditSearchTable}"(rowid, "Kind", "Actor", "Summary") VALUES (new."Id", new."Kind", new."Actor", new."Summary");
            END;
            """, ct);
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
