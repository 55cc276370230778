namespace Loyalty.Core.Points;

/// <summary>
/// One movement of points: balanced entries that sum to zero. Append-only: a mistake is corrected by a reversing
/// transfer, never by changing or deleting one.
/// </summary>
public class Transfer
{
    public const int ReasonMaxLength = 40;
    public const int DescriptionMaxLength = 300;

    private readonly List<Entry> _entries = [];

    private Transfer() { }

    internal Transfer(DateTime occurredAt, string reason, string description, Guid? customerId, Guid? partnerId, Guid? purchaseId, IEnumerable<Entry> entries)
    {
        OccurredAt = occurredAt;
        Reason = reason;
        Description = description;
        CustomerId = customerId;
        PartnerId = partnerId;
        PurchaseId = purchaseId;
        _entries.AddRange(entries);
    }

    public long Id { get; private set; }
    public DateTime OccurredAt { get; private set; }

    /// <summary>Stable machine code from <see cref="Reasons"/>.</summary>
    public string Reason { get; private set; } = "";

    /// <summary>What the member reads in their history: "Points for a purchase at Magnum Fresh".</summary>
    public string Description { get; private set; } = "";

    /// <summary>The member this transfer concerns, for their history; null for transfers between system accounts.</summary>
    public Guid? CustomerId { get; private set; }

    public Guid? PartnerId { get; private set; }
    public Guid? PurchaseId { get; private set; }
    public IReadOnlyCollection<Entry> Entries => _entries;
}

public class Entry
{
    private Entry() { }

    internal Entry(long accountId, long amount)
    {
        AccountId = accountId;
        Amount = amount;
    }

    public long Id { get; private set; }
    public long TransferId { get; private set; }
    public long AccountId { get; private set; }

    /// <summary>Signed hundredths of a point: positive credits the account, negative debits it.</summary>
    public long Amount { get; private set; }
}
