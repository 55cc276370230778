using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

public sealed record TerminalView(Guid Id, string Name, Guid StoreId, string StoreName, string KeyHint, DateTime CreatedAt, DateTime? RevokedAt);

public sealed record CreatedTerminal(Guid Id, string ApiKey);

/// <summary>Creates a POS terminal for one of the partner's stores and returns its key — the only time the key is shown.</summary>
public sealed class CreateTerminal(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<CreatedTerminal> HandleAsync(Guid partnerId, Guid storeId, string name, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            throw ValidationException.For("name", "Give the terminal a name of at most 100 characters, such as \"Till 3\".");
        await using var db = dbs.Create();
        if (!await db.Stores.AnyAsync(s => s.Id == storeId && s.PartnerId == partnerId, ct))
            throw DomainException.NotFound("store-not-found", "This partner has no such store.");
        var now = clock.GetUtcNow().UtcDateTime;
        var (terminal, key) = PosTerminal.Create(partnerId, storeId, name.Trim(), now);
        db.PosTerminals.Add(terminal);
        db.AuditEvents.Add(new AuditEvent(now, "terminal.created", actor, $"POS terminal \"{terminal.Name}\" created (…{terminal.KeyHint})", partnerId));
        await db.SaveChangesAsync(ct);
        return new CreatedTerminal(terminal.Id, key);
    }
}

/// <summary>Revokes a terminal's key at once. Scoped to the partner: another partner's terminal is "not found".</summary>
public sealed class RevokeTerminal(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference) : IUseCase
{
    public async Task HandleAsync(Guid? partnerId, Guid terminalId, string actor, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var terminal = await db.PosTerminals.FirstOrDefaultAsync(t => t.Id == terminalId && (partnerId == null || t.PartnerId == partnerId), ct)
            ?? throw DomainException.NotFound("terminal-not-found", "No such terminal.");
        var now = clock.GetUtcNow().UtcDateTime;
        terminal.Revoke(now);
        db.AuditEvents.Add(new AuditEvent(now, "terminal.revoked", actor, $"POS terminal \"{terminal.Name}\" revoked", terminal.PartnerId));
        await db.SaveChangesAsync(ct);
        reference.Forget();
    }
}

/// <summary>A partner's terminals (the operator passes null to see all of them).</summary>
public sealed class ListTerminals(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<TerminalView>> HandleAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.PosTerminals.AsNoTracking().Where(t => t.PartnerId == partnerId)
            .OrderBy(t => t.RevokedAt != null).ThenBy(t => t.Name)
            .Join(db.Stores, t => t.StoreId, s => s.Id, (t, s) => new TerminalView(t.Id, t.Name, s.Id, s.Name, t.KeyHint, t.CreatedAt, t.RevokedAt))
            .ToListAsync(ct);
    }
}
