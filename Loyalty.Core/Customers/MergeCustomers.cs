using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record MergeCustomersCommand(Guid DuplicateId, Guid SurvivorId, string Reason, string Actor);

public sealed record MergeResult(int Cards, int Purchases, long MainPoints, long PromoPoints);

/// <summary>
/// Folds a duplicate membership into the one that stays (0092). History is never rewritten: the duplicate's transfers
/// stay on its accounts, and its balances move to the survivor through ledger transfers (reason
/// <see cref="Reason"/>), one per day of expiry so every point keeps its expiry date. Cards, purchases (so a later
/// refund reaches the survivor), open refund debts and brand subscriptions move; missing profile fields are filled
/// from the duplicate. The duplicate becomes Merged, points to the survivor and keeps its phone reserved, so neither
/// the till nor a sign-in finds it again. One transaction; audited on both members.
/// </summary>
public sealed class MergeCustomers(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const string Reason = "customer-merge";

    public async Task<MergeResult> HandleAsync(MergeCustomersCommand command, CancellationToken ct = default)
    {
        var reason = command.Reason?.Trim() ?? "";
        if (reason.Length < 5) throw ValidationException.For("reason", "Say why (at least 5 characters).");
        if (reason.Length > 200) throw ValidationException.For("reason", "The reason has at most 200 characters.");
        if (command.DuplicateId == command.SurvivorId) throw ValidationException.For("survivor", "A member cannot be merged into itself.");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var duplicate = await db.Customers.FirstOrDefaultAsync(c => c.Id == command.DuplicateId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "No member with this id.");
        var survivor = await db.Customers.FirstOrDefaultAsync(c => c.Id == command.SurvivorId, ct)
            ?? throw ValidationException.For("survivor", "The member to keep was not found.");
        if (survivor.Status == CustomerStatus.Merged) throw ValidationException.For("survivor", "The member to keep was itself merged into another one.");

        duplicate.MergeInto(survivor.Id);
        survivor.Email ??= duplicate.Email;
        survivor.BirthDate ??= duplicate.BirthDate;
        survivor.City ??= duplicate.City;
        if (survivor.LastName is null && duplicate.LastName is not null) survivor.LastName = duplicate.LastName;
        await db.SaveChangesAsync(ct);

        var cards = await db.Cards.Where(k => k.CustomerId == duplicate.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.CustomerId, survivor.Id), ct);
        var purchases = await db.Purchases.Where(p => p.CustomerId == duplicate.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CustomerId, survivor.Id), ct);
        // Two buyers are one now: the buyers counted for closed days are wrong wherever both bought (0250).
        if (purchases > 0) await db.ClosedDaysBuyers.ExecuteDeleteAsync(ct);
        await db.PointsDebts.Where(d => d.CustomerId == duplicate.Id && d.Remaining > 0).ExecuteUpdateAsync(s => s.SetProperty(d => d.CustomerId, survivor.Id), ct);
        var subscribed = await db.PartnerSubscriptions.Where(s => s.CustomerId == survivor.Id).Select(s => s.PartnerId).ToListAsync(ct);
        foreach (var s in await db.PartnerSubscriptions.AsNoTracking().Where(s => s.CustomerId == duplicate.Id && !subscribed.Contains(s.PartnerId)).ToListAsync(ct))
            db.PartnerSubscriptions.Add(new PartnerSubscription(survivor.Id, s.PartnerId, s.SubscribedAt));

        var program = await GetProgram.LoadAsync(db, ct);
        var main = await MoveBalanceAsync(db, duplicate, survivor, AccountKind.CustomerMain, now, now.AddMonths(program.Settings.PointsExpiryMonths), ct);
        var promo = await MoveBalanceAsync(db, duplicate, survivor, AccountKind.CustomerPromo, now, now.AddMonths(program.Settings.PointsExpiryMonths), ct);

        var summary = $"{duplicate.DisplayName} {duplicate.Phone} merged into {survivor.DisplayName} {survivor.Phone}: {cards} cards, {purchases} purchases, " +
            $"{PointValue.Format(main)} + {PointValue.Format(promo)} promo points. {reason}";
        db.AuditEvents.Add(new AuditEvent(now, "customer.merged", command.Actor, summary, customerId: duplicate.Id));
        db.AuditEvents.Add(new AuditEvent(now, "customer.merged", command.Actor, summary, customerId: survivor.Id));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new MergeResult(cards, purchases, main, promo);
    }

    /// <summary>Moves what is left of the duplicate's unexpired lots, one transfer per day of expiry; returns the points moved.</summary>
    private static async Task<long> MoveBalanceAsync(ILoyaltyDb db, Customer duplicate, Customer survivor, AccountKind kind, DateTime now, DateTime fallbackExpiry, CancellationToken ct)
    {
        var key = LedgerAccount.KeyFor(kind, duplicate.Id);
        var from = await db.LedgerAccounts.FirstOrDefaultAsync(a => a.Key == key, ct);
        if (from is null || from.Balance <= 0) return 0;
        var to = await Ledger.CustomerAccountAsync(db, survivor.Id, kind, ct);
        var lots = await db.PointLots.AsNoTracking().Where(l => l.AccountId == from.Id && l.Remaining > 0 && l.ExpiresAt > now)
            .Select(l => new { l.ExpiresAt, l.Remaining }).ToListAsync(ct);
        var moved = 0L;
        var label = kind == AccountKind.CustomerPromo ? "promo points" : "points";
        foreach (var day in lots.GroupBy(l => l.ExpiresAt.Date).OrderBy(g => g.Key))
        {
            var amount = day.Sum(l => l.Remaining);
            await Ledger.PostAsync(db, now, Reason, $"Merged membership: {label} moved from {duplicate.Phone}",
                [new Leg(from, -amount), new Leg(to, amount)], survivor.Id, lotExpiresAt: day.Max(l => l.ExpiresAt), ct: ct);
            moved += amount;
        }
        var rest = await db.LedgerAccounts.AsNoTracking().Where(a => a.Id == from.Id).Select(a => a.Balance).FirstAsync(ct);
        if (rest > 0)
        {
            // Points without a lot (none expected) still move: the duplicate's account must end at zero.
            await Ledger.PostAsync(db, now, Reason, $"Merged membership: {label} moved from {duplicate.Phone}",
                [new Leg(from, -rest), new Leg(to, rest)], survivor.Id, lotExpiresAt: fallbackExpiry, ct: ct);
            moved += rest;
        }
        return moved;
    }
}
