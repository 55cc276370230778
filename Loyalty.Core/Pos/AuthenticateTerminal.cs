using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Pos;

/// <summary>Finds the active terminal of an active partner by its API key; null for unknown or revoked keys.</summary>
public sealed class AuthenticateTerminal(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<PosCaller?> HandleAsync(string? apiKey, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || apiKey.Length > 200) return null;
        var hash = PosTerminal.HashKey(apiKey);
        await using var db = dbs.Create();
        return await db.PosTerminals.AsNoTracking()
            .Where(t => t.KeyHash == hash && t.RevokedAt == null)
            .Join(db.Partners.Where(p => p.Status == PartnerStatus.Active), t => t.PartnerId, p => p.Id,
                (t, p) => new PosCaller(t.Id, p.Id, t.StoreId, p.Name, p.Currency))
            .FirstOrDefaultAsync(ct);
    }
}
