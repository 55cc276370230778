namespace Loyalty.Core.Analytics;

/// <summary>
/// The buyers of a period's closed days (everything before today) and of the period before it, as last counted, with how
/// many receipts those days held then: closed days change only when a receipt is written into them (a till that was
/// offline, an import) or two members are merged, so the count is kept until the receipts differ or a merge clears it
/// (<see cref="PeriodBuyers"/>, 0250). Scope: a partner, or the coalition with <see cref="Guid.Empty"/>.
/// </summary>
public class ClosedDaysBuyers
{
    private ClosedDaysBuyers() { }

    internal ClosedDaysBuyers(Guid partnerId, DateTime previousFrom, DateTime from, DateTime through)
    {
        PartnerId = partnerId;
        PreviousFrom = previousFrom;
        From = from;
        Through = through;
    }

    public Guid PartnerId { get; private set; }
    public DateTime PreviousFrom { get; private set; }
    public DateTime From { get; private set; }

    /// <summary>End of the closed days counted (exclusive): the period's end, or today if the period goes on.</summary>
    public DateTime Through { get; private set; }

    /// <summary>Receipts in [PreviousFrom, Through) when counted: more now means some were written into those days since.</summary>
    public int Receipts { get; private set; }

    public int Active { get; private set; }
    public int Repeaters { get; private set; }
    public int PreviousActive { get; private set; }
    public int Churned { get; private set; }
    public DateTime CountedAt { get; private set; }

    internal void Counted(int receipts, BuyerCounts counts, DateTime at)
    {
        Receipts = receipts;
        (Active, Repeaters, PreviousActive, Churned) = (counts.Active, counts.Repeaters, counts.PreviousActive, counts.Churned);
        CountedAt = at;
    }

    internal BuyerCounts Counts => new() { Active = Active, Repeaters = Repeaters, PreviousActive = PreviousActive, Churned = Churned };
}
