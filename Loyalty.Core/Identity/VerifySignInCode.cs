using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Identity;

/// <summary>Checks a code against the newest usable one for the phone; every try counts towards its limit.</summary>
public sealed class VerifySignInCode(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<bool> HandleAsync(string phoneE164, string code, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var candidate = await db.OneTimeCodes
            .Where(c => c.Phone == phoneE164 && c.ConsumedAt == null && c.ExpiresAt > now && c.Attempts < OneTimeCode.MaxAttempts)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(ct);
        if (candidate is null) return false;

        var ok = candidate.TryConsume(code, now);
        await db.SaveChangesAsync(ct);
        return ok;
    }
}
