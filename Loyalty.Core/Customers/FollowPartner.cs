using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record FollowedPartner(Guid PartnerId, string Name, string Slug, AreaLabel Area, DateTime SubscribedAt);

/// <summary>Brand subscriptions: a member follows a partner to get its news (and joins its audience), or stops.</summary>
public sealed class FollowPartner(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(Guid customerId, Guid partnerId, bool follow, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId && p.Status == PartnerStatus.Active).Select(p => p.Name).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner is not in the program.");
        await using var tx = await db.BeginWriteAsync(ct);
        var existing = await db.PartnerSubscriptions.FirstOrDefaultAsync(s => s.CustomerId == customerId && s.PartnerId == partnerId, ct);
        if (follow == (existing is not null)) return;
        if (follow) db.PartnerSubscriptions.Add(new PartnerSubscription(customerId, partnerId, now));
        else db.PartnerSubscriptions.Remove(existing!);
        db.AuditEvents.Add(new AuditEvent(now, follow ? "subscription.added" : "subscription.removed", "member",
            follow ? $"Follows {partner}" : $"Stopped following {partner}", partnerId, customerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<FollowedPartner>> ListAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var rows = await db.PartnerSubscriptions.AsNoTracking().Where(s => s.CustomerId == customerId)
            .Join(db.Partners, s => s.PartnerId, p => p.Id, (s, p) => new { s, p })
            .OrderBy(x => x.p.Name)
            .Select(x => new { x.p.Id, x.p.Name, x.p.Slug, x.p.AreaId, x.s.SubscribedAt }).ToListAsync(ct);
        var areas = await ManageBusinessAreas.LabelsAsync(db, ct);
        return rows.Select(r => new FollowedPartner(r.Id, r.Name, r.Slug, areas.For(r.AreaId), r.SubscribedAt)).ToList();
    }
}
