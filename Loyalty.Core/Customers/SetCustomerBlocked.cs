using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record SetCustomerBlockedCommand(Guid CustomerId, bool Blocked, string Reason, string Actor);

/// <summary>
/// Operator staff block a member (fraud, a lost phone, a court order) or lift the block. A blocked member cannot be
/// identified at a till, activate codes or sign in; the points stay where they are. The reason is mandatory and audited.
/// </summary>
public sealed class SetCustomerBlocked(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task HandleAsync(SetCustomerBlockedCommand command, CancellationToken ct = default)
    {
        var reason = command.Reason?.Trim() ?? "";
        if (reason.Length < 5) throw ValidationException.For("reason", "Say why (at least 5 characters).");
        if (reason.Length > 200) throw ValidationException.For("reason", "The reason has at most 200 characters.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == command.CustomerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "No member with this id.");
        if (command.Blocked == (customer.Status == CustomerStatus.Blocked)) return;
        if (command.Blocked) customer.Block();
        else customer.Unblock();
        db.AuditEvents.Add(new AuditEvent(now, command.Blocked ? "customer.blocked" : "customer.unblocked", command.Actor,
            $"{customer.DisplayName} {customer.Phone}: {reason}", customerId: customer.Id));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
