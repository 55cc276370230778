using System.Collections.Concurrent;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

/// <summary>
/// The launched purchase campaigns that may apply at a partner (its own and the operator's), held in memory for
/// <see cref="Lifetime"/> like <see cref="Pos.PosReferenceData"/>: a sale with no campaign costs no statement at all.
/// Saving, launching, pausing or ending a campaign calls <see cref="Forget"/>; other nodes see it within the lifetime.
/// </summary>
public sealed class ActiveCampaigns(ILoyaltyDbFactory dbs, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    /// <summary>A partner's live campaigns and whether any needs the member's segments or purchase history.</summary>
    public sealed record AtPartner(IReadOnlyList<LiveCampaign> Campaigns, bool NeedsSegments, bool NeedsFirstPurchase);

    private readonly ConcurrentDictionary<Guid, (AtPartner Value, long LoadedAt)> _partners = new();
    private readonly ConcurrentDictionary<string, LedgerAccount> _accounts = new(StringComparer.Ordinal);

    public async Task<AtPartner> ForPartnerAsync(Guid partnerId, CancellationToken ct)
    {
        if (_partners.TryGetValue(partnerId, out var cached) && clock.GetElapsedTime(cached.LoadedAt) < Lifetime) return cached.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var zoneId = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => p.TimeZone).FirstOrDefaultAsync(ct) ?? "UTC";
        var zone = FindZone(zoneId);
        var rows = await db.Campaigns.AsNoTracking()
            .Where(c => (c.OwnerPartnerId == partnerId || c.OwnerPartnerId == null)
                && (c.Type == CampaignType.PurchaseBonus || c.Type == CampaignType.SpecialOffer)
                && (c.Status == CampaignStatus.Scheduled || c.Status == CampaignStatus.Active)
                && (c.EndsAt == null || c.EndsAt > now))
            .ToListAsync(ct);
        var live = rows.OrderBy(c => c.CreatedAt).Select(c => new LiveCampaign(c.Id, c.OwnerPartnerId, c.Name, c.Type, c.RewardKind, c.RewardValue,
            c.VariantBRewardValue, c.ControlPercent, c.StartsAt, c.EndsAt, c.MinAmount, CampaignRules.ParseIds(c.StoreIds), c.DaysOfWeek, c.HourFrom, c.HourTo,
            zone, c.FirstPurchaseOnly, CampaignRules.ParseList(c.Skus), CampaignRules.ParseList(c.Categories), c.SegmentId, c.BudgetPoints, c.PerCustomerLimit)).ToList();
        var value = new AtPartner(live, live.Any(c => c.SegmentId is not null), live.Any(c => c.FirstPurchaseOnly));
        _partners[partnerId] = (value, clock.GetTimestamp());
        return value;
    }

    /// <summary>The account that funds a campaign's points: the owner's issuance account, or the operator's account.</summary>
    internal async Task<LedgerAccount> FundingAccountAsync(ILoyaltyDb db, Guid? ownerPartnerId, CancellationToken ct)
    {
        var template = ownerPartnerId is { } partner ? LedgerAccount.ForPartner(partner, AccountKind.PartnerIssuance) : LedgerAccount.System(AccountKind.Operator);
        if (_accounts.TryGetValue(template.Key, out var known)) return known;
        var account = await Ledger.AccountAsync(db, template, ct);
        // Only an account that existed before this write is remembered: a new one could still be rolled back.
        if (!ReferenceEquals(account, template)) _accounts[template.Key] = account;
        return account;
    }

    public void Forget() => _partners.Clear();

    internal static TimeZoneInfo FindZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
