using Loyalty.Core.Segments;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Segments;

/// <summary>How the rule builder asks for a value of each field.</summary>
public enum ValueKind
{
    Money,
    Count,
    Days,
    Years,
    Text,
    RfmSegment,
    Gender,
    Tier,
    Store,
    Flag,
    /// <summary>"Bought X (in the last N days)": is / is not plus a value and an optional window.</summary>
    History,
}

public sealed record FieldInfo(SegmentField Field, string Group, string Label, ValueKind Kind);

/// <summary>The rule builder's catalogue of fields, grouped as a marketer thinks about them.</summary>
public static class SegmentFields
{
    public static IReadOnlyList<FieldInfo> All(IStringLocalizer l) =>
    [
        new(SegmentField.Spend30, l["Purchases"], l["Spend, last 30 days"], ValueKind.Money),
        new(SegmentField.Spend90, l["Purchases"], l["Spend, last 90 days"], ValueKind.Money),
        new(SegmentField.Spend365, l["Purchases"], l["Spend, last 12 months"], ValueKind.Money),
        new(SegmentField.SpendTotal, l["Purchases"], l["Spend, all time"], ValueKind.Money),
        new(SegmentField.Purchases30, l["Purchases"], l["Visits, last 30 days"], ValueKind.Count),
        new(SegmentField.Purchases90, l["Purchases"], l["Visits, last 90 days"], ValueKind.Count),
        new(SegmentField.Purchases365, l["Purchases"], l["Visits, last 12 months"], ValueKind.Count),
        new(SegmentField.PurchasesTotal, l["Purchases"], l["Visits, all time"], ValueKind.Count),
        new(SegmentField.AverageTicket, l["Purchases"], l["Average ticket"], ValueKind.Money),
        new(SegmentField.AverageTicket30, l["Purchases"], l["Average ticket, last 30 days"], ValueKind.Money),
        new(SegmentField.AverageTicket90, l["Purchases"], l["Average ticket, last 90 days"], ValueKind.Money),
        new(SegmentField.AverageTicket365, l["Purchases"], l["Average ticket, last 12 months"], ValueKind.Money),
        new(SegmentField.DaysSinceLastPurchase, l["Purchases"], l["Days since the last purchase"], ValueKind.Days),
        new(SegmentField.FavouriteCategory, l["Purchases"], l["Favourite category"], ValueKind.Text),
        new(SegmentField.BoughtCategory, l["Purchases"], l["Bought in category"], ValueKind.History),
        new(SegmentField.BoughtSku, l["Purchases"], l["Bought SKU"], ValueKind.History),
        new(SegmentField.VisitedStore, l["Purchases"], l["Visited store"], ValueKind.Store),
        new(SegmentField.RfmSegment, l["Loyalty"], l["RFM segment"], ValueKind.RfmSegment),
        new(SegmentField.Tier, l["Loyalty"], l["Tier"], ValueKind.Tier),
        new(SegmentField.Referred, l["Loyalty"], l["Came by a friend's referral"], ValueKind.Flag),
        new(SegmentField.HasReferredFriends, l["Loyalty"], l["Has referred friends"], ValueKind.Flag),
        new(SegmentField.DaysSinceRegistration, l["Loyalty"], l["Days since joining"], ValueKind.Days),
        new(SegmentField.SubscribedToBrand, l["Loyalty"], l["Subscribed to the brand"], ValueKind.Flag),
        new(SegmentField.Tag, l["Loyalty"], l["Has tag"], ValueKind.Text),
        new(SegmentField.Age, l["Person"], l["Age"], ValueKind.Years),
        new(SegmentField.Gender, l["Person"], l["Gender"], ValueKind.Gender),
        new(SegmentField.City, l["Person"], l["City"], ValueKind.Text),
        new(SegmentField.Language, l["Person"], l["Language"], ValueKind.Text),
        new(SegmentField.EmailConsent, l["Consents"], l["Agreed to e-mail"], ValueKind.Flag),
        new(SegmentField.SmsConsent, l["Consents"], l["Agreed to SMS"], ValueKind.Flag),
    ];

    public static IReadOnlyList<RuleOperator> OperatorsFor(ValueKind kind) => kind switch
    {
        ValueKind.Money or ValueKind.Count => [RuleOperator.AtLeast, RuleOperator.AtMost, RuleOperator.Equals],
        ValueKind.Days or ValueKind.Years => [RuleOperator.AtLeast, RuleOperator.AtMost],
        _ => [RuleOperator.Equals, RuleOperator.NotEquals],
    };

    public static string Operator(IStringLocalizer l, RuleOperator op) => op switch
    {
        RuleOperator.AtLeast => l["at least"],
        RuleOperator.AtMost => l["at most"],
        RuleOperator.Equals => l["is"],
        _ => l["is not"],
    };
}
