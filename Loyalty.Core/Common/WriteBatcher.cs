using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Common;

/// <summary>
/// Group commit for the till's hot path. SQLite has one writer, and committing cost a purchase as much as all its
/// statements (measured: ~400 µs of ~950 µs under the lock). So writes queue here and one loop runs them back to back
/// in one transaction, each inside its own savepoint, and commits once for the whole batch:
/// <list type="bullet">
/// <item>a unit that fails (not enough points, a duplicate receipt) is rolled back to its savepoint alone and its caller
/// gets the error at once; the others are unaffected;</item>
/// <item>callers get their results only after the batch has committed, so nothing is ever reported that could still be
/// lost; if the commit fails, every unit of the batch fails with it and nothing of them remains;</item>
/// <item>units run one after another, exactly as if each had its own transaction: a later one sees an earlier one's
/// writes (the same idempotency key twice in a batch is a replay).</item>
/// </list>
/// Providers that lock rows rather than the whole database (SQL Server) gain nothing from queueing, so there each unit
/// gets a transaction of its own (<see cref="ILoyaltyDbFactory.HasSingleWriter"/>).
/// <para>
/// Checkpoints (copying the write-ahead log's pages back into the database file) do not run inside this loop's commits,
/// where SQLite would run them by default: every caller of the batch that triggered one waited for thousands of page
/// copies and two fsyncs, which set the till's p99. A pass runs beside the writer on a connection of its own every
/// <see cref="CheckpointEveryBatches"/> batches. A log can only start over when it has been copied completely at the
/// moment a write begins, which a pass racing a busy writer rarely achieves; so once the log is
/// <see cref="RestartAtFrames"/> pages long the loop finishes the copy itself between two batches (the background
/// passes have already done nearly all of it) and the next batch starts the log over.
/// </para>
/// </summary>
public sealed class WriteBatcher : IAsyncDisposable
{
    /// <summary>Big enough to amortise a commit, small enough that the first unit does not wait long for the last.</summary>
    public const int MaxBatch = 32;

    private readonly ILoyaltyDbFactory _dbs;
    private readonly ILogger<WriteBatcher> _log;
    private readonly Channel<Unit> _queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _loop;
    private ILoyaltyDb? _writer;

    private const int CheckpointEveryBatches = 8;
    private const int RestartAtFrames = 8_000;
    private ILoyaltyDb? _checkpointer;
    /// <summary>The last background pass; its result is the log's length in pages when it ended.</summary>
    private Task<int> _checkpoint = Task.FromResult(0);
    private int _batchesSinceCheckpoint;

    public WriteBatcher(ILoyaltyDbFactory dbs, ILogger<WriteBatcher> log)
    {
        _dbs = dbs;
        _log = log;
        _loop = new Lazy<Task>(() => Task.Run(RunAsync), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside a write transaction and returns its result once that is committed. The work
    /// must not open a transaction of its own and must not keep the context.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<ILoyaltyDb, CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        if (!_dbs.HasSingleWriter)
        {
            await using var db = _dbs.Create();
            await using var tx = await db.BeginWriteAsync(ct);
            var result = await work(db, ct);
            await tx.CommitAsync(ct);
            return result;
        }

        var unit = new Unit(async (db, token) => await work(db, token), ct);
        if (!_queue.Writer.TryWrite(unit)) throw new ObjectDisposedException(nameof(WriteBatcher));
        _ = _loop.Value;
        return (T)(await unit.Completion.Task)!;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            var done = new List<(Unit Unit, object? Result)>(MaxBatch);
            Unit? current = null;
            try
            {
                var db = await WriterAsync();
                await using var tx = await db.BeginWriteAsync();
                // Savepoints as plain statements kept prepared for the batch (RawSql), in SQLite's spelling: batching
                // is only used where the database has a single writer.
                var sql = await RawSql.OnAsync(db, CancellationToken.None);
                while (done.Count < MaxBatch && reader.TryRead(out var unit))
                {
                    current = unit;
                    if (unit.Cancellation.IsCancellationRequested)
                    {
                        unit.Completion.TrySetCanceled(unit.Cancellation);
                        continue;
                    }
                    await sql.ExecuteAsync("SAVEPOINT unit", CancellationToken.None);
                    try
                    {
                        var result = await unit.Work(db, unit.Cancellation);
                        await sql.ExecuteAsync("RELEASE unit", CancellationToken.None);
                        done.Add((unit, result));
                    }
                    catch (Exception failure)
                    {
                        unit.Completion.TrySetException(failure);
                        await sql.ExecuteAsync("ROLLBACK TO unit", CancellationToken.None);
                        await sql.ExecuteAsync("RELEASE unit", CancellationToken.None);
                        db.ChangeTracker.Clear();
                    }
                }
                current = null;
                await tx.CommitAsync();
                db.ChangeTracker.Clear();
            }
            catch (Exception failure)
            {
                // The transaction is gone (disposing it rolled back): so are the effects of every unit it held. The
                // connection may be broken too, so the next batch starts on a fresh one.
                _log.LogError(failure, "A batch of {Count} writes failed to commit; each caller gets the error.", done.Count);
                await DropWriterAsync();
                foreach (var (unit, _) in done) unit.Completion.TrySetException(failure);
                current?.Completion.TrySetException(failure);
                // The write transaction could not even start (another process holds the file, the disk is gone):
                // the callers waiting now get the error (a retryable 503 at the API) rather than waiting behind a
                // loop that retries for as long as the fault lasts.
                if (done.Count == 0 && current is null)
                    while (reader.TryRead(out var waiting)) waiting.Completion.TrySetException(failure);
                continue;
            }
            foreach (var (unit, result) in done) unit.Completion.TrySetResult(result);
            await CheckpointAfterBatchAsync();
        }
    }

