using Loyalty.Core.Common;
using Loyalty.Core.Purchases;

namespace Loyalty.Core.Analytics;

public enum Granularity
{
    Day,
    Week,
    Month,
}

/// <summary>
/// What every analytics figure is asked for: one partner's own data (the cabinet passes the signed-in user's partner, never
/// a value from the page) or the whole coalition (null), and a period [From, To) of whole UTC days (the roll-ups keep days).
/// </summary>
public sealed record AnalyticsQuery(Guid? PartnerId, DateTime From, DateTime To, Granularity Granularity = Granularity.Day)
{
    /// <summary>A year at most: the figures are computed on demand, in the database, and must stay quick.</summary>
    public const int MaxDays = 400;

    /// <summary>The periods the Analytics page offers, each ending with today: their buyers are counted ahead (0250).</summary>
    public static readonly IReadOnlyList<int> OfferedDays = [7, 30, 90, 365];

    /// <summary>The last <paramref name="days"/> whole UTC days, today included: one of the page's periods.</summary>
    public static AnalyticsQuery LastDays(Guid? partnerId, int days, DateTime now, Granularity granularity = Granularity.Day)
    {
        var to = now.Date.AddDays(1);
        return new AnalyticsQuery(partnerId, to.AddDays(-days), to, granularity);
    }

    public AnalyticsQuery Validated()
    {
        if (To <= From) throw ValidationException.For("to", "The period must end after it starts.");
        if ((To - From).TotalDays > MaxDays) throw ValidationException.For("to", $"Choose a period of at most {MaxDays} days.");
        if (From.TimeOfDay != TimeSpan.Zero || To.TimeOfDay != TimeSpan.Zero)
            throw ValidationException.For("from", "A period starts and ends at midnight (UTC): choose whole days.");
        return this;
    }

    /// <summary>The period of the same length just before this one (for churn and change).</summary>
    public (DateTime From, DateTime To) Previous => (From - (To - From), From);

    internal RollupSlice Slice => new(PartnerId, From, To);

    internal IQueryable<Purchase> Scope(ILoyaltyDb db) =>
        PartnerId is { } partner ? db.Purchases.Where(p => p.PartnerId == partner) : db.Purchases;

    /// <summary>
    /// The earliest time a record written after one of the period's receipts (its certificate's redemption) can
    /// carry: such records are stamped by the server once the receipt exists, and a till's clock may run up to five
    /// minutes ahead (PurchaseRequest), so a day before the period covers them all (0230).
    /// </summary>
    internal DateTime WrittenSince => From.AddDays(-1);

    /// <summary>Start of the bucket a day falls in: Monday-based ISO weeks, calendar months.</summary>
    public static DateTime BucketOf(DateTime day, Granularity granularity) => granularity switch
    {
        Granularity.Week => day.Date.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        Granularity.Month => new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        _ => day.Date,
    };
}
