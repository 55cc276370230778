using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Settlements;

/// <summary>A line of the statement: the ledger's movements on the partner's accounts for one reason code.</summary>
public sealed record StatementLine(string Reason, long IssuedPoints, long RedeemedPoints, int Transfers);

public sealed record SettlementStatement(Settlement Settlement, string PartnerName, string? LegalName, string? TaxId, IReadOnlyList<StatementLine> Lines);

/// <summary>
/// One statement with the breakdown of its points by reason (purchases, refunds, promo codes, refund debts), read from
/// the same ledger entries the totals came from. A partner asks with its own id and gets "not found" for anyone else's.
/// </summary>
public sealed class GetSettlementStatement(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<SettlementStatement> HandleAsync(Guid settlementId, Guid? partnerScope, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var settlement = await db.Settlements.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == settlementId && (partnerScope == null || s.PartnerId == partnerScope), ct)
            ?? throw DomainException.NotFound("settlement-not-found", "This statement does not exist.");
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == settlement.PartnerId)
            .Select(p => new { p.Name, p.LegalName, p.TaxId }).FirstAsync(ct);
        var partnerId = settlement.PartnerId;
        var rows = await (
                from e in db.Entries
                join a in db.LedgerAccounts on e.AccountId equals a.Id
                join t in db.Transfers on e.TransferId equals t.Id
                where a.PartnerId == partnerId
                      && (a.Kind == AccountKind.PartnerIssuance || a.Kind == AccountKind.PartnerRedemption)
                      && t.OccurredAt >= settlement.PeriodStart && t.OccurredAt < settlement.PeriodEnd
                group e.Amount by new { t.Reason, a.Kind } into g
                select new { g.Key.Reason, g.Key.Kind, Sum = g.Sum(), Count = g.Count() })
            .ToListAsync(ct);
        var lines = rows.GroupBy(r => r.Reason)
            .Select(g => new StatementLine(g.Key,
                -g.Where(r => r.Kind == AccountKind.PartnerIssuance).Sum(r => r.Sum),
                g.Where(r => r.Kind == AccountKind.PartnerRedemption).Sum(r => r.Sum),
                g.Sum(r => r.Count)))
            .OrderBy(l => l.Reason).ToList();
        return new SettlementStatement(settlement, partner.Name, partner.LegalName, partner.TaxId, lines);
    }
}
