namespace Loyalty.Core.Campaigns;

/// <summary>Reason codes of campaign transfers (stable, like <see cref="Points.Reasons"/>).</summary>
public static class CampaignReasons
{
    /// <summary>A purchase campaign's bonus on a receipt.</summary>
    public const string PurchaseBonus = "campaign-bonus";

    /// <summary>Bonus points taken back when the receipt is refunded.</summary>
    public const string BonusReversal = "campaign-bonus-reversal";

    /// <summary>Points from a trigger campaign (welcome, subscription, profile).</summary>
    public const string TriggerReward = "campaign-reward";

    /// <summary>A certificate paid part of a receipt: its issuer funds the partner that accepted it.</summary>
    public const string CertificateRedeem = "certificate-redeem";
}
