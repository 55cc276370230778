using Loyalty.Core.Contests;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Loyalty.Web.Components.Contests;

/// <summary>Names of contest kinds, rules and states as every area shows them.</summary>
public static class ContestLabels
{
    public static string Rule(IStringLocalizer l, EntryRule rule) => rule switch
    {
        EntryRule.PerPurchase => l["One entry per purchase"],
        EntryRule.PerAmountStep => l["One entry per amount spent"],
        EntryRule.PerActivation => l["One entry per promo-code activation"],
        EntryRule.PerReview => l["One entry per review"],
        _ => rule.ToString(),
    };

    public static string Metric(IStringLocalizer l, LeaderboardMetric metric) => metric switch
    {
        LeaderboardMetric.MostPurchases => l["Most purchases"],
        LeaderboardMetric.MostVisits => l["Most visits (days with a purchase)"],
        LeaderboardMetric.MostSpent => l["Most spent"],
        LeaderboardMetric.FirstActivations => l["First to activate a product's code"],
        _ => metric.ToString(),
    };

    public static string Kind(IStringLocalizer l, ContestKind kind) => kind == ContestKind.Draw ? l["Prize draw"] : l["Leaderboard"];

    public static string Prize(IStringLocalizer l, PrizeKind kind) => kind switch
    {
        PrizeKind.Points => l["Points"],
        PrizeKind.Physical => l["Physical prize"],
        PrizeKind.Certificate => l["Certificate"],
        _ => kind.ToString(),
    };

    /// <summary>Scheduled splits into "upcoming", "running" and "closing" by the clock, as members see it.</summary>
    public static (string Text, Color Color) Status(IStringLocalizer l, ContestStatus status, DateTime startsAt, DateTime endsAt, DateTime now) => status switch
    {
        ContestStatus.Closed => (l["Closed"], Color.Default),
        ContestStatus.Cancelled => (l["Cancelled"], Color.Error),
        _ when now < startsAt => (l["Upcoming"], Color.Info),
        _ when now < endsAt => (l["Running"], Color.Success),
        _ => (l["Drawing winners"], Color.Warning),
    };

    public static string WinnerStatus(IStringLocalizer l, Core.Contests.WinnerStatus status, PrizeKind kind) => status switch
    {
        Core.Contests.WinnerStatus.Paid => kind == PrizeKind.Certificate ? l["Certificate issued"] : l["Paid"],
        Core.Contests.WinnerStatus.HandedOver => l["Handed over"],
        _ => kind switch { PrizeKind.Points => l["Paying"], PrizeKind.Certificate => l["Issuing"], _ => l["Awaiting hand-over"] },
    };

    /// <summary>Shows a UTC instant in a time zone, with the zone's name, so nobody guesses which clock is meant.</summary>
    public static string When(DateTime utc, string timeZone)
    {
        var zone = Zone(timeZone);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return $"{local:d MMM yyyy, HH:mm} {(zone.Id == "UTC" ? "UTC" : zone.Id)}";
    }

    public static TimeZoneInfo Zone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
