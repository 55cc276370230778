namespace Loyalty.Core.Campaigns;

/// <summary>Which arm of an A/B test a member is in. Values are stored as integers.</summary>
public enum TestArm
{
    A,
    B,
    Control,
}

/// <summary>
/// One reward of one campaign to one member on one occasion (a purchase id, a birthday year, a lapse date…). The unique
/// (campaign, member, occasion) key is what makes the triggers idempotent: a second run finds the row and gives nothing.
/// Control-group members get a row with no points, so the A/B results know who was held out and when.
/// </summary>
public class CampaignReward
{
    public const int OccasionMaxLength = 64;

    private CampaignReward() { }

    public CampaignReward(Guid campaignId, Guid customerId, string occasion, TestArm variant, long points, Guid? certificateId, Guid? purchaseId, DateTime at)
    {
        CampaignId = campaignId;
        CustomerId = customerId;
        Occasion = occasion;
        Variant = variant;
        Points = points;
        CertificateId = certificateId;
        PurchaseId = purchaseId;
        At = at;
    }

    public long Id { get; private set; }
    public Guid CampaignId { get; private set; }
    public Guid CustomerId { get; private set; }
    public string Occasion { get; private set; } = "";
    public TestArm Variant { get; private set; }

    /// <summary>Points credited (hundredths); 0 for a certificate or a control-group row.</summary>
    public long Points { get; private set; }

    /// <summary>Points taken back by refunds of <see cref="PurchaseId"/>.</summary>
    public long ReversedPoints { get; private set; }

    public Guid? CertificateId { get; private set; }
    public Guid? PurchaseId { get; private set; }
    public DateTime At { get; private set; }
}
