using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

/// <summary>One campaign in the operator's coalition-wide list; <see cref="PartnerId"/> null is the operator's own.</summary>
public sealed record CoalitionCampaignRow(Guid Id, string Name, CampaignType Type, CampaignStatus Status, DateTime StartsAt, DateTime? EndsAt,
    long? BudgetPoints, long SpentPoints, string? SegmentName, bool HasTest, Guid? PartnerId, string? PartnerName);

public sealed record CoalitionCampaignPage(IReadOnlyList<CoalitionCampaignRow> Rows, int Total);

/// <summary>
/// Every campaign in the coalition — the operator's and all partners' — for the operator console, newest start first,
/// filtered by owner and name and paged in the database. Operator only: partners use <see cref="ListCampaigns"/>.
/// </summary>
public sealed class ListCoalitionCampaigns(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<CoalitionCampaignPage> HandleAsync(OwnerFilter owner, string? search = null, int skip = 0, int take = 25, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var query = CoalitionCampaigns.Owned(db.Campaigns.AsNoTracking(), owner);
        if (!string.IsNullOrWhiteSpace(search)) query = query.Where(c => c.Name.Contains(search.Trim()));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.StartsAt).ThenBy(c => c.Name).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200))
            .Select(c => new
            {
                Campaign = c,
                Segment = db.Segments.Where(s => s.Id == c.SegmentId).Select(s => s.Name).FirstOrDefault(),
                Partner = db.Partners.Where(p => p.Id == c.OwnerPartnerId).Select(p => p.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        return new CoalitionCampaignPage(rows.Select(r => new CoalitionCampaignRow(r.Campaign.Id, r.Campaign.Name, r.Campaign.Type, r.Campaign.StatusAt(now),
            r.Campaign.StartsAt, r.Campaign.EndsAt, r.Campaign.BudgetPoints, r.Campaign.SpentPoints, r.Segment,
            r.Campaign.ControlPercent > 0 || r.Campaign.VariantBRewardValue is not null, r.Campaign.OwnerPartnerId, r.Partner)).ToList(), total);
    }
}

/// <summary>A campaign on the operator's coalition calendar, with its owner.</summary>
public sealed record CoalitionCalendarEntry(Guid Id, string Name, CampaignType Type, CampaignStatus Status, DateTime StartsAt, DateTime? EndsAt,
    Guid? PartnerId, string? PartnerName);

/// <summary>Every owner's campaigns that overlap [from, to), for the operator's calendar of the whole coalition.</summary>
public sealed class CoalitionCampaignCalendar(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<IReadOnlyList<CoalitionCalendarEntry>> HandleAsync(OwnerFilter owner, DateTime from, DateTime to, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var rows = await CoalitionCampaigns.Owned(db.Campaigns.AsNoTracking(), owner)
            .Where(c => c.StartsAt < to && (c.EndsAt == null || c.EndsAt > from))
            .OrderBy(c => c.StartsAt).Take(1000)
            .Select(c => new { Campaign = c, Partner = db.Partners.Where(p => p.Id == c.OwnerPartnerId).Select(p => p.Name).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(r => new CoalitionCalendarEntry(r.Campaign.Id, r.Campaign.Name, r.Campaign.Type, r.Campaign.StatusAt(now), r.Campaign.StartsAt,
            r.Campaign.EndsAt, r.Campaign.OwnerPartnerId, r.Partner)).ToList();
    }
}

internal static class CoalitionCampaigns
{
    public static IQueryable<Campaign> Owned(IQueryable<Campaign> campaigns, OwnerFilter owner) =>
        owner.OperatorOnly ? campaigns.Where(c => c.OwnerPartnerId == null)
        : owner.PartnerId is { } partner ? campaigns.Where(c => c.OwnerPartnerId == partner)
        : campaigns;
}
