using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Imports;

/// <summary>Where uploads are kept until their import completes, and how big one may be (<c>Imports</c> section).</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    public string Folder { get; set; } = "";

    public long MaxFileBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Lines read, staged and merged per write transaction: big enough to amortise the commit, small enough that the
    /// single SQLite writer (shared with the tills) is never held for more than a moment.
    /// </summary>
    public int ChunkRows { get; set; } = 50_000;
}

public sealed record ImportView(Guid Id, ImportKind Kind, string FileName, long SizeBytes, bool EarnPoints, ImportStatus Status, DateTime CreatedAt,
    DateTime? CompletedAt, long BytesRead, int TotalRows, int ImportedRows, int DuplicateRows, int RejectedRows, int CreatedCustomers,
    int MatchedCustomers, string? Error)
{
    /// <summary>0–100 for the progress bar: the share of the file read and merged (each chunk commits both together).</summary>
    public double Percent => Status switch
    {
        ImportStatus.Completed or ImportStatus.Failed => 100,
        ImportStatus.Queued => 0,
        _ => SizeBytes == 0 ? 0 : Math.Min(99, 100.0 * BytesRead / SizeBytes),
    };
}

/// <summary>
/// Saves an upload (streamed to disk, never held in memory) and queues it for the background job. CSV or an Excel
/// workbook (.xlsx, read row by row from its first sheet); the old binary .xls is refused (decision 0104).
/// </summary>
public sealed class StartImport(ILoyaltyDbFactory dbs, TimeProvider clock, ImportOptions options) : IUseCase
{
    public async Task<Guid> HandleAsync(Guid partnerId, ImportKind kind, string? fileName, Stream content, bool earnPoints, string actor, CancellationToken ct = default)
    {
        var name = Path.GetFileName(fileName ?? "").Trim();
        if (name.Length == 0 || name.Length > DataImport.FileNameMaxLength) name = kind == ImportKind.Receipts ? "receipts.csv" : "customers.csv";
        if (name.EndsWith(".xls", StringComparison.OrdinalIgnoreCase))
            throw ValidationException.For("file", "Old Excel files (.xls) cannot be read: save the sheet as Excel Workbook (.xlsx) or CSV (UTF-8) and upload that.");
        var workbook = TabularRows.IsWorkbook(name);
        if (kind == ImportKind.Customers && earnPoints) throw ValidationException.For("earnPoints", "Only receipts can earn points.");

        Directory.CreateDirectory(options.Folder);
        var id = Guid.CreateVersion7();
        var path = Path.Combine(options.Folder, $"{id:N}{(workbook ? ".xlsx" : ".csv")}");
        long size;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    if (file.Length + read > options.MaxFileBytes)
                        throw ValidationException.For("file", $"The file is larger than {options.MaxFileBytes / (1 << 20)} MB. Split it into parts.");
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                size = file.Length;
            }
            if (size == 0) throw ValidationException.For("file", "The file is empty.");
            IReadOnlyList<string> header;
            try
            {
                using var rows = TabularRows.Open(path);
                header = rows.ReadHeader() ?? [];
            }
            catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException)
            {
                throw ValidationException.For("file", "The file is not an Excel workbook (.xlsx) that can be read: open it in Excel and save it again, or save it as CSV.");
            }
            var missing = kind == ImportKind.Receipts ? ReceiptColumns.Check(header) : CustomerColumns.Check(header);
            if (missing is not null) throw ValidationException.For("file", missing);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        db.DataImports.Add(new DataImport(id, partnerId, kind, name, path, size, earnPoints, actor, now));
        db.AuditEvents.Add(new AuditEvent(now, "import.started", actor, $"{kind} import of {name} ({size:N0} bytes){(earnPoints ? ", earning points" : "")}", partnerId));
        await db.SaveChangesAsync(ct);
        return id;
    }
}

public sealed class ListImports(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<ImportView>> HandleAsync(Guid partnerId, int take = 50, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await Views(db.DataImports.AsNoTracking().Where(i => i.PartnerId == partnerId).OrderByDescending(i => i.CreatedAt).Take(take)).ToListAsync(ct);
    }

    internal static IQueryable<ImportView> Views(IQueryable<DataImport> q) => q.Select(i => new ImportView(i.Id, i.Kind, i.FileName, i.SizeBytes, i.EarnPoints,
        i.Status, i.CreatedAt, i.CompletedAt, i.BytesRead, i.TotalRows, i.ImportedRows, i.DuplicateRows, i.RejectedRows, i.CreatedCustomers, i.MatchedCustomers, i.Error));
}

public sealed class GetImport(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ImportView> HandleAsync(Guid partnerId, Guid id, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await ListImports.Views(db.DataImports.AsNoTracking().Where(i => i.Id == id && i.PartnerId == partnerId)).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("import-not-found", "No such import.");
    }
}

/// <summary>The validation report: every reported row in line order, streamed (keyset by id) as CSV.</summary>
public sealed class WriteImportReport(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task HandleAsync(Guid partnerId, Guid importId, TextWriter output, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        if (!await db.DataImports.AnyAsync(i => i.Id == importId && i.PartnerId == partnerId, ct))
            throw DomainException.NotFound("import-not-found", "No such import.");
        await output.WriteLineAsync("line,outcome,reason");
        long after = 0;
        while (true)
        {
            var page = await db.ImportIssues.AsNoTracking().Where(r => r.ImportId == importId && r.Id > after).OrderBy(r => r.Id).Take(5000)
                .Select(r => new { r.Id, r.Line, r.Kind, r.Reason }).ToListAsync(ct);
            foreach (var r in page.OrderBy(r => r.Line))
                await output.WriteLineAsync(CsvText.Row(r.Line, r.Kind.ToString().ToLowerInvariant(), r.Reason));
            if (page.Count < 5000) break;
            after = page[^1].Id;
        }
    }
}
