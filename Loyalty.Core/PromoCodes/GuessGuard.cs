using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

/// <summary>Who is trying a code: the member, and where known the IP address and the device (or POS terminal).</summary>
public sealed record ActivationSource(Guid CustomerId, string? Ip, string? DeviceId)
{
    public IEnumerable<(GuessSubject Subject, string Key)> Subjects()
    {
        yield return (GuessSubject.Customer, CustomerId.ToString("N"));
        if (!string.IsNullOrWhiteSpace(Ip)) yield return (GuessSubject.Ip, Clip(Ip));
        if (!string.IsNullOrWhiteSpace(DeviceId)) yield return (GuessSubject.Device, Clip(DeviceId));
    }

    private static string Clip(string value) => value.Length <= GuessCounter.KeyMaxLength ? value : value[..GuessCounter.KeyMaxLength];
}

/// <summary>
/// Anti-guessing: counts activation attempts with a well-formed code that matches nothing. Past the limit per member,
/// IP or device the subject is locked out and an audit alert is raised for the operator. Malformed codes (failed check
/// symbol) never reach the database, reveal nothing and are not counted: they are typos.
/// </summary>
public static class GuessGuard
{
    /// <summary>Plain SQL: every activation asks this first (decision 0008's hot-path rules).</summary>
    public static async Task ThrowIfLockedAsync(ILoyaltyDb db, ActivationSource source, DateTime now, CancellationToken ct)
    {
        var keys = source.Subjects().Select(s => s.Key).ToList();
        var sql = await RawSql.OnAsync(db, ct);
        var names = string.Join(", ", keys.Select((_, i) => $"@key{i}"));
        var parameters = keys.Select((key, i) => ($"@key{i}", (object?)key)).Append(("@now", now)).ToArray();
        // SQLite returns the stored text, SQL Server a datetime2: both convert.
        var locked = await sql.ScalarAsync<DateTime?>(
            $"""SELECT MAX("LockedUntil") FROM "GuessCounters" WHERE "Key" IN ({names}) AND "LockedUntil" > @now""", ct, parameters);
        if (locked is { } until)
            throw new DomainException("too-many-attempts", $"Too many wrong codes. Try again after {until:HH:mm} UTC.", 429);
    }

    /// <summary>Counts one failure for each subject, in its own transaction so it survives the refused activation.</summary>
    public static async Task RecordFailureAsync(ILoyaltyDbFactory dbs, ActivationSource source, PromoCodeSettings settings, DateTime now, CancellationToken ct)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        foreach (var (subject, key) in source.Subjects())
        {
            var counter = await db.GuessCounters.FirstOrDefaultAsync(g => g.Subject == subject && g.Key == key, ct);
            if (counter is null)
            {
                counter = new GuessCounter(subject, key, now);
                db.GuessCounters.Add(counter);
            }
            if (counter.RecordFailure(now, settings.LimitFor(subject), settings.FailureWindow, settings.Lockout))
            {
                db.AuditEvents.Add(new AuditEvent(now, "promo.lockout", "system",
                    $"{subject} {key} locked out after {counter.FailuresInWindow} wrong promo codes",
                    customerId: subject == GuessSubject.Customer ? source.CustomerId : null));
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