    /// <summary>Starts a background pass now and then, and finishes the copy here when the log has grown long (see the class notes).</summary>
    private async Task CheckpointAfterBatchAsync()
    {
        if (!_checkpoint.IsCompleted) return;
        if (_checkpoint.Result >= RestartAtFrames)
        {
            _checkpoint = Task.FromResult(0);
            try { await CheckpointAsync(await WriterAsync()); }
            catch (Exception failure) { _log.LogWarning(failure, "Checkpoint on the writer's connection failed; the next pass tries again."); }
            return;
        }
        if (++_batchesSinceCheckpoint < CheckpointEveryBatches) return;
        _batchesSinceCheckpoint = 0;
        _checkpoint = Task.Run(async () =>
        {
            try
            {
                if (_checkpointer is null)
                {
                    _checkpointer = _dbs.Create();
                    await _checkpointer.Database.OpenConnectionAsync();
                }
                return await CheckpointAsync(_checkpointer);
            }
            catch (Exception failure)
            {
                _log.LogWarning(failure, "Background checkpoint failed; the next pass tries again.");
                if (_checkpointer is { } broken) { _checkpointer = null; await broken.DisposeAsync(); }
                return 0;
            }
        });
    }

    /// <summary>A passive checkpoint never waits for readers or the writer; it returns the log's length in pages.</summary>
    private static async Task<int> CheckpointAsync(ILoyaltyDb db)
    {
        var sql = await RawSql.OnAsync(db, CancellationToken.None);
        await using var reader = await sql.ReaderAsync("PRAGMA wal_checkpoint(PASSIVE)", CancellationToken.None);
        return await reader.ReadAsync() ? reader.GetInt32(1) : 0;
    }

    /// <summary>
    /// The loop's own context, kept open between batches: its connection stays out of the pool, so its statements stay
    /// prepared and it never queues behind readers for the pool's lock (measured: preparing, opening and closing were a
    /// sixth of the writer's time when every batch took a pooled connection).
    /// </summary>
    private async Task<ILoyaltyDb> WriterAsync()
    {
        if (_writer is not null) return _writer;
        var db = _dbs.Create();
        try
        {
            await db.Database.OpenConnectionAsync();
            // Each unit runs in a savepoint, and SQLite keeps a savepoint's undo pages in a statement journal: a temporary
            // file by default. Measured with strace: two thirds of the writer's pwrite calls went to those files (a 4-byte
            // page number, the page, a checksum, for every page a unit touched first). In memory they cost a memcpy; the
            // journal lives only until the unit's RELEASE, so it holds a few dozen pages at most. Only this connection
            // changes: elsewhere a large sort may still spill to disk.
            await db.Database.ExecuteSqlRawAsync("PRAGMA temp_store = MEMORY;");
            // Its commits no longer checkpoint: see the class notes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_autocheckpoint = 0;");
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
        return _writer = db;
    }

    private async Task DropWriterAsync()
    {
        if (_writer is null) return;
        var writer = _writer;
        _writer = null;
        try { await writer.DisposeAsync(); }
        catch (Exception failure) { _log.LogWarning(failure, "The writer's connection could not be closed cleanly."); }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop.IsValueCreated) await _loop.Value;
        await _checkpoint;
        if (_checkpointer is { } checkpointer) await checkpointer.DisposeAsync();
        await DropWriterAsync();
    }

    private sealed record Unit(Func<ILoyaltyDb, CancellationToken, Task<object?>> Work, CancellationToken Cancellation)
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
