namespace Loyalty.Core.PromoCodes;

/// <summary>
/// The activation of one code, written in the same transaction as the code's guarded status change and the promo
/// credit (DESIGN.md §4 invariant 6). The unique code id is a second guard against a double activation.
/// Reports per product, batch, region and day read this narrow table, not the codes.
/// </summary>
public class PromoActivation
{
    private PromoActivation() { }

    public PromoActivation(long codeId, Guid partnerId, Guid productId, Guid customerId, string? region, int points,
        ActivationChannel channel, DateTime activatedAt)
    {
        CodeId = codeId;
        BatchNumber = (int)(codeId >> CodeBatch.SerialBits);
        PartnerId = partnerId;
        ProductId = productId;
        CustomerId = customerId;
        Region = region;
        Points = points;
        Channel = channel;
        ActivatedAt = activatedAt;
        ActivatedOn = DateOnly.FromDateTime(activatedAt);
    }

    public long Id { get; private set; }
    public long CodeId { get; private set; }
    public int BatchNumber { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid ProductId { get; private set; }
    public Guid CustomerId { get; private set; }

    /// <summary>The member's city at activation time, for the regional report.</summary>
    public string? Region { get; private set; }

    /// <summary>Whole points credited.</summary>
    public int Points { get; private set; }

    public ActivationChannel Channel { get; private set; }
    public DateTime ActivatedAt { get; private set; }

    /// <summary>The UTC date, stored so the daily report groups in the database on both providers.</summary>
    public DateOnly ActivatedOn { get; private set; }

}
