namespace Loyalty.Core.Campaigns;

/// <summary>What a campaign rewards. Values are stored as integers: append, never reorder.</summary>
public enum CampaignType
{
    /// <summary>Extra points on purchases (extra %, fixed points or a multiplier of the base points), optionally for a segment.</summary>
    PurchaseBonus,

    /// <summary>A bonus on chosen SKUs or categories only.</summary>
    SpecialOffer,

    /// <summary>Points for subscribing to the owner's brand (granted by the trigger job).</summary>
    BrandSubscription,

    /// <summary>Points for a complete profile (name, e-mail, birth date, city).</summary>
    ProfileCompletion,

    /// <summary>A certificate N days before the member's birthday, with a greeting.</summary>
    Birthday,

    /// <summary>One step of the welcome sequence: a reward and a message N days after registration.</summary>
    Welcome,

    /// <summary>A certificate after N days without a purchase.</summary>
    WinBack,

    /// <summary>A message N days before the member's oldest points expire (no reward).</summary>
    ExpiryReminder,

    /// <summary>
    /// Points or a certificate for a review once it has passed moderation: still published N days after it was written
    /// (a flagged review waits for the operator's decision, a hidden one never earns). Once per review (0068).
    /// </summary>
    Review,
}

/// <summary>What the member gets. Values are stored as integers: append, never reorder.</summary>
public enum RewardKind
{
    /// <summary><see cref="Campaign.RewardValue"/> is basis points of the part of the receipt paid in money.</summary>
    ExtraPercent,

    /// <summary><see cref="Campaign.RewardValue"/> is points (hundredths).</summary>
    FixedPoints,

    /// <summary><see cref="Campaign.RewardValue"/> is the multiplier × 100 of the base points (200 = double points).</summary>
    Multiplier,

    /// <summary>A certificate worth <see cref="Campaign.RewardValue"/> points (hundredths), see the certificate fields.</summary>
    Certificate,
}

/// <summary>Stored state; "scheduled" and "ended" are also derived from the dates (see <see cref="Campaign.StatusAt"/>).</summary>
public enum CampaignStatus
{
    Draft,
    Scheduled,
    Active,
    Paused,
    Ended,
}

/// <summary>
/// An offer owned by a partner or by the operator (docs/decisions/0060-campaigns.md). Purchase campaigns are evaluated by
/// the till (quote and purchase); trigger campaigns (birthday, welcome, win-back, subscription, profile) by Quartz jobs.
/// </summary>
public class Campaign
{
    public const int NameMaxLength = 120;
    public const int ListMaxLength = 2000;

    private Campaign() { }

    public Campaign(Guid? ownerPartnerId, string name, CampaignType type, DateTime now)
    {
        Id = Guid.CreateVersion7();
        OwnerPartnerId = ownerPartnerId;
        Name = name;
        Type = type;
        Status = CampaignStatus.Draft;
        CreatedAt = now;
        UpdatedAt = now;
        StartsAt = now.Date;
    }

    public Guid Id { get; private set; }

    /// <summary>Null for the operator's campaigns (funded by the operator, valid at every partner).</summary>
    public Guid? OwnerPartnerId { get; private set; }

    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public CampaignType Type { get; set; }
    public CampaignStatus Status { get; set; }

    public DateTime StartsAt { get; set; }

    /// <summary>Exclusive; null = open-ended.</summary>
    public DateTime? EndsAt { get; set; }

    public RewardKind RewardKind { get; set; }
    public long RewardValue { get; set; }

    // Conditions (purchase campaigns).
    /// <summary>Minimum receipt in minor units; 0 = any.</summary>
    public long MinAmount { get; set; }

    /// <summary>Store ids, comma-separated; empty = every store.</summary>
    public string StoreIds { get; set; } = "";

    /// <summary>Bit 0 = Monday … bit 6 = Sunday (the owner's local day); 0 or 127 = every day.</summary>
    public int DaysOfWeek { get; set; }

    /// <summary>Local hours [from, to); both 0 = all day.</summary>
    public int HourFrom { get; set; }
    public int HourTo { get; set; }

    public bool FirstPurchaseOnly { get; set; }

    /// <summary>SKUs and categories of a special offer, comma-separated.</summary>
    public string Skus { get; set; } = "";
    public string Categories { get; set; } = "";

    public Guid? SegmentId { get; set; }

    /// <summary>Most points the campaign may give in total (hundredths); null = no cap.</summary>
    public long? BudgetPoints { get; set; }

    /// <summary>Points given so far, kept by a conditional update in the same write as the reward.</summary>
    public long SpentPoints { get; private set; }

    /// <summary>How many times one member may be rewarded; null = no limit.</summary>
    public int? PerCustomerLimit { get; set; }

    /// <summary>Birthday: days before; win-back: days without a purchase; welcome: days after registration.</summary>
    public int TriggerDays { get; set; }

    // Certificates issued by trigger campaigns.
    public int CertificateValidDays { get; set; } = 15;

    /// <summary>Most of a receipt (basis points) the certificate may pay; 0 = no cap.</summary>
    public int CertificateCapBp { get; set; }

    /// <summary>The greeting sent with a trigger reward (in-app); {name} is the member's first name.</summary>
    public string? Message { get; set; }

    // A/B test.
    /// <summary>Share of the audience held out as control (0–50 %).</summary>
    public int ControlPercent { get; set; }

    /// <summary>When set, half of the treated audience gets this reward value instead (variant B).</summary>
    public long? VariantBRewardValue { get; set; }

    /// <summary>A conversion is a purchase within this many days of the reward (or of the campaign's start for purchase campaigns).</summary>
    public int ConversionDays { get; set; } = 14;

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsPurchaseCampaign => Type is CampaignType.PurchaseBonus or CampaignType.SpecialOffer;

    /// <summary>The status a person reads: a launched campaign is scheduled before its start and ended after its end.</summary>
    public CampaignStatus StatusAt(DateTime now) => Status switch
    {
        CampaignStatus.Scheduled or CampaignStatus.Active when EndsAt is { } end && end <= now => CampaignStatus.Ended,
        CampaignStatus.Scheduled or CampaignStatus.Active => StartsAt > now ? CampaignStatus.Scheduled : CampaignStatus.Active,
        _ => Status,
    };
}
