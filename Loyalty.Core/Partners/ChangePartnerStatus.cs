using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

/// <summary>
/// Suspending a partner stops its tills at once in this process (the POS cache is cleared; other nodes within 15 s):
/// members keep their points and can spend them elsewhere. Activating resumes it. Both audited with the reason.
/// </summary>
public sealed class ChangePartnerStatus(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference) : IUseCase
{
    public Task SuspendAsync(Guid partnerId, string reason, string actor, CancellationToken ct = default) =>
        ChangeAsync(partnerId, reason, actor, "partner.suspended", (p, _) => p.Suspend(), ct);

    public Task ActivateAsync(Guid partnerId, string reason, string actor, CancellationToken ct = default) =>
        ChangeAsync(partnerId, reason, actor, "partner.activated", (p, now) => p.Activate(now), ct);

    private async Task ChangeAsync(Guid partnerId, string reason, string actor, string kind, Action<Partner, DateTime> change, CancellationToken ct)
    {
        reason = reason?.Trim() ?? "";
        if (reason.Length is < 5 or > 500) throw ValidationException.For("reason", "Give a reason of 5 to 500 characters.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var partner = await db.Partners.FirstOrDefaultAsync(p => p.Id == partnerId, ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");
        change(partner, now);
        db.AuditEvents.Add(new AuditEvent(now, kind, actor, $"{partner.Name}: {reason}", partnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        reference.Forget();
    }
}
