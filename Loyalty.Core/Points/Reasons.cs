namespace Loyalty.Core.Points;

/// <summary>Reason codes on transfers. Stable: reports and partners' systems match on them.</summary>
public static class Reasons
{
    public const string PurchaseEarn = "purchase-earn";
    public const string PurchaseRedeem = "purchase-redeem";
    public const string RefundEarnReversal = "refund-earn-reversal";
    public const string RefundRedeemReturn = "refund-redeem-return";
    public const string DebtSettled = "refund-debt-settled";
    public const string WelcomeBonus = "welcome-bonus";
    public const string ManualAdjustment = "manual-adjustment";
    public const string Expiry = "expiry";
    public const string PromoCode = "promo-code";
    public const string TopUpReserved = "top-up-reserved";
    public const string TopUpReturned = "top-up-returned";
    public const string ContestPrize = "contest-prize";
    public const string ReferralReward = "referral-reward";
    public const string ReferralReversal = "referral-reversal";
}
