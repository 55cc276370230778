namespace Loyalty.Core.Programs;

/// <summary>Coalition-wide settings: one row. Defaults follow the programs in shared/seeds (24-month expiry, 5,000 welcome points).</summary>
public class ProgramSettings
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;
    public string Name { get; set; } = "OneCard";

    /// <summary>Region assumed for phone numbers typed without a country code (ISO 3166-1 alpha-2).</summary>
    public string DefaultRegion { get; set; } = "KZ";

    public string Currency { get; set; } = "KZT";

    /// <summary>Points expire this many months after they were credited, oldest first.</summary>
    public int PointsExpiryMonths { get; set; } = 24;

    /// <summary>Hundredths of a point credited on registration; 0 turns the bonus off.</summary>
    public long WelcomeBonus { get; set; } = 5_000_00;

    /// <summary>The welcome bonus has its own, shorter life: spend it or lose it.</summary>
    public int WelcomeBonusValidityDays { get; set; } = 90;

    /// <summary>Tiers are reached by spend over this rolling window.</summary>
    public int TierWindowDays { get; set; } = 365;

    /// <summary>
    /// Referral reward per level in basis points, level 1 first ("300,100,100"); null is the default 3 % / 1 % / 1 %, empty
    /// turns the rewards off (0065). Nullable so that a program saved before referrals existed gets the default.
    /// </summary>
    public string? ReferralRatesBp { get; set; }
}

/// <summary>A status level: reached by spend over the rolling window, gives its own earn rate and redemption cap.</summary>
public class Tier
{
    private Tier() { }

    public Tier(string name, int rank, long spendThreshold, int earnRateBp, int redemptionCapBp)
    {
        Id = Guid.CreateVersion7();
        Name = name;
        Rank = rank;
        SpendThreshold = spendThreshold;
        EarnRateBp = earnRateBp;
        RedemptionCapBp = redemptionCapBp;
    }

    public Guid Id { get; private set; }
    public string Name { get; set; } = "";
    public int Rank { get; set; }

    /// <summary>Spend in the program currency's minor unit over the window needed to hold this tier.</summary>
    public long SpendThreshold { get; set; }

    /// <summary>Basis points: 500 = 5 %.</summary>
    public int EarnRateBp { get; set; }

    public int RedemptionCapBp { get; set; }
}
