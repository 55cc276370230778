using Loyalty.Core.Common;

namespace Loyalty.Core.Partners;

/// <summary>The kind of loyalty program a partner runs (seeds/004): points, or a discount at the till.</summary>
public enum ProgramType
{
    /// <summary>Accumulative points: earn on every purchase, spend anywhere.</summary>
    Points,

    /// <summary>The same discount on every receipt; no points are earned.</summary>
    FlatDiscount,

    /// <summary>A discount that grows with the member's total spend at this partner; no points are earned.</summary>
    CumulativeDiscount,
}

public enum PartnerStatus
{
    Applied,
    Approved,
    Active,
    Suspended,
    Rejected,
}

/// <summary>A merchant and/or manufacturer in the coalition. State changes go through methods that check the current state.</summary>
public class Partner
{
    public const int NameMaxLength = 200;
    public const int SlugMaxLength = 80;

    private Partner() { }

    public Partner(string name, string slug, BusinessArea area, string country, string currency, string timeZone, DateTime appliedAt)
    {
        if (string.IsNullOrWhiteSpace(name)) throw ValidationException.For(nameof(Name), "A partner needs a name.");
        Id = Guid.CreateVersion7();
        Name = name.Trim();
        Slug = slug;
        ArgumentNullException.ThrowIfNull(area);
        AreaId = area.Id;
        // What the partner may do (sell at tills, or make goods with promo codes) follows the area's explicit kind, never its name.
        IsManufacturer = area.IsManufacturer;
        IsMerchant = !area.IsManufacturer;
        Country = country;
        Currency = currency;
        TimeZone = timeZone;
        Status = PartnerStatus.Applied;
        AppliedAt = appliedAt;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Slug { get; private set; } = "";
    /// <summary>The partner's business area: a row of the operator's library (<see cref="BusinessArea"/>, decision 0180).</summary>
    public int AreaId { get; private set; }
    public bool IsMerchant { get; private set; }
    public bool IsManufacturer { get; private set; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string Country { get; private set; } = "";

    /// <summary>ISO 4217; amounts of this partner are in this currency's minor unit.</summary>
    public string Currency { get; private set; } = "";

    /// <summary>IANA time zone that defines this partner's "day".</summary>
    public string TimeZone { get; private set; } = "UTC";

    public PartnerStatus Status { get; private set; }
    public DateTime AppliedAt { get; private set; }
    public DateTime? ActivatedAt { get; private set; }
    public string? LegalName { get; set; }
    public string? TaxId { get; set; }
    public string? City { get; set; }
    public string? Description { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string? Website { get; set; }

    /// <summary>The person who applied: the first partner admin account is made for them on approval.</summary>
    public string? ContactName { get; set; }

    public DateTime? ReviewedAt { get; private set; }
    public string? ReviewedBy { get; private set; }

    /// <summary>Why an application was rejected, as the applicant was told.</summary>
    public string? RejectionReason { get; private set; }

    /// <summary>Points given per purchase amount, in basis points (500 = 5 %).</summary>
    public int EarnRateBp { get; private set; } = 500;

    /// <summary>The most of a receipt that may be paid with points, in basis points (2000 = 20 %).</summary>
    public int RedemptionCapBp { get; private set; } = 2000;

    /// <summary>When set, the member's tier decides the earn rate and the cap instead of the partner's own rates.</summary>
    public bool UsesProgramTiers { get; private set; }

    public ProgramType ProgramType { get; private set; } = ProgramType.Points;

    /// <summary>Contract: what one whole point is worth in settlements, in the minor unit of <see cref="Currency"/> (100 = 1.00).</summary>
    public long PointValueMinor { get; private set; } = 100;

    /// <summary>Contract: the operator's fee on the value of the points this partner issues, in basis points (150 = 1.5 %).</summary>
    public int SettlementFeeBp { get; private set; }

    /// <summary>The agreed terms that settlements are computed with; a change applies to periods closed after it.</summary>
    public void SetContract(long pointValueMinor, int settlementFeeBp)
    {
        if (pointValueMinor is <= 0 or > 1_000_000_00) throw ValidationException.For(nameof(PointValueMinor), "A point is worth more than zero.");
        if (settlementFeeBp is < 0 or > 10_000) throw ValidationException.For(nameof(SettlementFeeBp), "The fee is between 0 and 100 %.");
        PointValueMinor = pointValueMinor;
        SettlementFeeBp = settlementFeeBp;
    }

    /// <summary>The discount of a flat-discount program, in basis points.</summary>
    public int DiscountBp { get; private set; }

    public void SetProgram(ProgramType type, int discountBp)
    {
        if (discountBp is < 0 or > 10_000) throw ValidationException.For(nameof(DiscountBp), "The discount is between 0 and 100 %.");
        ProgramType = type;
        DiscountBp = type == ProgramType.FlatDiscount ? discountBp : 0;
    }

    public void SetRewards(int earnRateBp, int redemptionCapBp, bool usesProgramTiers)
    {
        if (earnRateBp is < 0 or > 10_000) throw ValidationException.For(nameof(EarnRateBp), "The earn rate is between 0 and 100 %.");
        if (redemptionCapBp is < 0 or > 10_000) throw ValidationException.For(nameof(RedemptionCapBp), "The redemption cap is between 0 and 100 %.");
        EarnRateBp = earnRateBp;
        RedemptionCapBp = redemptionCapBp;
        UsesProgramTiers = usesProgramTiers;
    }

    /// <summary>
    /// Where the applicant trades, chosen by the operator from the country library at approval: the currency its amounts,
    /// contract and ledger are kept in follows the country, so it can change only before the partner has any of them.
    /// </summary>
    public void SetCountry(string country, string currency)
    {
        if (Status != PartnerStatus.Applied)
            throw new DomainException("partner-state", $"The country is chosen when the application is approved; this partner is {Status}.");
        Country = country;
        Currency = currency;
    }

    public void Approve(DateTime? at = null, string? actor = null)
    {
        if (Status != PartnerStatus.Applied)
            throw new DomainException("partner-state", $"Only an application can be approved; this partner is {Status}.");
        Status = PartnerStatus.Approved;
        ReviewedAt = at;
        ReviewedBy = actor;
    }

    public void Activate(DateTime at)
    {
        if (Status is not (PartnerStatus.Approved or PartnerStatus.Suspended))
            throw new DomainException("partner-state", $"Only an approved or suspended partner can be activated; this partner is {Status}.");
        Status = PartnerStatus.Active;
        ActivatedAt ??= at;
    }

    public void Suspend()
    {
        if (Status != PartnerStatus.Active)
            throw new DomainException("partner-state", $"Only an active partner can be suspended; this partner is {Status}.");
        Status = PartnerStatus.Suspended;
    }

    public const int ReasonMaxLength = 1000;

    public void Reject(string reason, DateTime at, string actor)
    {
        if (Status != PartnerStatus.Applied)
            throw new DomainException("partner-state", $"Only an application can be rejected; this partner is {Status}.");
        reason = reason.Trim();
        if (reason.Length is < 5 or > ReasonMaxLength)
            throw ValidationException.For("reason", "Tell the applicant why, in 5 to 1,000 characters.");
        Status = PartnerStatus.Rejected;
        RejectionReason = reason;
        ReviewedAt = at;
        ReviewedBy = actor;
    }
}
