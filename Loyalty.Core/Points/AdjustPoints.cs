using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Points;

public sealed record AdjustPointsCommand(Guid CustomerId, decimal Points, string Reason, string Actor);

/// <summary>
/// Operator staff correct a member's balance by hand. The reason is mandatory, shown to the member, and the action is
/// audited. A debit can never take the balance below zero.
/// </summary>
public sealed class AdjustPoints(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<long> HandleAsync(AdjustPointsCommand command, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var valid = PointValue.TryFromDecimal(command.Points, out var amount);
        if (!valid || amount == 0 || Math.Abs(command.Points) > 100_000_000)
            errors["points"] = ["Enter a non-zero number of points with at most two decimals."];
        if (string.IsNullOrWhiteSpace(command.Reason) || command.Reason.Trim().Length < 5)
            errors["reason"] = ["Say why (at least 5 characters): the member sees it in their history."];
        else if (command.Reason.Length > 200)
            errors["reason"] = ["The reason has at most 200 characters."];
        if (errors.Count > 0) throw new ValidationException(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        if (!await db.Customers.AnyAsync(c => c.Id == command.CustomerId, ct))
            throw DomainException.NotFound("customer-not-found", "No member with this id.");

        var program = await GetProgram.LoadAsync(db, ct);
        var main = await Ledger.CustomerAccountAsync(db, command.CustomerId, ct: ct);
        var adjustment = await Ledger.SystemAccountAsync(db, AccountKind.Adjustment, ct);
        var reason = command.Reason.Trim();
        await Ledger.PostAsync(db, now, Reasons.ManualAdjustment, $"Correction by support: {reason}",
            [new Leg(adjustment, -amount), new Leg(main, amount)], command.CustomerId,
            lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: ct);
        db.AuditEvents.Add(new AuditEvent(now, "points.adjusted", command.Actor, $"{PointValue.Format(amount)} points: {reason}", customerId: command.CustomerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await db.LedgerAccounts.AsNoTracking().Where(a => a.Id == main.Id).Select(a => a.Balance).FirstAsync(ct);
    }
}
