namespace Loyalty.Core.Referrals;

/// <summary>
/// What one purchase of a referred member earned one ancestor in the referral chain (level 1 = the friend's referrer,
/// level 2 = that member's referrer …). Unique per (purchase, level): the reward job is idempotent because a second
/// run finds the row and skips the purchase. Points are paid by the operator (docs/decisions/0065-referrals.md).
/// </summary>
public class ReferralReward
{
    private ReferralReward() { }

    public ReferralReward(Guid purchaseId, int level, Guid friendId, Guid referrerId, Guid partnerId, int rateBp, long baseAmount,
        string currency, long points, long refundedAmount, DateTime purchasedAt, DateTime createdAt)
    {
        PurchaseId = purchaseId;
        Level = level;
        FriendId = friendId;
        ReferrerId = referrerId;
        PartnerId = partnerId;
        RateBp = rateBp;
        BaseAmount = baseAmount;
        Currency = currency;
        Points = points;
        RefundedAmount = refundedAmount;
        PurchasedAt = purchasedAt;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }
    public Guid PurchaseId { get; private set; }

    /// <summary>1 = the buyer's own referrer.</summary>
    public int Level { get; private set; }

    /// <summary>The member who bought.</summary>
    public Guid FriendId { get; private set; }

    /// <summary>The member rewarded.</summary>
    public Guid ReferrerId { get; private set; }

    public Guid PartnerId { get; private set; }
    public int RateBp { get; private set; }

    /// <summary>What the friend paid (receipt minus discount and points), minor units: the reward's base.</summary>
    public long BaseAmount { get; private set; }

    public string Currency { get; private set; } = "";

    /// <summary>Hundredths of a point credited; 0 when nothing was due (a blocked referrer, a tiny receipt).</summary>
    public long Points { get; private set; }

    /// <summary>The purchase's refunded amount this reward has been reversed for so far (minor units).</summary>
    public long RefundedAmount { get; set; }

    /// <summary>Points taken back for refunds so far, including <see cref="UnrecoveredPoints"/>.</summary>
    public long ReversedPoints { get; set; }

    /// <summary>Reversed points the referrer had already spent: the operator writes them off (never a negative balance).</summary>
    public long UnrecoveredPoints { get; set; }

    public DateTime PurchasedAt { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>The credit's ledger transfer; null when nothing was credited.</summary>
    public long? TransferId { get; set; }
}

/// <summary>
/// How far the reward job has looked at purchases and refunds. Each run re-reads a safety overlap before it (a till's
/// purchase is stamped before it commits), and the anti-join on <see cref="ReferralReward"/> keeps the overlap harmless.
/// </summary>
public class ReferralCursor
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;
    public DateTime PurchasesUntil { get; set; }
    public DateTime RefundsUntil { get; set; }
}

/// <summary>A member's personal referral code, created the first time the member (or the operator) looks at it.</summary>
public class ReferralCode
{
    public const int Length = 8;

    private ReferralCode() { }

    public ReferralCode(Guid customerId, string code, DateTime createdAt)
    {
        CustomerId = customerId;
        Code = code;
        CreatedAt = createdAt;
    }

    public Guid CustomerId { get; private set; }
    public string Code { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
}

/// <summary>
/// A browser a member signed in or registered from, as the SHA-256 of a random long-lived cookie (never the raw value,
/// nothing about the hardware). The self-referral guard refuses a friend who registers on a device the referrer used.
/// </summary>
public class MemberDevice
{
    public const int HashLength = 64;

    private MemberDevice() { }

    public MemberDevice(Guid customerId, string deviceHash, DateTime firstSeenAt)
    {
        CustomerId = customerId;
        DeviceHash = deviceHash;
        FirstSeenAt = firstSeenAt;
    }

    public long Id { get; private set; }
    public Guid CustomerId { get; private set; }
    public string DeviceHash { get; private set; } = "";
    public DateTime FirstSeenAt { get; private set; }
}
