using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

public enum CampaignAction
{
    Launch,
    Pause,
    Resume,
    End,
}

/// <summary>
/// Draft → (launch) scheduled/active ↔ paused → ended. Launching is what makes a campaign count; its dates then say
/// whether it is scheduled, running or over. The till sees the change at once in this process (cache forgotten).
/// </summary>
public sealed class ChangeCampaignStatus(ILoyaltyDbFactory dbs, TimeProvider clock, ActiveCampaigns active) : IUseCase
{
    public async Task<CampaignStatus> HandleAsync(Guid? ownerPartnerId, Guid id, CampaignAction action, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id && c.OwnerPartnerId == ownerPartnerId, ct)
            ?? throw DomainException.NotFound("campaign-not-found", "This campaign does not exist.");
        var current = campaign.StatusAt(now);
        campaign.Status = (action, current) switch
        {
            (CampaignAction.Launch, CampaignStatus.Draft) when campaign.EndsAt is { } end && end <= now =>
                throw DomainException.Conflict("campaign-in-past", "This campaign's dates are over: change them before launching."),
            (CampaignAction.Launch, CampaignStatus.Draft) => campaign.StartsAt > now ? CampaignStatus.Scheduled : CampaignStatus.Active,
            (CampaignAction.Pause, CampaignStatus.Active or CampaignStatus.Scheduled) => CampaignStatus.Paused,
            (CampaignAction.Resume, CampaignStatus.Paused) => campaign.StartsAt > now ? CampaignStatus.Scheduled : CampaignStatus.Active,
            (CampaignAction.End, not CampaignStatus.Ended) => CampaignStatus.Ended,
            _ => throw DomainException.Conflict("campaign-status", $"A {current.ToString().ToLowerInvariant()} campaign cannot be {Done(action)}."),
        };
        if (campaign.Status == CampaignStatus.Ended && (campaign.EndsAt is null || campaign.EndsAt > now)) campaign.EndsAt = now;
        campaign.UpdatedAt = now;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        active.Forget();
        return campaign.StatusAt(now);
    }

    private static string Done(CampaignAction action) => action switch
    {
        CampaignAction.Launch => "launched",
        CampaignAction.Pause => "paused",
        CampaignAction.Resume => "resumed",
        _ => "ended",
    };
}

/// <summary>Moves a draft or scheduled campaign to a new start day (the calendar's drag and drop), keeping its length.</summary>
public sealed class RescheduleCampaign(ILoyaltyDbFactory dbs, TimeProvider clock, ActiveCampaigns active) : IUseCase
{
    public async Task HandleAsync(Guid? ownerPartnerId, Guid id, DateTime newStart, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id && c.OwnerPartnerId == ownerPartnerId, ct)
            ?? throw DomainException.NotFound("campaign-not-found", "This campaign does not exist.");
        var status = campaign.StatusAt(now);
        if (status is not (CampaignStatus.Draft or CampaignStatus.Scheduled))
            throw DomainException.Conflict("campaign-not-movable", "Only a draft or scheduled campaign can be moved.");
        if (status == CampaignStatus.Scheduled && newStart < now.Date)
            throw DomainException.Conflict("campaign-in-past", "A scheduled campaign cannot be moved into the past.");
        var length = campaign.EndsAt - campaign.StartsAt;
        campaign.StartsAt = newStart.Date + campaign.StartsAt.TimeOfDay;
        campaign.EndsAt = campaign.StartsAt + length;
        campaign.UpdatedAt = now;
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        active.Forget();
    }
}
