namespace Loyalty.Core.Points;

/// <summary>
/// Points a member owes because a purchase was refunded after they had already spent what it earned.
/// The balance never goes negative: future earnings settle the debt first (docs/decisions/0005).
/// </summary>
public class PointsDebt
{
    private PointsDebt() { }

    internal PointsDebt(Guid customerId, Guid partnerId, Guid purchaseId, long amount, DateTime createdAt)
    {
        CustomerId = customerId;
        PartnerId = partnerId;
        PurchaseId = purchaseId;
        Amount = amount;
        Remaining = amount;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public Guid CustomerId { get; private set; }

    /// <summary>The partner whose refund created the debt; settled points return to its issuance account.</summary>
    public Guid PartnerId { get; private set; }

    public Guid PurchaseId { get; private set; }
    public long Amount { get; private set; }
    public long Remaining { get; internal set; }
    public DateTime CreatedAt { get; private set; }
}
