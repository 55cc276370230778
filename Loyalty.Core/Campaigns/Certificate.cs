namespace Loyalty.Core.Campaigns;

public enum CertificateKind
{
    /// <summary><see cref="Certificate.Value"/> is points (hundredths): one point pays one major unit.</summary>
    Points,

    /// <summary><see cref="Certificate.Value"/> is basis points of the receipt.</summary>
    Percent,
}

public enum CertificateSource
{
    Campaign,
    Trigger,
    Manual,
    CrossMarketing,

    /// <summary>A contest prize (docs/decisions/0122).</summary>
    Contest,
}

/// <summary>
/// A single-use coupon held by one member, redeemed at the till with its code (docs/decisions/0061-certificates.md).
/// Its value is a discount on the receipt, funded by the issuer; a cross-marketing certificate is issued by one partner
/// (the issuer, where it is redeemed) to members of another (the audience partner).
/// </summary>
public class Certificate
{
    public const int CodeLength = 10;
    public const int TitleMaxLength = 120;

    private Certificate() { }

    public Certificate(string code, Guid customerId, Guid? issuerPartnerId, CertificateKind kind, long value, int capBp,
        DateTime validFrom, DateTime expiresAt, CertificateSource source, string title, Guid? campaignId, Guid? audiencePartnerId, DateTime now)
    {
        Id = Guid.CreateVersion7();
        Code = code;
        CustomerId = customerId;
        IssuerPartnerId = issuerPartnerId;
        Kind = kind;
        Value = value;
        CapBp = capBp;
        ValidFrom = validFrom;
        ExpiresAt = expiresAt;
        Source = source;
        Title = title;
        CampaignId = campaignId;
        AudiencePartnerId = audiencePartnerId;
        IssuedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>What the member shows the cashier: upper-case letters and digits without look-alikes.</summary>
    public string Code { get; private set; } = "";

    public Guid CustomerId { get; private set; }

    /// <summary>The partner that pays for it and where it is redeemed; null = the operator's, redeemable at every partner.</summary>
    public Guid? IssuerPartnerId { get; private set; }

    /// <summary>Cross-marketing: the partner whose members it was issued to.</summary>
    public Guid? AudiencePartnerId { get; private set; }

    public Guid? CampaignId { get; private set; }
    public CertificateSource Source { get; private set; }
    public string Title { get; private set; } = "";
    public CertificateKind Kind { get; private set; }
    public long Value { get; private set; }

    /// <summary>Most of the receipt (basis points) it may pay; 0 = no cap.</summary>
    public int CapBp { get; private set; }

    public DateTime IssuedAt { get; private set; }
    public DateTime ValidFrom { get; private set; }
    public DateTime ExpiresAt { get; private set; }

    /// <summary>Set once, by a conditional update in the purchase's write: a certificate is used exactly once.</summary>
    public DateTime? RedeemedAt { get; private set; }
    public Guid? PurchaseId { get; private set; }

    /// <summary>The discount it gave, in the receipt's minor units.</summary>
    public long RedeemedAmount { get; private set; }

    public DateTime? CancelledAt { get; set; }
}
