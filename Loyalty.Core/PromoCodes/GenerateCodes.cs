using System.Data.Common;
using System.Text;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Loyalty.Core.PromoCodes;

/// <summary>What one run of the generation job did.</summary>
public sealed record GenerationRun(int ChunksWritten, IReadOnlyList<int> CompletedBatches);

/// <summary>
/// Generates the codes of every approved batch, chunk by chunk. Each chunk: fresh random codes → print-file segment
/// (temporary file) → one transaction with raw prepared INSERTs of (id, HMAC) and the batch's progress → rename of the
/// segment. A crash anywhere leaves either a committed chunk or nothing, so the next run continues with the next chunk
/// and the batch ends with exactly the requested count, no duplicates (ids are (batch, serial); hashes are unique).
/// </summary>
public sealed class GenerateCodes(ILoyaltyDbFactory dbs, TimeProvider clock, PromoCodeHasher hasher, PrintFiles files) : IUseCase
{
    /// <summary>Called after each committed chunk; tests and the benchmark use it to stop mid-batch.</summary>
    public Action<int, int>? AfterChunk { get; set; }

    public async Task<GenerationRun> HandleAsync(CancellationToken ct = default)
    {
        List<int> pending;
        await using (var db = dbs.Create())
        {
            pending = await db.CodeBatches.AsNoTracking().Where(b => b.Status == CodeBatchStatus.Generating)
                .OrderBy(b => b.Number).Select(b => b.Number).ToListAsync(ct);
        }
        var chunks = 0;
        var completed = new List<int>();
        foreach (var number in pending)
        {
            var (written, done) = await GenerateBatchAsync(number, ct);
            chunks += written;
            if (done) completed.Add(number);
        }
        return new GenerationRun(chunks, completed);
    }

