using Loyalty.Core.Common;
using Loyalty.Core.Segments;

namespace Loyalty.Core.Customers;

/// <summary>
/// The operator grid's segmentation filters (decision 0141): socio-demographics (age, gender), purchase activity from the
/// member's coalition profile (bought within N days / lapsed: bought before but not for N days, spend in the last 12 months), the coalition RFM
/// segment and the tier. Every field is optional and each adds one separate predicate, so the grid's own plan tuning
/// (search, city, order) is untouched. Spend is in minor units. Profiles are rebuilt nightly, so activity filters are as
/// of the last RFM run — the same data the segments use.
/// </summary>
public sealed record CustomerSegmentation(
    int? AgeFrom = null, int? AgeTo = null, Gender? Gender = null,
    int? PurchasedWithinDays = null, int? NoPurchaseForDays = null,
    long? Spend12mFrom = null, long? Spend12mTo = null,
    RfmSegment? Rfm = null, Guid? TierId = null)
{
    public const int MaxAge = 120;
    public const int MaxDays = 3650;

    public bool IsEmpty => this == new CustomerSegmentation();

    /// <summary>Human errors per field; the grid shows them and the use case refuses the query.</summary>
    public void Validate()
    {
        if (AgeFrom is < 0 or > MaxAge) throw ValidationException.For("ageFrom", "Age is between 0 and 120.");
        if (AgeTo is < 0 or > MaxAge) throw ValidationException.For("ageTo", "Age is between 0 and 120.");
        if (AgeFrom > AgeTo) throw ValidationException.For("ageTo", "The upper age is below the lower one.");
        if (PurchasedWithinDays is < 1 or > MaxDays) throw ValidationException.For("purchasedWithinDays", "Days are between 1 and 3,650.");
        if (NoPurchaseForDays is < 1 or > MaxDays) throw ValidationException.For("noPurchaseForDays", "Days are between 1 and 3,650.");
        if (Spend12mFrom < 0) throw ValidationException.For("spendFrom", "Spend cannot be negative.");
        if (Spend12mTo < 0) throw ValidationException.For("spendTo", "Spend cannot be negative.");
        if (Spend12mFrom > Spend12mTo) throw ValidationException.For("spendTo", "The upper spend is below the lower one.");
    }

    /// <summary>
    /// Adds one predicate per set field. Demographics and tier are columns of Customers. "Bought within N days" is a
    /// narrow set: `Id IN (…)` driven by the (PartnerId, LastPurchaseAt) index. Lapsed, spend and RFM sets are broad (up to
    /// half the members): as `IN` SQLite drove the page by the set and sorted every match with its balance (8 s CPU for
    /// 527k lapsed members); as a correlated EXISTS on the profile's key the page walks the newest-first index and stops
    /// after one page, and the total is one key probe per member (~0.7 s CPU on a million, 0141).
    /// </summary>
    public IQueryable<Customer> Apply(IQueryable<Customer> customers, ILoyaltyDb db, DateTime now)
    {
        Validate();
        customers = ApplyDemographics(customers, now);
        var profiles = db.CustomerProfiles.Where(p => p.PartnerId == CustomerProfile.Coalition);
        if (PurchasedWithinDays is { } within)
        {
            var since = now.AddDays(-within);
            var active = profiles.Where(p => p.LastPurchaseAt >= since).Select(p => p.CustomerId);
            customers = customers.Where(c => active.Contains(c.Id));
        }
        if (NoPurchaseForDays is { } lapsed)
        {
            // Lapsed buyers: bought before, but not in the last N days (the win-back audience). Members who never bought are
            // not "lapsed"; a NOT IN over every profile would probe a million ids per call (2.5 s CPU, 0141).
            var since = now.AddDays(-lapsed);
            customers = customers.Where(c => profiles.Any(p => p.CustomerId == c.Id && p.LastPurchaseAt < since));
        }
        if (Spend12mFrom is not null || Spend12mTo is not null)
        {
            // Buyers whose coalition spend over the last 365 days is in the range; index (PartnerId, Spend365).
            var low = Spend12mFrom ?? 0;
            var high = Spend12mTo ?? long.MaxValue;
            customers = customers.Where(c => profiles.Any(p => p.CustomerId == c.Id && p.Spend365 >= low && p.Spend365 <= high));
        }
        if (Rfm is { } segment)
        {
            customers = customers.Where(c => profiles.Any(p => p.CustomerId == c.Id && p.Segment == segment));
        }
        return customers;
    }

    /// <summary>True when every set field is about purchase activity (the coalition profile), none about the member row.</summary>
    public bool IsActivityOnly => this with { PurchasedWithinDays = null, NoPurchaseForDays = null, Spend12mFrom = null, Spend12mTo = null, Rfm = null } == new CustomerSegmentation();

    /// <summary>
    /// The coalition profiles matching the activity fields, one per member (key PartnerId + CustomerId). When the grid has
    /// no other filter its total is their count: a range count on a profile index (~16 ms for 527k lapsed members on a
    /// million) instead of one EXISTS probe per member (0.86 s CPU) — decision 0183. Every profile belongs to a member
    /// (profiles are built from members' purchases, and members are anonymised, never deleted).
    /// </summary>
    public IQueryable<CustomerProfile> MatchingProfiles(ILoyaltyDb db, DateTime now)
    {
        Validate();
        var profiles = db.CustomerProfiles.Where(p => p.PartnerId == CustomerProfile.Coalition);
        if (PurchasedWithinDays is { } within)
        {
            var since = now.AddDays(-within);
            profiles = profiles.Where(p => p.LastPurchaseAt >= since);
        }
        if (NoPurchaseForDays is { } lapsed)
        {
            var since = now.AddDays(-lapsed);
            profiles = profiles.Where(p => p.LastPurchaseAt < since);
        }
        if (Spend12mFrom is not null || Spend12mTo is not null)
        {
            var low = Spend12mFrom ?? 0;
            var high = Spend12mTo ?? long.MaxValue;
            profiles = profiles.Where(p => p.Spend365 >= low && p.Spend365 <= high);
        }
        if (Rfm is { } segment) profiles = profiles.Where(p => p.Segment == segment);
        return profiles;
    }

    private IQueryable<Customer> ApplyDemographics(IQueryable<Customer> customers, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        // Age A or more: born on or before today minus A years. Age B or less: born after today minus B+1 years.
        if (AgeFrom is { } from)
        {
            var bornBy = today.AddYears(-from);
            customers = customers.Where(c => c.BirthDate != null && c.BirthDate <= bornBy);
        }
        if (AgeTo is { } to)
        {
            var bornAfter = today.AddYears(-(to + 1));
            customers = customers.Where(c => c.BirthDate != null && c.BirthDate > bornAfter);
        }
        if (Gender is { } gender) customers = customers.Where(c => c.Gender == gender);
        if (TierId is { } tier) customers = customers.Where(c => c.TierId == tier);

        return customers;
    }
}
