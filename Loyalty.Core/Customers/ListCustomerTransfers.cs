using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

/// <summary>One transfer as it moved a member's two accounts (hundredths of a point; zero where it did not touch one).</summary>
public sealed record CustomerTransfer(long Id, DateTime OccurredAt, string Reason, string Description, string? Partner, long Main, long Promo);

/// <summary>A member's transfers, newest first, a page at a time: a regular shopper has thousands.</summary>
public sealed class ListCustomerTransfers(ILoyaltyDbFactory dbs) : IUseCase
{
    public const int MaxPageSize = 100;

    public async Task<Page<CustomerTransfer>> HandleAsync(Guid customerId, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = dbs.Create();
        var accounts = await db.LedgerAccounts.AsNoTracking().Where(a => a.CustomerId == customerId)
            .Select(a => new { a.Id, a.Kind }).ToListAsync(ct);
        var mainId = accounts.FirstOrDefault(a => a.Kind == AccountKind.CustomerMain)?.Id ?? -1;
        var promoId = accounts.FirstOrDefault(a => a.Kind == AccountKind.CustomerPromo)?.Id ?? -1;
        var transfers = db.Transfers.AsNoTracking().Where(t => t.CustomerId == customerId);
        var rows = await transfers
            .OrderByDescending(t => t.Id).Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(t => new CustomerTransfer(t.Id, t.OccurredAt, t.Reason, t.Description,
                db.Partners.Where(p => p.Id == t.PartnerId).Select(p => p.Name).FirstOrDefault(),
                t.Entries.Where(e => e.AccountId == mainId).Sum(e => e.Amount),
                t.Entries.Where(e => e.AccountId == promoId).Sum(e => e.Amount)))
            .ToListAsync(ct);
        return new Page<CustomerTransfer>(rows, await transfers.CountAsync(ct));
    }
}
