namespace Loyalty.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Bound from the <c>Database</c> section; the connection string is <c>ConnectionStrings:Loyalty</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Loyalty";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations at start-up. On by default; turn off where a DBA applies the SQL script.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// SQLite: how long a write waits for another writer (another process on the same file, a backup, a long job)
    /// before the request fails with a retryable 503. Thirty seconds by default.
    /// </summary>
    public int BusyTimeoutSeconds { get; set; } = 30;
}
