using Loyalty.Core.Segments;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Segments;

/// <summary>Names, one-line meanings and colours of the RFM segments, shared by the cabinet and the console.</summary>
public static class SegmentLabels
{
    public static string Name(IStringLocalizer l, RfmSegment segment) => segment switch
    {
        RfmSegment.Champions => l["Champions"],
        RfmSegment.Loyal => l["Loyal"],
        RfmSegment.PotentialLoyalists => l["Potential loyalists"],
        RfmSegment.New => l["New customers"],
        RfmSegment.Promising => l["Promising"],
        RfmSegment.NeedAttention => l["Need attention"],
        RfmSegment.AtRisk => l["At risk"],
        RfmSegment.CantLose => l["Can't lose them"],
        RfmSegment.Hibernating => l["Hibernating"],
        _ => l["Lost"],
    };

    public static string Meaning(IStringLocalizer l, RfmSegment segment) => segment switch
    {
        RfmSegment.Champions => l["Bought recently, buy often and spend the most."],
        RfmSegment.Loyal => l["Buy often and spend well; a little less recent."],
        RfmSegment.PotentialLoyalists => l["Recent customers with a few purchases: worth a loyalty offer."],
        RfmSegment.New => l["Bought very recently for the first time or two."],
        RfmSegment.Promising => l["Recent shoppers who have not spent much yet."],
        RfmSegment.NeedAttention => l["Average on every axis and starting to slip."],
        RfmSegment.AtRisk => l["Used to buy often, but not for a while."],
        RfmSegment.CantLose => l["Your best customers once; gone quiet. Win them back."],
        RfmSegment.Hibernating => l["Rare, small and long ago."],
        _ => l["Lowest on every axis: the last purchase was long ago."],
    };

    /// <summary>Green for the best, through blue and amber, to grey for the lost: the palette reads as a health scale.</summary>
    public static string Colour(RfmSegment segment) => segment switch
    {
        RfmSegment.Champions => "#1b873f",
        RfmSegment.Loyal => "#2e9d78",
        RfmSegment.PotentialLoyalists => "#2f7bbf",
        RfmSegment.New => "#2596be",
        RfmSegment.Promising => "#5a8fd6",
        RfmSegment.NeedAttention => "#c98a00",
        RfmSegment.AtRisk => "#d9651b",
        RfmSegment.CantLose => "#c2362f",
        RfmSegment.Hibernating => "#7a8594",
        _ => "#525b66",
    };
}
