namespace Loyalty.Core.Points;

/// <summary>
/// Points credited to a member's account at one time, with their expiry. Debits consume lots oldest-expiry-first;
/// the expiry job moves what remains of an expired lot to the expiry account exactly once.
/// The remaining amounts of an account's lots always sum to its balance.
/// </summary>
public class PointLot
{
    private PointLot() { }

    internal PointLot(long accountId, long amount, DateTime earnedAt, DateTime expiresAt)
    {
        AccountId = accountId;
        Amount = amount;
        Remaining = amount;
        EarnedAt = earnedAt;
        ExpiresAt = expiresAt;
    }

    public long Id { get; private set; }
    public long AccountId { get; private set; }
    public long Amount { get; private set; }

    /// <summary>Concurrency token: two transactions never consume the same points.</summary>
    public long Remaining { get; internal set; }

    public DateTime EarnedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
}
