namespace Loyalty.Core.Pos;

/// <summary>
/// Receipts a till rang up WITHOUT a card, reported as a count and a total (one receipt, or a shift's worth at once). They
/// earn nothing and touch no ledger; they exist so the share of purchases made with a card and the ticket of customers
/// without one are real figures, per store, till and cashier (docs/decisions/0150-staff-performance-and-cardless-receipts.md).
/// </summary>
public class AnonymousReceipts
{
    /// <summary>A till reporting more than this in one call is sending a mistake, not a shift.</summary>
    public const int MaxCount = 10_000;

    private AnonymousReceipts() { }

    /// <summary>For demo and test data; the till's path writes rows with plain SQL (<see cref="RecordAnonymousReceipts"/>).</summary>
    internal AnonymousReceipts(Guid partnerId, Guid storeId, Guid terminalId, string? cashier, DateTime occurredAt, int count, long amount, string currency)
    {
        Id = Guid.CreateVersion7();
        (PartnerId, StoreId, TerminalId, Cashier, OccurredAt, Count, Amount, Currency, RecordedAt) = (partnerId, storeId, terminalId, cashier, occurredAt, count, amount, currency, occurredAt);
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid StoreId { get; private set; }
    public Guid TerminalId { get; private set; }
    public string? Cashier { get; private set; }

    /// <summary>When the receipts were rung up (the end of the shift for a batch).</summary>
    public DateTime OccurredAt { get; private set; }

    public int Count { get; private set; }

    /// <summary>Total of the receipts, in minor units of <see cref="Currency"/>.</summary>
    public long Amount { get; private set; }

    public string Currency { get; private set; } = "";
    public DateTime RecordedAt { get; private set; }
}
