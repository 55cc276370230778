using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

public sealed record GuessCounterRow(long Id, GuessSubject Subject, string Key, int TotalFailures, int FailuresInWindow, int Lockouts,
    DateTime LastFailureAt, DateTime? LockedUntil, bool IsLocked);

/// <summary>Members, IP addresses and devices that tried wrong codes, worst first, for the operator console; staff can lift a lock.</summary>
public sealed class ManageGuessCounters(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<Page<GuessCounterRow>> ListAsync(bool lockedOnly, int skip, int take, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var query = db.GuessCounters.AsNoTracking();
        if (lockedOnly) query = query.Where(g => g.LockedUntil > now);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(g => g.LockedUntil > now).ThenByDescending(g => g.TotalFailures).Skip(skip).Take(Math.Clamp(take, 1, 100))
            .Select(g => new GuessCounterRow(g.Id, g.Subject, g.Key, g.TotalFailures, g.FailuresInWindow, g.Lockouts, g.LastFailureAt, g.LockedUntil, g.LockedUntil > now))
            .ToListAsync(ct);
        return new Page<GuessCounterRow>(items, total);
    }

    public async Task<int> LockedCountAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        return await db.GuessCounters.CountAsync(g => g.LockedUntil > now, ct);
    }

    public async Task UnlockAsync(long id, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var counter = await db.GuessCounters.FirstOrDefaultAsync(g => g.Id == id, ct)
            ?? throw DomainException.NotFound("counter-not-found", "No such entry.");
        counter.Unlock(now);
        db.AuditEvents.Add(new AuditEvent(now, "promo.unlocked", actor, $"{counter.Subject} {counter.Key} unlocked"));
        await db.SaveChangesAsync(ct);
    }
}
