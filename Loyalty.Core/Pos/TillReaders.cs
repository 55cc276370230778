using System.Collections.Concurrent;
using System.Data.Common;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Pos;

/// <summary>
/// Contexts with an open connection, kept for the till's reads before the write (who the member is, their rates, the
/// campaigns that apply). A context from the factory opens a pooled connection and closes it again on every call, and a
/// closed connection loses the statements <see cref="RawSql"/> prepared on it: measured, renting, opening, preparing,
/// closing and resetting were most of the CPU of that read step. Kept open here, each statement is prepared once per
/// connection. Between uses a connection runs no statement and holds no transaction, so it keeps no read snapshot.
/// </summary>
public sealed class TillReaders(ILoyaltyDbFactory dbs) : IAsyncDisposable
{
    /// <summary>About the number of tills calling at once on one node; beyond it a context is closed rather than kept.</summary>
    private const int Kept = 32;

    private readonly ConcurrentBag<ILoyaltyDb> _idle = [];
    private volatile bool _disposed;

    /// <summary>Runs <paramref name="read"/> on a kept context; the work must not write and must not open a transaction.</summary>
    public async Task<T> ReadAsync<T>(Func<ILoyaltyDb, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        var db = _idle.TryTake(out var kept) ? kept : dbs.Create();
        var healthy = true;
        try
        {
            if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open) await OpenAsync(db, ct);
            return await read(db, ct);
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException)
        {
            // The connection may be broken or mid-statement: start the next read on a fresh one.
            healthy = false;
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
            if (healthy && !_disposed && _idle.Count < Kept) _idle.Add(db);
            else await db.DisposeAsync();
        }
    }

    /// <summary>
    /// A small page cache: SQLite empties a connection's cache whenever another connection has written since its last read,
    /// which at a busy till is before nearly every read, so a large one only costs the time to empty it (and memory).
    /// </summary>
    private static async Task OpenAsync(ILoyaltyDb db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var sql = await RawSql.OnAsync(db, ct);
        if (sql.IsSqlite) await sql.ExecuteAsync("PRAGMA cache_size = -2048", ct);
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var db)) await db.DisposeAsync();
    }
}
