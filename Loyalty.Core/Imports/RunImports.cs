using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Loyalty.Core.Imports;

public sealed record ImportRun(int Completed, int Failed);

/// <summary>
/// The background step (Quartz, every few seconds): takes unfinished imports oldest first and carries each on from
/// where it stopped — so an import survives a restart. When one completes, the partner's and the coalition's customer
/// profiles and RFM are recalculated at once, so imported history shows in segments and analytics straight away.
/// </summary>
public sealed class RunImports(ILoyaltyDbFactory dbs, TimeProvider clock, ImportOptions options, RecalculateSegments segments, ILogger<RunImports> logger) : IUseCase
{
    public async Task<ImportRun> HandleAsync(CancellationToken ct = default)
    {
        int completed = 0, failed = 0;
        while (!ct.IsCancellationRequested)
        {
            DataImport? import;
            await using (var db = dbs.Create())
            {
                import = await db.DataImports.AsNoTracking()
                    .Where(i => i.Status == ImportStatus.Queued || i.Status == ImportStatus.Staging || i.Status == ImportStatus.Applying)
                    .OrderBy(i => i.CreatedAt).FirstOrDefaultAsync(ct);
            }
            if (import is null) break;
            try
            {
                await RunOneAsync(import, ct);
                completed++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Import {Import} failed", import.Id);
                await using var db = dbs.Create();
                await using var tx = await db.BeginWriteAsync(CancellationToken.None);
                await db.DataImports.Where(i => i.Id == import.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, ImportStatus.Failed).SetProperty(i => i.CompletedAt, clock.GetUtcNow().UtcDateTime)
                    .SetProperty(i => i.Error, ex.Message.Length > 500 ? ex.Message[..500] : ex.Message), CancellationToken.None);
                await tx.CommitAsync(CancellationToken.None);
                failed++;
            }
        }
        return new ImportRun(completed, failed);
    }

    /// <summary>Runs one import to the end (also used directly by the benchmark).</summary>
    public async Task RunOneAsync(DataImport import, CancellationToken ct, bool recalculateProfiles = true)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (import.Status == ImportStatus.Queued)
        {
            await using var db = dbs.Create();
            await db.DataImports.Where(i => i.Id == import.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImportStatus.Staging).SetProperty(i => i.StartedAt, now), ct);
        }
        if (import.Kind == ImportKind.Receipts)
        {
            await new ImportReceipts(dbs, clock, options).RunAsync(import, ct);
        }
        else
        {
            await new ImportCustomers(dbs, clock).RunAsync(import, ct);
        }

        await using (var db = dbs.Create())
        {
            await using var tx = await db.BeginWriteAsync(ct);
            // Each chunk deletes its own staging rows; this only catches what an interrupted older run left.
            await db.StagedReceipts.Where(s => s.ImportId == import.Id).ExecuteDeleteAsync(ct);
            await db.StagedReceiptItems.Where(s => s.ImportId == import.Id).ExecuteDeleteAsync(ct);
            await db.ImportedMembers.Where(s => s.ImportId == import.Id).ExecuteDeleteAsync(ct);
            var done = await db.DataImports.AsNoTracking().FirstAsync(i => i.Id == import.Id, ct);
            await db.DataImports.Where(i => i.Id == import.Id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ImportStatus.Completed).SetProperty(i => i.CompletedAt, clock.GetUtcNow().UtcDateTime)
                .SetProperty(i => i.BytesRead, i => i.SizeBytes), ct);
            db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "import.completed", done.CreatedBy,
                $"{done.Kind} import of {done.FileName}: {done.ImportedRows} imported, {done.DuplicateRows} duplicates, {done.RejectedRows} rejected", done.PartnerId));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        try { File.Delete(import.StoredPath); } catch (IOException) { }
        if (import.Kind == ImportKind.Receipts && recalculateProfiles)
        {
            // Every scope: the partner's own and the coalition's profiles both include the imported receipts.
            await segments.HandleAsync(null, ct);
        }
    }
}
