using Loyalty.Core.Common;
using Loyalty.Core.TopUps;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record MyTopUp(DateTime CreatedAt, string? Operator, long Points, long Amount, string Currency, TopUpStatus Status, DateTime? CompletedAt);

/// <summary>The member's mobile top-ups from promo points, newest first.</summary>
public sealed class ListMyTopUps(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<MyTopUp>> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await db.TopUpRequests.AsNoTracking().Where(t => t.CustomerId == customerId).OrderByDescending(t => t.CreatedAt).Take(50)
            .Select(t => new MyTopUp(t.CreatedAt, t.OperatorName, t.Points, t.Amount, t.Currency, t.Status, t.CompletedAt)).ToListAsync(ct);
    }
}
