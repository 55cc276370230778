using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Web.Infrastructure;

/// <summary>
/// Which database failures are worth retrying: another writer holds the file, the disk is full, the connection
/// dropped, a command timed out. Every write runs in one transaction, so such a failure leaves nothing half-written
/// and the caller may send the same request (same Idempotency-Key) again. Constraint violations and bugs are not
/// transient. docs/decisions/0112.
/// </summary>
internal static class DatabaseFaults
{
    public const string ProblemType = "database-unavailable";

    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PROTOCOL.
    private static readonly HashSet<int> TransientSqlite = [5, 6, 10, 13, 14, 15];

    public static bool IsTransient(Exception? exception) => exception switch
    {
        null => false,
        SqliteException sqlite => TransientSqlite.Contains(sqlite.SqliteErrorCode),
        // Number 2627/2601 (duplicate key), 547 (constraint) and friends are the caller's problem, not the database's.
        SqlException sql => sql.Number is -2 or 53 or 64 or 233 or 1205 or 1222 or 4060 or 10053 or 10054 or 10060 or 40197 or 40501 or 40613 or 49918 or 49919 or 49920 or 1105 or 9002,
        TimeoutException => true,
        RetryLimitExceededException => true,
        DbUpdateException or InvalidOperationException or AggregateException => IsTransient(exception.InnerException),
        _ => false,
    };
}
