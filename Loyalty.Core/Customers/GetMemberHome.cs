using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record TierProgressView(string? Current, int CurrentEarnRateBp, string? Next, long Spend, long NextThreshold, string Currency)
{
    /// <summary>0–100: how far the member is from the next tier.</summary>
    public double Percent => NextThreshold <= 0 ? 100 : Math.Clamp(Spend * 100.0 / NextThreshold, 0, 100);
}

public sealed record MemberMovement(DateTime OccurredAt, string Description, long Points);

public sealed record MemberHome(
    string FirstName,
    string PhoneMasked,
    DateTime MemberSince,
    long MainBalance,
    long PromoBalance,
    long ExpiringSoon,
    DateTime? ExpiringOn,
    TierProgressView Tier,
    int Purchases,
    int PartnersVisited,
    IReadOnlyList<MemberMovement> History);

/// <summary>What a member sees first in their personal area: balances, tier progress, points about to expire, history.</summary>
public sealed class GetMemberHome(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    public async Task<MemberHome> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
        PhoneNumber.TryParse(customer.Phone, "ZZ", out var phone);
        var program = await GetProgram.LoadAsync(db, ct);

        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.CustomerId == customerId).ToListAsync(ct);
        var main = accounts.FirstOrDefault(a => a.Kind == AccountKind.CustomerMain);
        var warnUntil = now + ExpiryWarning;
        var expiring = main is null ? [] : await db.PointLots.AsNoTracking()
            .Where(l => l.AccountId == main.Id && l.Remaining > 0 && l.ExpiresAt <= warnUntil)
            .Select(l => new { l.Remaining, l.ExpiresAt }).ToListAsync(ct);

        var spend = await TierProgress.SpendAsync(db, customerId, program, now, ct);
        var current = customer.TierId is { } tierId ? program.Tiers.FirstOrDefault(t => t.Id == tierId) : null;
        var next = program.Tiers.Where(t => t.Rank > (current?.Rank ?? 0)).MinBy(t => t.Rank);

        var accountIds = accounts.Select(a => a.Id).ToList();
        var history = await db.Transfers.AsNoTracking()
            .Where(t => t.CustomerId == customerId)
            .OrderByDescending(t => t.Id).Take(20)
            .Select(t => new MemberMovement(t.OccurredAt, t.Description,
                t.Entries.Where(e => accountIds.Contains(e.AccountId)).Sum(e => e.Amount)))
            .ToListAsync(ct);

        var own = db.Purchases.Where(p => p.CustomerId == customerId);
        return new MemberHome(
            customer.FirstName,
            phone?.Masked ?? customer.Phone,
            customer.RegisteredAt,
            main?.Balance ?? 0,
            accounts.Where(a => a.Kind == AccountKind.CustomerPromo).Sum(a => a.Balance),
            expiring.Sum(l => l.Remaining),
            expiring.Count == 0 ? null : expiring.Min(l => l.ExpiresAt),
            new TierProgressView(current?.Name, current?.EarnRateBp ?? 0, next?.Name, spend, next?.SpendThreshold ?? 0, program.Settings.Currency),
            await own.CountAsync(ct),
            await own.Select(p => p.PartnerId).Distinct().CountAsync(ct),
            history);
    }
}
