using System.Collections.Concurrent;
using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Integrations;

/// <summary>Who is calling the integration API: the partner's terminal-like caller plus the key's scopes.</summary>
public sealed record IntegrationCaller(Guid IntegrationId, string Name, PosCaller Pos, IReadOnlySet<string> Scopes)
{
    public Guid PartnerId => Pos.PartnerId;

    public bool Can(string scope) => Scopes.Contains(scope);
}

/// <summary>
/// Resolves integration keys, cached for <see cref="PosReferenceData.Lifetime"/> like terminal keys (decision 0008):
/// revocation is seen at once on this node and within 15 s on others. Unknown keys are never cached.
/// </summary>
public sealed class IntegrationKeys(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference)
{
    private readonly ConcurrentDictionary<string, (ApiIntegration Integration, DateTime At)> _cache = new(StringComparer.Ordinal);

    public async Task<IntegrationCaller?> AuthenticateAsync(string? apiKey, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || apiKey.Length > 200 || !apiKey.StartsWith("int_", StringComparison.Ordinal)) return null;
        var hash = ApiIntegration.HashKey(apiKey);
        var now = clock.GetUtcNow().UtcDateTime;
        ApiIntegration? integration;
        if (_cache.TryGetValue(hash, out var cached) && now - cached.At < PosReferenceData.Lifetime)
        {
            integration = cached.Integration;
        }
        else
        {
            await using var db = dbs.Create();
            integration = await db.ApiIntegrations.AsNoTracking().FirstOrDefaultAsync(i => i.KeyHash == hash && i.RevokedAt == null, ct);
            if (integration is null) { _cache.TryRemove(hash, out _); return null; }
            _cache[hash] = (integration, now);
        }
        // The partner must be active and the terminal not revoked: the POS cache answers both.
        var pos = await reference.CallerAsync(Partners.PosTerminal.HashKey(ApiIntegration.TerminalKey(apiKey)), ct);
        return pos is null ? null : new IntegrationCaller(integration.Id, integration.Name, pos, integration.ScopeSet);
    }

    public void Forget() => _cache.Clear();
}
