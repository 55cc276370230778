using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

/// <summary>
/// The operator's brake on a partner's campaign: pause it (a campaign that breaks the coalition's rules or drains points)
/// and resume it. Nothing else — the partner owns the content, launching and ending (decision 0140). The reason is
/// mandatory and lands in the audit log under the partner, so the partner's staff see why their campaign stopped.
/// </summary>
public sealed class OverseePartnerCampaign(ILoyaltyDbFactory dbs, TimeProvider clock, ActiveCampaigns active) : IUseCase
{
    public const int ReasonMaxLength = 300;

    public async Task<CampaignStatus> HandleAsync(Guid campaignId, CampaignAction action, string reason, string actor, CancellationToken ct = default)
    {
        if (action is not (CampaignAction.Pause or CampaignAction.Resume))
            throw DomainException.Conflict("campaign-action-not-allowed", "The operator can only pause or resume a partner's campaign.");
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0) throw ValidationException.For("reason", "Say why: the partner sees this reason.");
        if (reason.Length > ReasonMaxLength) throw ValidationException.For("reason", $"Keep the reason under {ReasonMaxLength} characters.");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId && c.OwnerPartnerId != null, ct)
            ?? throw DomainException.NotFound("campaign-not-found", "This campaign does not exist.");
        var current = campaign.StatusAt(now);
        campaign.Status = (action, current) switch
        {
            (CampaignAction.Pause, CampaignStatus.Active or CampaignStatus.Scheduled) => CampaignStatus.Paused,
            (CampaignAction.Resume, CampaignStatus.Paused) => campaign.StartsAt > now ? CampaignStatus.Scheduled : CampaignStatus.Active,
            _ => throw DomainException.Conflict("campaign-status",
                $"A {current.ToString().ToLowerInvariant()} campaign cannot be {(action == CampaignAction.Pause ? "paused" : "resumed")}."),
        };
        campaign.UpdatedAt = now;
        var verb = action == CampaignAction.Pause ? "paused" : "resumed";
        db.AuditEvents.Add(new AuditEvent(now, $"campaign.operator-{verb}", actor, $"Campaign \"{campaign.Name}\" {verb} by the operator: {reason}",
            partnerId: campaign.OwnerPartnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        active.Forget();
        return campaign.StatusAt(now);
    }
}
