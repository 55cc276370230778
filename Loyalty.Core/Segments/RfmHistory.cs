namespace Loyalty.Core.Segments;

/// <summary>How many members a segment held in one scope on one day (one row per scope, day and segment).</summary>
public class RfmSegmentSize
{
    private RfmSegmentSize() { }

    public long Id { get; private set; }

    /// <summary>Guid.Empty for the coalition.</summary>
    public Guid PartnerId { get; private set; }

    /// <summary>UTC midnight of the scoring day.</summary>
    public DateTime Day { get; private set; }

    public RfmSegment Segment { get; private set; }
    public int Customers { get; private set; }

    /// <summary>Net spend of those members over 365 days, minor units.</summary>
    public long Spend365 { get; private set; }

    /// <summary>
    /// Their net spend and purchases since their first purchase, as scored: lifetime value by segment reads these few rows,
    /// not every profile of the scope (0250).
    /// </summary>
    public long SpendTotal { get; private set; }

    public long PurchasesTotal { get; private set; }
}

/// <summary>How many members moved from one segment to another between the previous scoring day and this one.</summary>
public class RfmTransition
{
    private RfmTransition() { }

    public long Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public DateTime Day { get; private set; }
    public RfmSegment FromSegment { get; private set; }
    public RfmSegment ToSegment { get; private set; }
    public int Customers { get; private set; }
}
