using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Settlements;

public sealed record SettlementRow(
    Guid Id, Guid PartnerId, string PartnerName, DateTime PeriodStart, string Currency,
    long IssuedPoints, long RedeemedPoints, long IssuedAmount, long RedeemedAmount, long FeeAmount, long NetAmount,
    SettlementStatus Status, DateTime ClosedAt, string? PaymentReference);

/// <summary>
/// Statements for the operator (one month, every partner) or for one partner's cabinet (its own, newest first).
/// A month has at most one statement per partner, and a partner twelve a year, so neither list grows without bound.
/// </summary>
public sealed class ListSettlements(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<SettlementRow>> ForPeriodAsync(SettlementPeriod period, SettlementStatus? status = null, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.Settlements.AsNoTracking().Where(s => s.PeriodStart == period.Start);
        if (status is not null) query = query.Where(s => s.Status == status);
        return await Project(
            from s in query join p in db.Partners on s.PartnerId equals p.Id orderby p.Name select new Joined(s, p.Name)).ToListAsync(ct);
    }

    /// <summary>Only the partner's own statements: the id comes from the signed-in user, never from the page.</summary>
    public async Task<IReadOnlyList<SettlementRow>> ForPartnerAsync(Guid partnerId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        return await Project((
            from s in db.Settlements.AsNoTracking() where s.PartnerId == partnerId
            join p in db.Partners on s.PartnerId equals p.Id
            orderby s.PeriodStart descending select new Joined(s, p.Name)).Take(120)).ToListAsync(ct);
    }

    private sealed class Joined(Settlement s, string name)
    {
        public Settlement S { get; } = s;
        public string Name { get; } = name;
    }

    // Ordered before projecting: EF cannot order by a member of a record built in the projection.
    private static IQueryable<SettlementRow> Project(IQueryable<Joined> query) =>
        query.Select(j => new SettlementRow(j.S.Id, j.S.PartnerId, j.Name, j.S.PeriodStart, j.S.Currency, j.S.IssuedPoints, j.S.RedeemedPoints,
            j.S.IssuedAmount, j.S.RedeemedAmount, j.S.FeeAmount, j.S.NetAmount, j.S.Status, j.S.ClosedAt, j.S.PaymentReference));
}
