using Microsoft.Data.Sqlite;

namespace Loyalty.Data;

/// <summary>
/// Online backup and offline restore of the SQLite database (docs/decisions/0111).
/// The backup copies one consistent snapshot through SQLite's backup API while tills keep writing: in WAL mode the
/// copy is a reader, so writers are not blocked and the snapshot is the state at one commit. The copy is checked
/// with <c>PRAGMA integrity_check</c> before it is reported as good. SQL Server has its own BACKUP DATABASE.
/// </summary>
public static class SqliteBackup
{
    public sealed record Result(string Path, long Bytes, TimeSpan Took);

    public static async Task<Result> BackupAsync(string connectionString, string destination, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        destination = Path.GetFullPath(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        // Written next to the destination and renamed at the end: a half-written file never carries the final name.
        var partial = destination + ".partial";
        File.Delete(partial);
        await using (var source = new SqliteConnection(ReadOnly(connectionString)))
        await using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            await source.OpenAsync(ct);
            await target.OpenAsync(ct);
            source.BackupDatabase(target);
            // A standalone file: the copy keeps no WAL beside it, so it can be copied or mailed as one file.
            await ExecuteAsync(target, "PRAGMA journal_mode=DELETE;", ct);
            var check = await ScalarAsync(target, "PRAGMA integrity_check;", ct);
            if (check != "ok") throw new InvalidOperationException($"The backup failed its integrity check: {check}");
        }
        File.Move(partial, destination, overwrite: true);
        return new Result(destination, new FileInfo(destination).Length, started.Elapsed);
    }

    /// <summary>
    /// Replaces the database file with a backup. Every app node must be stopped: a running node would keep writing
    /// to the replaced file's WAL. The file being replaced is kept beside it as <c>*.before-restore-*</c>.
    /// </summary>
    public static async Task<string?> RestoreAsync(string connectionString, string backup, DateTime now, CancellationToken ct = default)
    {
        if (!File.Exists(backup)) throw new FileNotFoundException("No backup at " + backup, backup);
        await using (var check = new SqliteConnection(ReadOnly($"Data Source={backup}")))
        {
            await check.OpenAsync(ct);
            var result = await ScalarAsync(check, "PRAGMA integrity_check;", ct);
            if (result != "ok") throw new InvalidOperationException($"The backup failed its integrity check: {result}");
        }
        SqliteConnection.ClearAllPools();

        var target = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string? kept = null;
        if (File.Exists(target))
        {
            // Fold the WAL into the old file first so the kept copy is whole on its own.
            await using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
            {
                await old.OpenAsync(ct);
                await ExecuteAsync(old, "PRAGMA wal_checkpoint(TRUNCATE);", ct);
            }
            kept = $"{target}.before-restore-{now:yyyyMMddHHmmss}";
            File.Move(target, kept);
        }
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(target + suffix);
        var incoming = target + ".restoring";
        File.Copy(backup, incoming, overwrite: true);
        File.Move(incoming, target);
        await using (var restored = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            await restored.OpenAsync(ct);
            await ExecuteAsync(restored, "PRAGMA journal_mode=WAL;", ct);
        }
        return kept;
    }

    private static string ReadOnly(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 60 }.ToString();

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync(ct))?.ToString();
    }
}
