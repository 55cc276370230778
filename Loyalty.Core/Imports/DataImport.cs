namespace Loyalty.Core.Imports;

public enum ImportKind : byte
{
    Receipts = 0,
    Customers = 1,
}

public enum ImportStatus : byte
{
    /// <summary>Uploaded; the background job has not picked it up yet.</summary>
    Queued = 0,

    /// <summary>Reading and merging the file chunk by chunk (resumes after the last committed chunk).</summary>
    Staging = 1,

    /// <summary>Not set any more (older versions staged the whole file, then merged); resumed like <see cref="Staging"/>.</summary>
    Applying = 2,

    Completed = 3,
    Failed = 4,
}

/// <summary>
/// One uploaded file of a partner's history (receipts) or customer base, processed in the background by a Quartz job
/// that survives restarts: every step commits its progress, and re-running a step is harmless (decision 0103).
/// </summary>
public class DataImport
{
    public const int FileNameMaxLength = 200;

    private DataImport() { }

    public DataImport(Guid id, Guid partnerId, ImportKind kind, string fileName, string storedPath, long sizeBytes, bool earnPoints, string createdBy, DateTime createdAt)
    {
        Id = id;
        PartnerId = partnerId;
        Kind = kind;
        FileName = fileName;
        StoredPath = storedPath;
        SizeBytes = sizeBytes;
        EarnPoints = earnPoints;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public ImportKind Kind { get; private set; }
    public string FileName { get; private set; } = "";

    /// <summary>Where the upload was saved (the import folder); deleted once the import completes.</summary>
    public string StoredPath { get; private set; } = "";

    public long SizeBytes { get; private set; }

    /// <summary>Imported receipts earn points through the ledger (usually not: history was rewarded by the old program).</summary>
    public bool EarnPoints { get; private set; }

    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public ImportStatus Status { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }

    /// <summary>Bytes of the file read and committed to staging, for the progress bar.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The last data line committed to staging (lines count from 1, the header included).</summary>
    public int StagedThroughLine { get; private set; }

    /// <summary>The last staged line merged into the live tables.</summary>
    public int AppliedThroughLine { get; private set; }

    public int TotalRows { get; private set; }
    public int ImportedRows { get; private set; }
    public int DuplicateRows { get; private set; }
    public int RejectedRows { get; private set; }

    /// <summary>Members created because no member had the row's phone (receipts) or the base's phone (customers).</summary>
    public int CreatedCustomers { get; private set; }

    /// <summary>Existing members the rows were matched to (customer bases).</summary>
    public int MatchedCustomers { get; private set; }

    public string? Error { get; private set; }
}

public enum ImportIssueKind : byte
{
    /// <summary>The row was not imported.</summary>
    Rejected = 0,

    /// <summary>The row was already there (same receipt, or the same member twice); nothing was added twice.</summary>
    Duplicate = 1,

    /// <summary>The row was merged, but part of it disagreed with what the member already had, which was kept.</summary>
    Conflict = 2,
}

/// <summary>A row worth reporting: its line in the file, what happened and why, for the downloadable validation report.</summary>
public class ImportIssue
{
    public const int ReasonMaxLength = 300;

    private ImportIssue() { }

    public ImportIssue(Guid importId, int line, ImportIssueKind kind, string reason)
    {
        ImportId = importId;
        Line = line;
        Kind = kind;
        Reason = reason.Length <= ReasonMaxLength ? reason : reason[..ReasonMaxLength];
    }

    public long Id { get; private set; }
    public Guid ImportId { get; private set; }
    public int Line { get; private set; }
    public ImportIssueKind Kind { get; private set; }
    public string Reason { get; private set; } = "";
}

/// <summary>
/// A valid receipt row waiting to be merged set-based. Ids are decided when the row is staged (so a resumed merge
/// inserts the same purchase id, and a row's items find their purchase).
/// </summary>
public class StagedReceipt
{
    private StagedReceipt() { }

    public Guid ImportId { get; private set; }
    public int Line { get; private set; }
    public Guid PurchaseId { get; private set; }

    /// <summary>The id a new member gets if no member has this phone.</summary>
    public Guid NewCustomerId { get; private set; }

    public Guid StoreId { get; private set; }
    public string? Phone { get; private set; }
    public string? CardNumber { get; private set; }
    public Guid? CustomerId { get; private set; }
    public string ReceiptNumber { get; private set; } = "";
    public DateTime OccurredAt { get; private set; }
    public long Amount { get; private set; }
}

public class StagedReceiptItem
{
    private StagedReceiptItem() { }

    public long Id { get; private set; }
    public Guid ImportId { get; private set; }
    public int Line { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Category { get; private set; }
    public decimal Quantity { get; private set; }
    public long Price { get; private set; }
}
