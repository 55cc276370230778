using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

/// <summary>
/// "Delete my account" (decision 0073): personal data is erased, the ledger stays whole. Remaining points are forfeited
/// to the operator by an ordinary balanced transfer, so every account still equals the sum of its entries and settlements
/// for past periods do not change. Cards are blocked, follows and the phone card removed, review texts erased (ratings
/// stay in partners' averages), message recipients blanked, the old → new values of its logged profile changes erased (0181). All in one transaction: nothing half-deleted.
/// </summary>
public sealed class DeleteMemberAccount(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const string ClosedReason = "account-closed";

    public async Task HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == customerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "This member does not exist.");
        var phone = customer.Phone;

        var accounts = await db.LedgerAccounts.Where(a => a.CustomerId == customerId && a.Balance > 0).ToListAsync(ct);
        if (accounts.Count > 0)
        {
            var operatorAccount = await Ledger.SystemAccountAsync(db, AccountKind.Operator, ct);
            var legs = accounts.Select(a => new Leg(a, -a.Balance)).Append(new Leg(operatorAccount, accounts.Sum(a => a.Balance))).ToList();
            await Ledger.PostAsync(db, now, ClosedReason, "Account closed at the member's request: points forfeited", legs, customerId, ct: ct);
        }

        await db.Cards.Where(c => c.CustomerId == customerId && c.Status != CardStatus.Blocked)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CardStatus.Blocked), ct);
        await db.VirtualCards.Where(v => v.CustomerId == customerId).ExecuteDeleteAsync(ct);
        await db.PartnerSubscriptions.Where(s => s.CustomerId == customerId).ExecuteDeleteAsync(ct);
        await db.Reviews.Where(r => r.CustomerId == customerId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Text, (string?)null), ct);
        await db.OneTimeCodes.Where(c => c.Phone == phone).ExecuteDeleteAsync(ct);
        await db.OutgoingMessages.Where(m => m.CustomerId == customerId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Recipient, "(deleted)"), ct);

        customer.Anonymise();
        // The log keeps who changed which of this member's fields and when (the books); the old → new values go (0181).
        foreach (var values in await db.AuditChangeValues.Where(v => v.CustomerId == customerId && v.ErasedAt == null).ToListAsync(ct))
            values.Erase(now);
        db.AuditEvents.Add(new AuditEvent(now, "customer.deleted", "member", "Account deleted at the member's request; personal data erased", customerId: customerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
