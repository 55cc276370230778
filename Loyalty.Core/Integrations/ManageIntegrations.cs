using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Integrations;

public sealed record IntegrationView(Guid Id, string Name, Guid StoreId, string StoreName, string KeyHint, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? RevokedAt);

public sealed record CreatedIntegration(Guid Id, string ApiKey);

/// <summary>Creates an integration key for one of the partner's stores and returns it — the only time the key is shown.</summary>
public sealed class CreateIntegration(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<CreatedIntegration> HandleAsync(Guid partnerId, Guid storeId, string? name, IReadOnlyCollection<string> scopes, string actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > ApiIntegration.NameMaxLength)
            throw ValidationException.For("name", $"Give the integration a name of at most {ApiIntegration.NameMaxLength} characters, such as \"Web shop\".");
        if (scopes.Count == 0)
            throw ValidationException.For("scopes", "Choose at least one thing this key may do.");
        if (scopes.FirstOrDefault(s => !IntegrationScopes.All.Contains(s)) is { } unknown)
            throw ValidationException.For("scopes", $"Unknown scope \"{unknown}\".");
        await using var db = dbs.Create();
        if (!await db.Stores.AnyAsync(s => s.Id == storeId && s.PartnerId == partnerId, ct))
            throw DomainException.NotFound("store-not-found", "This partner has no such store.");
        var now = clock.GetUtcNow().UtcDateTime;
        var (integration, terminal, key) = ApiIntegration.Create(partnerId, storeId, name.Trim(), IntegrationScopes.All.Where(scopes.Contains), now);
        db.PosTerminals.Add(terminal);
        db.ApiIntegrations.Add(integration);
        db.AuditEvents.Add(new AuditEvent(now, "integration.created", actor, $"Integration key \"{integration.Name}\" created (…{integration.KeyHint}; {integration.Scopes})", partnerId));
        await db.SaveChangesAsync(ct);
        return new CreatedIntegration(integration.Id, key);
    }
}

/// <summary>Revokes an integration key and its terminal at once. Another partner's integration is "not found".</summary>
public sealed class RevokeIntegration(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference, IntegrationKeys keys) : IUseCase
{
    public async Task HandleAsync(Guid partnerId, Guid integrationId, string actor, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var integration = await db.ApiIntegrations.FirstOrDefaultAsync(i => i.Id == integrationId && i.PartnerId == partnerId, ct)
            ?? throw DomainException.NotFound("integration-not-found", "No such integration.");
        var now = clock.GetUtcNow().UtcDateTime;
        integration.Revoke(now);
        var terminal = await db.PosTerminals.FirstAsync(t => t.Id == integration.TerminalId, ct);
        terminal.Revoke(now);
        db.AuditEvents.Add(new AuditEvent(now, "integration.revoked", actor, $"Integration key \"{integration.Name}\" revoked", partnerId));
        await db.SaveChangesAsync(ct);
        keys.Forget();
        reference.Forget();
    }
}

public sealed class ListIntegrations(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<IntegrationView>> HandleAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var rows = await db.ApiIntegrations.AsNoTracking().Where(i => i.PartnerId == partnerId)
            .Join(db.Stores, i => i.StoreId, s => s.Id, (i, s) => new { i.Id, i.Name, i.StoreId, Store = s.Name, i.KeyHint, i.Scopes, i.CreatedAt, i.RevokedAt })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.RevokedAt != null).ThenBy(r => r.Name)
            .Select(r => new IntegrationView(r.Id, r.Name, r.StoreId, r.Store, r.KeyHint, r.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.CreatedAt, r.RevokedAt))
            .ToList();
    }
}
