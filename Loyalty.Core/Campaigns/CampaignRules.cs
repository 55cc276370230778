using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Loyalty.Core.Common;

namespace Loyalty.Core.Campaigns;

/// <summary>A purchase campaign as the till needs it: parsed once when the cache loads (see <see cref="ActiveCampaigns"/>).</summary>
public sealed record LiveCampaign(
    Guid Id, Guid? OwnerPartnerId, string Name, CampaignType Type, RewardKind RewardKind, long RewardValue, long? VariantBRewardValue, int ControlPercent,
    DateTime StartsAt, DateTime? EndsAt, long MinAmount, IReadOnlySet<Guid> StoreIds, int DaysOfWeek, int HourFrom, int HourTo, TimeZoneInfo TimeZone,
    bool FirstPurchaseOnly, IReadOnlySet<string> Skus, IReadOnlySet<string> Categories, Guid? SegmentId, long? BudgetPoints, int? PerCustomerLimit);

/// <summary>One receipt line for the rules: SKU, category and the line total in minor units.</summary>
public sealed record OfferLine(string Sku, string? Category, long Price);

/// <summary>What the rules know about a sale. <paramref name="Segments"/> and <paramref name="IsFirstPurchase"/> are read only when a campaign asks.</summary>
public sealed record CampaignSale(
    Guid CustomerId, Guid StoreId, DateTime OccurredAt, long Amount, long Paid, long BaseEarned, string Currency,
    IReadOnlyList<OfferLine> Lines, IReadOnlySet<Guid> Segments, bool IsFirstPurchase);

/// <summary>A bonus a campaign gives on this sale (points in hundredths), and the arm the member is in.</summary>
public sealed record CampaignBonus(Guid CampaignId, Guid? OwnerPartnerId, string Name, long Points, TestArm Variant, int? PerCustomerLimit = null);

/// <summary>
/// Pure arithmetic of purchase campaigns: which apply to a sale and how many points each gives. Always rounded down,
/// like base points. A member in a campaign's control group gets nothing (and no row: the till does not record control
/// exposure; see docs/decisions/0063-ab-tests.md).
/// </summary>
public static class CampaignRules
{
    public static IReadOnlyList<CampaignBonus> Evaluate(IEnumerable<LiveCampaign> campaigns, CampaignSale sale)
    {
        var bonuses = new List<CampaignBonus>();
        foreach (var campaign in campaigns)
        {
            if (!Applies(campaign, sale)) continue;
            var variant = Assign(campaign.Id, sale.CustomerId, campaign.ControlPercent, campaign.VariantBRewardValue is not null);
            if (variant == TestArm.Control) continue;
            var value = variant == TestArm.B ? campaign.VariantBRewardValue!.Value : campaign.RewardValue;
            var points = Points(campaign, value, sale);
            if (campaign.BudgetPoints is { } budget && points > budget) continue;
            if (points > 0) bonuses.Add(new CampaignBonus(campaign.Id, campaign.OwnerPartnerId, campaign.Name, points, variant, campaign.PerCustomerLimit));
        }
        return bonuses;
    }

    /// <summary>Every condition except budget and per-member limits, which the write enforces.</summary>
    public static bool Applies(LiveCampaign c, CampaignSale sale)
    {
        if (sale.OccurredAt < c.StartsAt || (c.EndsAt is { } end && sale.OccurredAt >= end)) return false;
        if (sale.Amount < c.MinAmount) return false;
        if (c.StoreIds.Count > 0 && !c.StoreIds.Contains(sale.StoreId)) return false;
        if (c.SegmentId is { } segment && !sale.Segments.Contains(segment)) return false;
        if (c.FirstPurchaseOnly && !sale.IsFirstPurchase) return false;
        var local = TimeZoneInfo.ConvertTimeFromUtc(sale.OccurredAt, c.TimeZone);
        if (c.DaysOfWeek is > 0 and < 127 && (c.DaysOfWeek & DayBit(local.DayOfWeek)) == 0) return false;
        if (c.HourFrom != c.HourTo)
        {
            var hour = local.Hour;
            var inside = c.HourFrom < c.HourTo ? hour >= c.HourFrom && hour < c.HourTo : hour >= c.HourFrom || hour < c.HourTo;
            if (!inside) return false;
        }
        if (IsOffer(c) && MatchingTotal(c, sale.Lines) == 0) return false;
        return true;
    }

    /// <summary>Points (hundredths) of one campaign on this sale.</summary>
    public static long Points(LiveCampaign c, long value, CampaignSale sale)
    {
        // A special offer pays on the matching lines only: their share of the money paid, and of the base points.
        decimal share = 1m;
        if (IsOffer(c))
        {
            var total = sale.Lines.Sum(l => l.Price);
            share = total <= 0 ? 0m : MatchingTotal(c, sale.Lines) / (decimal)total;
        }
        return c.RewardKind switch
        {
            RewardKind.ExtraPercent => (long)decimal.Floor(Money.ToMajor(sale.Paid, sale.Currency) * share * value / 10_000m * PointValue.Scale),
            RewardKind.FixedPoints => value,
            RewardKind.Multiplier => value <= 100 ? 0 : (long)decimal.Floor(sale.BaseEarned * share * (value - 100) / 100m),
            _ => 0,
        };
    }

    private static bool IsOffer(LiveCampaign c) => c.Skus.Count > 0 || c.Categories.Count > 0;

    private static long MatchingTotal(LiveCampaign c, IReadOnlyList<OfferLine> lines) =>
        lines.Where(l => c.Skus.Contains(l.Sku) || (l.Category is not null && c.Categories.Contains(l.Category))).Sum(l => l.Price);

    /// <summary>Monday = bit 0 … Sunday = bit 6.</summary>
    public static int DayBit(DayOfWeek day) => 1 << (((int)day + 6) % 7);

    /// <summary>
    /// Deterministic arm: the first 8 bytes of SHA-256(campaign id ‖ member id) as a number, modulo 10,000. The lowest
    /// <paramref name="controlPercent"/> % are control; the rest split evenly into A and B when B exists. The same member
    /// lands in the same arm on every node and every run, with no stored state.
    /// </summary>
    public static TestArm Assign(Guid campaignId, Guid customerId, int controlPercent, bool hasVariantB)
    {
        if (controlPercent <= 0 && !hasVariantB) return TestArm.A;
        var bucket = Bucket(campaignId, customerId);
        if (bucket < controlPercent * 100) return TestArm.Control;
        if (!hasVariantB) return TestArm.A;
        return bucket % 2 == 0 ? TestArm.A : TestArm.B;
    }

    public static int Bucket(Guid campaignId, Guid customerId)
    {
        Span<byte> input = stackalloc byte[32];
        campaignId.TryWriteBytes(input);
        customerId.TryWriteBytes(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % 10_000);
    }

    public static IReadOnlySet<string> ParseList(string? csv) =>
        new HashSet<string>((csv ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);

    public static IReadOnlySet<Guid> ParseIds(string? csv) =>
        new HashSet<Guid>((csv ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty));
}
