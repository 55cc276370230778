using Loyalty.Core.Common;

namespace Loyalty.Core.PromoCodes;

public enum CodeBatchStatus
{
    /// <summary>Approved; the generation job has not finished it yet.</summary>
    Generating,

    /// <summary>All codes exist and the print files are ready.</summary>
    Generated,

    /// <summary>The printer has the files and the packaging is in circulation.</summary>
    Shipped,

    /// <summary>Every code of the batch is blocked (e.g. a stolen print run).</summary>
    Blocked,
}

/// <summary>
/// The codes of one approved application. Generation runs in numbered chunks of <see cref="ChunkSize"/> codes: a chunk's
/// rows and its print-file segment are committed together with <see cref="ChunksDone"/>, so after a crash the job
/// continues at the next chunk and the batch ends with exactly <see cref="Quantity"/> codes.
/// </summary>
public class CodeBatch
{
    /// <summary>Code ids are <c>(batch number &lt;&lt; 32) + serial</c>: a batch's codes form one key range, so serial ranges block without another index.</summary>
    public const int SerialBits = 32;

    private CodeBatch() { }

    public CodeBatch(int number, Guid partnerId, Guid productId, Guid applicationId, int quantity, int chunkSize, DateTime createdAt)
    {
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize));
        Number = number;
        PartnerId = partnerId;
        ProductId = productId;
        ApplicationId = applicationId;
        Quantity = quantity;
        ChunkSize = chunkSize;
        CreatedAt = createdAt;
        Status = CodeBatchStatus.Generating;
    }

    /// <summary>Sequential batch number, also the high half of its codes' ids.</summary>
    public int Number { get; private set; }

    public Guid PartnerId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid ApplicationId { get; private set; }
    public int Quantity { get; private set; }
    public int ChunkSize { get; private set; }
    public int ChunksDone { get; private set; }
    public CodeBatchStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? GeneratedAt { get; private set; }
    public DateTime? ShippedAt { get; private set; }

    public int ChunkCount => (int)((Quantity + (long)ChunkSize - 1) / ChunkSize);

    public int CodesDone => (int)Math.Min((long)ChunksDone * ChunkSize, Quantity);

    public static long CodeId(int batchNumber, int serial) => ((long)batchNumber << SerialBits) + serial;

    public void MarkShipped(DateTime at)
    {
        if (Status != CodeBatchStatus.Generated)
            throw DomainException.Conflict("batch-state", "Only a fully generated batch can be marked as shipped.");
        Status = CodeBatchStatus.Shipped;
        ShippedAt = at;
    }
}
