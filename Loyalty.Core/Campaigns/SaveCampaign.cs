using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

/// <summary>
/// A campaign as the editor sends it: money in major units, points with two decimals, percentages as typed.
/// <paramref name="RewardValue"/> means: % for an extra percent, points for fixed points and certificates, × for a multiplier.
/// </summary>
public sealed record CampaignForm(
    string? Name, string? Description, CampaignType Type, DateTime StartsAt, DateTime? EndsAt,
    RewardKind RewardKind, decimal RewardValue, decimal MinAmount = 0, IReadOnlyList<Guid>? StoreIds = null, int DaysOfWeek = 0, int HourFrom = 0, int HourTo = 0,
    bool FirstPurchaseOnly = false, string? Skus = null, string? Categories = null, Guid? SegmentId = null, decimal? BudgetPoints = null, int? PerCustomerLimit = null,
    int TriggerDays = 0, int CertificateValidDays = 15, decimal CertificateCapPercent = 0, string? Message = null,
    int ControlPercent = 0, decimal? VariantBRewardValue = null, int ConversionDays = 14);

/// <summary>Creates or changes a campaign (docs/decisions/0060-campaigns.md). A launched campaign's reward can still be edited; the till sees it within 15 s.</summary>
public sealed class SaveCampaign(ILoyaltyDbFactory dbs, TimeProvider clock, ActiveCampaigns active) : IUseCase
{
    public async Task<Guid> HandleAsync(Guid? ownerPartnerId, Guid? id, CampaignForm form, string currency = "KZT", CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors.TryAdd(field, [message]);
        var name = form.Name?.Trim() ?? "";
        if (name.Length == 0) Error("name", "Give the campaign a name.");
        else if (name.Length > Campaign.NameMaxLength) Error("name", $"A name has at most {Campaign.NameMaxLength} characters.");
        if (form.EndsAt is { } end && end <= form.StartsAt) Error("endsAt", "The campaign must end after it starts.");
        var isPurchase = form.Type is CampaignType.PurchaseBonus or CampaignType.SpecialOffer;
        if (isPurchase && form.RewardKind == RewardKind.Certificate) Error("rewardKind", "A purchase campaign gives points: an extra percent, fixed points or a multiplier.");
        if (!isPurchase && form.RewardKind is RewardKind.ExtraPercent or RewardKind.Multiplier) Error("rewardKind", "This campaign gives fixed points or a certificate.");
        var value = form.Type == CampaignType.ExpiryReminder ? 0 : RewardValue(form.RewardKind, form.RewardValue, "rewardValue", errors);
        if (form.Type == CampaignType.ExpiryReminder && form.TriggerDays < 1) Error("triggerDays", "Say how many days before expiry members are reminded.");
        long? valueB = form.VariantBRewardValue is { } b ? RewardValue(form.RewardKind, b, "variantBRewardValue", errors) : null;
        if (!Money.TryToMinor(form.MinAmount, currency, out var minAmount) || minAmount < 0) Error("minAmount", "The minimum amount must be zero or more.");
        long? budget = null;
        if (form.BudgetPoints is { } budgetPoints)
        {
            if (budgetPoints <= 0 || !PointValue.TryFromDecimal(budgetPoints, out var hundredths)) Error("budgetPoints", "The budget is a positive number of points with at most two decimals.");
            else budget = hundredths;
        }
        if (form.PerCustomerLimit is < 1) Error("perCustomerLimit", "The limit per member is at least 1, or empty for no limit.");
        if (form.HourFrom is < 0 or > 23 || form.HourTo is < 0 or > 24) Error("hourFrom", "Hours are from 0 to 24.");
        if (form.DaysOfWeek is < 0 or > 127) Error("daysOfWeek", "Unknown days of the week.");
        if (form.ControlPercent is < 0 or > 50) Error("controlPercent", "The control group is 0 to 50 % of the audience.");
        if (form.ConversionDays is < 1 or > 365) Error("conversionDays", "The conversion window is 1 to 365 days.");
        if (form.TriggerDays is < 0 or > 3650) Error("triggerDays", "Days are from 0 to 3,650.");
        if (form.Type == CampaignType.WinBack && form.TriggerDays < 1) Error("triggerDays", "Say after how many days without a purchase a member is won back.");
        if (form.CertificateValidDays is < 1 or > 3650) Error("certificateValidDays", "A certificate is valid 1 to 3,650 days.");
        var capBp = Percent.ToBasisPoints(form.CertificateCapPercent, "certificateCapPercent", "The certificate's cap", errors);
        if (form.Type == CampaignType.SpecialOffer && string.IsNullOrWhiteSpace(form.Skus) && string.IsNullOrWhiteSpace(form.Categories))
            Error("skus", "A special offer names at least one SKU or category.");
        if ((form.Skus?.Length ?? 0) > Campaign.ListMaxLength) Error("skus", "Too many SKUs.");
        if ((form.Categories?.Length ?? 0) > Campaign.ListMaxLength) Error("categories", "Too many categories.");
        if ((form.Message?.Length ?? 0) > 1000) Error("message", "A message has at most 1,000 characters.");
        if ((form.Description?.Length ?? 0) > 1000) Error("description", "A description has at most 1,000 characters.");
        if (errors.Count > 0) throw new ValidationException(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        if (form.SegmentId is { } segmentId
            && !await db.Segments.AnyAsync(s => s.Id == segmentId && (s.OwnerPartnerId == ownerPartnerId || s.OwnerPartnerId == null), ct))
            throw ValidationException.For("segmentId", "Choose one of your segments.");
        var stores = form.StoreIds ?? [];
        if (stores.Count > 0)
        {
            // A partner targets its own stores; another partner's store is refused, not silently ignored.
            var known = await db.Stores.Where(s => stores.Contains(s.Id) && (ownerPartnerId == null || s.PartnerId == ownerPartnerId)).CountAsync(ct);
            if (known != stores.Distinct().Count()) throw ValidationException.For("storeIds", "Choose stores of your own.");
        }

        Campaign campaign;
        if (id is { } existing)
        {
            campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == existing && c.OwnerPartnerId == ownerPartnerId, ct)
                ?? throw DomainException.NotFound("campaign-not-found", "This campaign does not exist.");
            if (campaign.Status == CampaignStatus.Ended) throw DomainException.Conflict("campaign-ended", "An ended campaign cannot be changed.");
            if (campaign.Type != form.Type) throw ValidationException.For("type", "The type of a saved campaign cannot change.");
        }
        else
        {
            campaign = new Campaign(ownerPartnerId, name, form.Type, now);
            db.Campaigns.Add(campaign);
        }
        campaign.Name = name;
        campaign.Description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim();
        campaign.StartsAt = form.StartsAt;
        campaign.EndsAt = form.EndsAt;
        campaign.RewardKind = form.RewardKind;
        campaign.RewardValue = value;
        campaign.VariantBRewardValue = valueB;
        campaign.MinAmount = minAmount;
        campaign.StoreIds = string.Join(',', stores.Distinct());
        campaign.DaysOfWeek = form.DaysOfWeek;
        campaign.HourFrom = form.HourFrom;
        campaign.HourTo = form.HourTo;
        campaign.FirstPurchaseOnly = form.FirstPurchaseOnly;
        campaign.Skus = string.Join(',', CampaignRules.ParseList(form.Skus));
        campaign.Categories = string.Join(',', CampaignRules.ParseList(form.Categories));
        campaign.SegmentId = form.SegmentId;
        campaign.BudgetPoints = budget;
        campaign.PerCustomerLimit = form.PerCustomerLimit;
        campaign.TriggerDays = form.TriggerDays;
        campaign.CertificateValidDays = form.CertificateValidDays;
        campaign.CertificateCapBp = capBp;
        campaign.Message = string.IsNullOrWhiteSpace(form.Message) ? null : form.Message.Trim();
        campaign.ControlPercent = form.ControlPercent;
        campaign.ConversionDays = form.ConversionDays;
        campaign.UpdatedAt = now;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        active.Forget();
        return campaign.Id;
    }

    /// <summary>Stored form of a reward value: basis points, hundredths of a point, or the multiplier × 100.</summary>
    internal static long RewardValue(RewardKind kind, decimal value, string field, IDictionary<string, string[]> errors)
    {
        switch (kind)
        {
            case RewardKind.ExtraPercent:
                if (value <= 0) { errors[field] = ["The extra percent must be greater than zero."]; return 0; }
                return Percent.ToBasisPoints(value, field, "The extra percent", errors);
            case RewardKind.Multiplier:
                if (value <= 1 || value > 20 || value * 100 != decimal.Truncate(value * 100)) { errors[field] = ["A multiplier is more than 1 and at most 20, e.g. 2 for double points."]; return 0; }
                return (long)(value * 100);
            default:
                if (value <= 0 || value > 10_000_000 || !PointValue.TryFromDecimal(value, out var points)) { errors[field] = ["Points are a positive number with at most two decimals."]; return 0; }
                return points;
        }
    }
}
