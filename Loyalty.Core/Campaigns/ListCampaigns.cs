using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

public sealed record CampaignRow(Guid Id, string Name, CampaignType Type, CampaignStatus Status, DateTime StartsAt, DateTime? EndsAt,
    long? BudgetPoints, long SpentPoints, string? SegmentName, bool HasTest);

public sealed record CampaignPage(IReadOnlyList<CampaignRow> Rows, int Total);

/// <summary>The owner's campaigns, newest start first, paged and filtered in the database.</summary>
public sealed class ListCampaigns(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<CampaignPage> HandleAsync(Guid? ownerPartnerId, string? search = null, int skip = 0, int take = 25, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var query = db.Campaigns.AsNoTracking().Where(c => c.OwnerPartnerId == ownerPartnerId);
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(c => c.Name.Contains(search.Trim()));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.StartsAt).ThenBy(c => c.Name).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200))
            .Select(c => new
            {
                Campaign = c,
                Segment = db.Segments.Where(s => s.Id == c.SegmentId).Select(s => s.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        return new CampaignPage(rows.Select(r => new CampaignRow(r.Campaign.Id, r.Campaign.Name, r.Campaign.Type, r.Campaign.StatusAt(now), r.Campaign.StartsAt,
            r.Campaign.EndsAt, r.Campaign.BudgetPoints, r.Campaign.SpentPoints, r.Segment, r.Campaign.ControlPercent > 0 || r.Campaign.VariantBRewardValue is not null)).ToList(), total);
    }
}

public sealed record CalendarEntry(Guid Id, string Name, CampaignType Type, CampaignStatus Status, DateTime StartsAt, DateTime? EndsAt);

/// <summary>The owner's campaigns that overlap [from, to): what the calendar draws.</summary>
public sealed class CampaignCalendar(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<IReadOnlyList<CalendarEntry>> HandleAsync(Guid? ownerPartnerId, DateTime from, DateTime to, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var rows = await db.Campaigns.AsNoTracking()
            .Where(c => c.OwnerPartnerId == ownerPartnerId && c.StartsAt < to && (c.EndsAt == null || c.EndsAt > from))
            .OrderBy(c => c.StartsAt).Take(500).ToListAsync(ct);
        return rows.Select(c => new CalendarEntry(c.Id, c.Name, c.Type, c.StatusAt(now), c.StartsAt, c.EndsAt)).ToList();
    }
}

/// <summary>One campaign with its form, for the editor.</summary>
public sealed class GetCampaign(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<(CampaignForm Form, CampaignStatus Status, long SpentPoints)> HandleAsync(Guid? ownerPartnerId, Guid id, string currency = "KZT", CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var c = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.OwnerPartnerId == ownerPartnerId, ct)
            ?? throw DomainException.NotFound("campaign-not-found", "This campaign does not exist.");
        decimal Value(long v) => c.RewardKind switch
        {
            RewardKind.ExtraPercent => v / 100m,
            RewardKind.Multiplier => v / 100m,
            _ => PointValue.ToDecimal(v),
        };
        var form = new CampaignForm(c.Name, c.Description, c.Type, c.StartsAt, c.EndsAt, c.RewardKind, Value(c.RewardValue), Money.ToMajor(c.MinAmount, currency),
            CampaignRules.ParseIds(c.StoreIds).ToList(), c.DaysOfWeek, c.HourFrom, c.HourTo, c.FirstPurchaseOnly, c.Skus, c.Categories, c.SegmentId,
            c.BudgetPoints is { } b ? PointValue.ToDecimal(b) : null, c.PerCustomerLimit, c.TriggerDays, c.CertificateValidDays, c.CertificateCapBp / 100m, c.Message,
            c.ControlPercent, c.VariantBRewardValue is { } vb ? Value(vb) : null, c.ConversionDays);
        return (form, c.StatusAt(clock.GetUtcNow().UtcDateTime), c.SpentPoints);
    }
}
