using Loyalty.Core.Campaigns;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Loyalty.Web.Components.Campaigns;

/// <summary>Human names and colours of campaign enums, shared by the cabinet and the console.</summary>
public static class CampaignLabels
{
    public static string Type(IStringLocalizer L, CampaignType type) => type switch
    {
        CampaignType.PurchaseBonus => L["Purchase bonus"],
        CampaignType.SpecialOffer => L["Special offer"],
        CampaignType.BrandSubscription => L["Brand subscription"],
        CampaignType.ProfileCompletion => L["Profile completion"],
        CampaignType.Birthday => L["Birthday"],
        CampaignType.Welcome => L["Welcome"],
        CampaignType.WinBack => L["Win-back"],
        CampaignType.ExpiryReminder => L["Expiry reminder"],
        CampaignType.Review => L["Review reward"],
        _ => type.ToString(),
    };

    public static string Status(IStringLocalizer L, CampaignStatus status) => status switch
    {
        CampaignStatus.Draft => L["Draft"],
        CampaignStatus.Scheduled => L["Scheduled"],
        CampaignStatus.Active => L["Active"],
        CampaignStatus.Paused => L["Paused"],
        _ => L["Ended"],
    };

    public static Color StatusColor(CampaignStatus status) => status switch
    {
        CampaignStatus.Active => Color.Success,
        CampaignStatus.Scheduled => Color.Info,
        CampaignStatus.Paused => Color.Warning,
        CampaignStatus.Draft => Color.Default,
        _ => Color.Dark,
    };

    public static string Reward(IStringLocalizer L, RewardKind kind) => kind switch
    {
        RewardKind.ExtraPercent => L["Extra percent of the receipt"],
        RewardKind.FixedPoints => L["Fixed points"],
        RewardKind.Multiplier => L["Points multiplier"],
        _ => L["Certificate"],
    };

    public static string Variant(IStringLocalizer L, TestArm variant) => variant switch
    {
        TestArm.A => L["Variant A"],
        TestArm.B => L["Variant B"],
        _ => L["Control"],
    };

    public static string Icon(CampaignType type) => type switch
    {
        CampaignType.PurchaseBonus => Icons.Material.Outlined.ShoppingCart,
        CampaignType.SpecialOffer => Icons.Material.Outlined.LocalOffer,
        CampaignType.Birthday => Icons.Material.Outlined.Cake,
        CampaignType.Welcome => Icons.Material.Outlined.WavingHand,
        CampaignType.WinBack => Icons.Material.Outlined.Replay,
        CampaignType.ExpiryReminder => Icons.Material.Outlined.HourglassBottom,
        CampaignType.Review => Icons.Material.Outlined.RateReview,
        CampaignType.BrandSubscription => Icons.Material.Outlined.Favorite,
        _ => Icons.Material.Outlined.Person,
    };
}
