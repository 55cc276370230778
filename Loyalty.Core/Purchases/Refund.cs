namespace Loyalty.Core.Purchases;

/// <summary>Money given back against a purchase, and what it did to the member's points.</summary>
public class Refund
{
    private Refund() { }

    internal Refund(Guid purchaseId, long amount, DateTime occurredAt, long reversedEarned, long returnedRedeemed, long debtCreated)
    {
        Id = Guid.CreateVersion7();
        PurchaseId = purchaseId;
        Amount = amount;
        OccurredAt = occurredAt;
        ReversedEarned = reversedEarned;
        ReturnedRedeemed = returnedRedeemed;
        DebtCreated = debtCreated;
    }

    public Guid Id { get; private set; }
    public Guid PurchaseId { get; private set; }
    public long Amount { get; private set; }
    public DateTime OccurredAt { get; private set; }

    /// <summary>Earned points taken back (hundredths), including what became a debt.</summary>
    public long ReversedEarned { get; private set; }

    /// <summary>Points paid with that went back to the member.</summary>
    public long ReturnedRedeemed { get; private set; }

    /// <summary>The part of <see cref="ReversedEarned"/> the member no longer had, recorded as a debt.</summary>
    public long DebtCreated { get; private set; }

    /// <summary>When this refund was taken off its member's profile aggregates; null until then (0068).</summary>
    public DateTime? ProfiledAt { get; private set; }

    /// <summary>When this refund was taken off the analytics roll-ups; null until then (0220).</summary>
    public DateTime? RolledUpAt { get; private set; }
}
