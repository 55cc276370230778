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
        var candidate = await db.OneTimeCodes.AsNoTracking()
            .Where(c => c.Phone == phoneE164 && c.ConsumedAt == null && c.ExpiresAt > now && c.Attempts < OneTimeCode.MaxAttempts)
            .OrderByDescending(c => c.CreatedAt)
            .FirstOrDefaultAsync(ct);
        if (candidate is null) return false;

        // Claim the attempt atomically before comparing: parallel guesses cannot share one attempt (brute force).
        var claimed = await db.OneTimeCodes
            .Where(c => c.Id == candidate.Id && c.ConsumedAt == null && c.Attempts < OneTimeCode.MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Attempts, c => c.Attempts + 1), ct);
        if (claimed != 1) return false;
        if (!candidate.Matches(code))
        {
            // The last allowed guess was wrong: the code is now dead. Someone may be guessing: tell the operator.
            if (candidate.Attempts + 1 == OneTimeCode.MaxAttempts)
            {
                db.AuditEvents.Add(new Audit.AuditEvent(now, SecurityAlerts.SignInCodeLocked, "system",
                    $"Sign-in code for {PersonalData.MaskPhone(phoneE164)} locked after {OneTimeCode.MaxAttempts} wrong tries"));
                await db.SaveChangesAsync(ct);
            }
            return false;
        }

        // Only one request may consume the code, even if several guessed it at once.
        return await db.OneTimeCodes
            .Where(c => c.Id == candidate.Id && c.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConsumedAt, now), ct) == 1;
    }
}
