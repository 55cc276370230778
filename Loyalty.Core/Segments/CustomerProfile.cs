namespace Loyalty.Core.Segments;

/// <summary>
/// What a member's purchases add up to in one scope: at one partner, or across the coalition (<see cref="Coalition"/>).
/// Rows are written only by <see cref="RecalculateSegments"/>, set-based, so every filter and score reads one narrow row per
/// member instead of the purchase history. Amounts are net of refunds, in minor units.
/// </summary>
public class CustomerProfile
{
    /// <summary>The scope of the whole coalition: no partner owns it.</summary>
    public static readonly Guid Coalition = Guid.Empty;

    private CustomerProfile() { }

    /// <summary>Guid.Empty for the coalition, otherwise the partner the purchases were made at.</summary>
    public Guid PartnerId { get; private set; }

    public Guid CustomerId { get; private set; }

    public int Purchases30 { get; private set; }
    public long Spend30 { get; private set; }
    public int Purchases90 { get; private set; }
    public long Spend90 { get; private set; }
    public int Purchases365 { get; private set; }
    public long Spend365 { get; private set; }
    public int PurchasesTotal { get; private set; }
    public long SpendTotal { get; private set; }
    public DateTime? FirstPurchaseAt { get; private set; }
    public DateTime? LastPurchaseAt { get; private set; }

    /// <summary>Net spend ÷ purchases over the whole history, in minor units.</summary>
    public long AverageTicket { get; private set; }

    /// <summary>The store with the most net spend in the last 365 days.</summary>
    public Guid? FavouriteStoreId { get; private set; }

    /// <summary>The item category with the most spend in the last 365 days.</summary>
    public string? FavouriteCategory { get; private set; }

    /// <summary>RFM scores 1–5 (5 is best: most recent, most frequent, biggest spender); 0 until scored.</summary>
    public byte Recency { get; private set; }
    public byte Frequency { get; private set; }
    public byte Monetary { get; private set; }

    public RfmSegment? Segment { get; private set; }

    /// <summary>The segment on the last scoring day before <see cref="ScoredOn"/>: the "from" side of transitions.</summary>
    public RfmSegment? PreviousSegment { get; private set; }

    /// <summary>UTC day of the last scoring; a second run on the same day keeps <see cref="PreviousSegment"/>.</summary>
    public DateTime? ScoredOn { get; private set; }

    public DateTime CalculatedAt { get; private set; }
}