    private async Task<(int Written, bool Done)> GenerateBatchAsync(int number, CancellationToken ct)
    {
        CodeBatch batch;
        await using (var db = dbs.Create())
            batch = await db.CodeBatches.AsNoTracking().FirstAsync(b => b.Number == number, ct);
        files.Recover(number, batch.ChunksDone);

        var written = 0;
        // One set of arrays for the whole batch: a million-code chunk is ~60 MB, and reallocating it per chunk would
        // leave the large-object heap holding several.
        var buffer = new Chunk(Math.Min(batch.ChunkSize, batch.Quantity));
        for (var chunk = batch.ChunksDone; chunk < batch.ChunkCount; chunk++)
        {
            ct.ThrowIfCancellationRequested();
            var firstSerial = chunk * batch.ChunkSize + 1;
            var count = (int)Math.Min(batch.ChunkSize, batch.Quantity - (long)chunk * batch.ChunkSize);
            // A hash collision between two 80-bit random codes is astronomically unlikely, but the unique index would
            // refuse the chunk; a fresh draw of the whole chunk (codes and segment) keeps the batch exact.
            for (var attempt = 1; ; attempt++)
            {
                var codes = DrawChunk(buffer, count, firstSerial);
                var segment = files.SegmentPath(number, chunk);
                await WriteSegmentAsync(segment, codes, ct);
                try
                {
                    await CommitChunkAsync(number, chunk, codes, ct);
                    PrintFiles.Publish(segment);
                    break;
                }
                catch (DbException) when (attempt < 3)
                {
                    File.Delete(segment + ".tmp");
                }
            }
            written++;
            AfterChunk?.Invoke(number, chunk);
        }

        // Only now, with every segment published, is the batch complete: a crash after the last commit but before its
        // rename leaves the batch Generating, and the next run's Recover publishes the segment and lands here.
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = dbs.Create())
        {
            await using var tx = await db.BeginWriteAsync(ct);
            await db.CodeBatches.Where(b => b.Number == number && b.Status == CodeBatchStatus.Generating && b.ChunksDone == batch.ChunkCount)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, CodeBatchStatus.Generated).SetProperty(b => b.GeneratedAt, now), ct);
            await tx.CommitAsync(ct);
        }
        return (written, true);
    }

    /// <summary>The codes of one chunk: plaintext (for the print file), ids and hashes (for the database).</summary>
    internal sealed class Chunk(int capacity)
    {
        public readonly char[] Text = new char[capacity * PromoCodeFormat.NormalizedLength];
        public readonly byte[] Hashes = new byte[capacity * PromoCodeHasher.HashLength];
        public readonly int[] Order = new int[capacity];
        public readonly ulong[] SortKeys = new ulong[capacity];
        public int FirstSerial;
        public int Count;
    }

    private Chunk DrawChunk(Chunk chunk, int count, int firstSerial)
    {
        chunk.FirstSerial = firstSerial;
        chunk.Count = count;
        Span<byte> scratch = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            var text = chunk.Text.AsSpan(i * PromoCodeFormat.NormalizedLength, PromoCodeFormat.NormalizedLength);
            var hash = chunk.Hashes.AsSpan(i * PromoCodeHasher.HashLength, PromoCodeHasher.HashLength);
            PromoCodeFormat.Generate(text, scratch);
            hasher.Hash(text, hash);
            chunk.Order[i] = i;
            chunk.SortKeys[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
        }
        // Inserting in hash order walks the unique index once from left to right instead of jumping to a random page
        // per row: at millions of rows this is the difference between sequential and random I/O. The first 8 bytes
        // order the rows as the index does (blob comparison is bytewise); ties are harmless.
        Array.Sort(chunk.SortKeys, chunk.Order, 0, count);
        return chunk;
    }

    private async Task WriteSegmentAsync(string path, Chunk chunk, CancellationToken ct)
    {
        await using var stream = files.CreateTemporary(path);
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20))
        {
            var prefix = files.QrUrl("");
            var display = new char[PromoCodeFormat.DisplayLength];
            for (var i = 0; i < chunk.Count; i++)
            {
                var text = chunk.Text.AsMemory(i * PromoCodeFormat.NormalizedLength, PromoCodeFormat.NormalizedLength);
                PromoCodeFormat.WriteDisplay(text.Span, display);
                writer.Write(chunk.FirstSerial + i);
                writer.Write(',');
                CsvText.Write(writer, display);
                writer.Write(',');
                // The URL is the configured base (checked like any field) followed by the code (Crockford letters and digits).
                CsvText.Write(writer, prefix);
                writer.Write(text.Span);
                writer.Write('\n');
            }
            await writer.FlushAsync(ct);
            // The segment must be on disk before its chunk commits: after the commit it is the only copy of the codes.
            stream.Flush(flushToDisk: true);
        }
    }

    private async Task CommitChunkAsync(int number, int chunk, Chunk codes, CancellationToken ct)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true)
            await InsertSqliteAsync(connection, transaction, number, codes, ct);
        else
            await InsertBatchedAsync(connection, transaction, number, codes, ct);

        // Guarded on the chunk number: two generators racing on one batch cannot both record the same chunk.
        var updated = await db.CodeBatches.Where(b => b.Number == number && b.ChunksDone == chunk)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ChunksDone, chunk + 1), ct);
        if (updated != 1) throw DomainException.Conflict("batch-state", $"Batch {number} moved on while chunk {chunk} was generated.");
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// SQLite: one prepared INSERT executed per row inside the chunk's transaction. In-process, this is the fastest
    /// path (no SQL text per row, no EF change tracking); the larger page cache keeps the index pages the chunk walks.
    /// </summary>
    private static async Task InsertSqliteAsync(DbConnection connection, DbTransaction transaction, int number, Chunk codes, CancellationToken ct)
    {
        // A bigger page cache for the chunk's walk over the index, then this pooled connection's own setting back.
        object? previousCache;
        await using (var pragma = connection.CreateCommand())
        {
            pragma.Transaction = transaction;
            pragma.CommandText = "PRAGMA cache_size;";
            previousCache = await pragma.ExecuteScalarAsync(ct);
            pragma.CommandText = "PRAGMA cache_size=-65536;";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO \"PromoCodes\" (\"Id\", \"Hash\", \"Status\") VALUES ($id, $hash, 0)";
        var id = insert.CreateParameter();
        id.ParameterName = "$id";
        var hash = insert.CreateParameter();
        hash.ParameterName = "$hash";
        insert.Parameters.Add(id);
        insert.Parameters.Add(hash);
        insert.Prepare();
        var buffer = new byte[PromoCodeHasher.HashLength];
        foreach (var i in codes.Order.AsSpan(0, codes.Count))
        {
            id.Value = CodeBatch.CodeId(number, codes.FirstSerial + i);
            Buffer.BlockCopy(codes.Hashes, i * PromoCodeHasher.HashLength, buffer, 0, PromoCodeHasher.HashLength);
            hash.Value = buffer;
            insert.ExecuteNonQuery();
        }
        await using var reset = connection.CreateCommand();
        reset.Transaction = transaction;
        reset.CommandText = $"PRAGMA cache_size={Convert.ToInt64(previousCache, System.Globalization.CultureInfo.InvariantCulture)};";
        await reset.ExecuteNonQueryAsync(ct);
    }

    /// <summary>SQL Server: multi-row INSERTs of 500 rows (1,000 parameters, under the 2,100 limit) per round trip.</summary>
    private static async Task InsertBatchedAsync(DbConnection connection, DbTransaction transaction, int number, Chunk codes, CancellationToken ct)
    {
        const int rowsPerStatement = 500;
        for (var start = 0; start < codes.Count; start += rowsPerStatement)
        {
            var rows = Math.Min(rowsPerStatement, codes.Count - start);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO \"PromoCodes\" (\"Id\", \"Hash\", \"Status\") VALUES ");
            for (var r = 0; r < rows; r++)
            {
                var i = codes.Order[start + r];
                if (r > 0) sql.Append(',');
                sql.Append("(@i").Append(r).Append(", @h").Append(r).Append(", 0)");
                var id = insert.CreateParameter();
                id.ParameterName = "@i" + r;
                id.Value = CodeBatch.CodeId(number, codes.FirstSerial + i);
                var hash = insert.CreateParameter();
                hash.ParameterName = "@h" + r;
                hash.Value = codes.Hashes.AsSpan(i * PromoCodeHasher.HashLength, PromoCodeHasher.HashLength).ToArray();
                insert.Parameters.Add(id);
                insert.Parameters.Add(hash);
            }
            insert.CommandText = sql.ToString();
            await insert.ExecuteNonQueryAsync(ct);
        }
    }
}
