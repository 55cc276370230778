using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

public sealed record CampaignOwner(Guid? PartnerId, string? PartnerName);

/// <summary>Whose campaign this is, for the operator's console, which reads every owner's campaigns (decision 0140).</summary>
public sealed class FindCampaignOwner(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<CampaignOwner> HandleAsync(Guid campaignId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var owner = await db.Campaigns.AsNoTracking().Where(c => c.Id == campaignId)
            .Select(c => new { c.OwnerPartnerId, Name = db.Partners.Where(p => p.Id == c.OwnerPartnerId).Select(p => p.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("campaign-not-found", "This campaign does not exist.");
        return new CampaignOwner(owner.OwnerPartnerId, owner.Name);
    }
}
