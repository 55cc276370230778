using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Points;

/// <summary>
/// Posts many transfers in one unit of work for bulk loads (demo data, history import): entries and lots are added
/// in memory and the cached balances are written once per account at <see cref="FlushAsync"/>, inside the caller's
/// transaction. Member debits may only consume lots created in the same batch, which bulk loads of history satisfy.
/// </summary>
public sealed class LedgerBatch(ILoyaltyDb db)
{
    private readonly Dictionary<long, long> _deltas = [];
    private readonly Dictionary<long, List<PointLot>> _lots = [];

    public long BalanceChange(long accountId) => _deltas.GetValueOrDefault(accountId);

    public void Post(DateTime at, string reason, string description, IReadOnlyList<Leg> legs,
        Guid? customerId = null, Guid? partnerId = null, Guid? purchaseId = null, DateTime? lotExpiresAt = null)
    {
        if (legs.Count < 2 || legs.Sum(l => l.Amount) != 0 || legs.Any(l => l.Amount == 0))
            throw new InvalidOperationException("A transfer needs at least two non-zero legs that sum to zero.");
        foreach (var leg in legs)
        {
            var id = leg.Account.Id;
            if (leg.Account.IsCustomerAccount && leg.Amount < 0) Consume(id, -leg.Amount);
            if (leg.Account.IsCustomerAccount && leg.Amount > 0)
            {
                var lot = new PointLot(id, leg.Amount, at, lotExpiresAt ?? throw new InvalidOperationException("Points credited to a member need an expiry."));
                db.PointLots.Add(lot);
                if (!_lots.TryGetValue(id, out var list)) _lots[id] = list = [];
                list.Add(lot);
            }
            _deltas[id] = _deltas.GetValueOrDefault(id) + leg.Amount;
        }
        db.Transfers.Add(new Transfer(at, reason, description, customerId, partnerId, purchaseId, legs.Select(l => new Entry(l.Account.Id, l.Amount))));
    }

    public async Task FlushAsync(CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("Points move only inside a transaction.");
        await db.SaveChangesAsync(ct);
        foreach (var (id, delta) in _deltas.Where(d => d.Value != 0))
            await db.LedgerAccounts.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + delta), ct);
        _deltas.Clear();
        _lots.Clear();
    }

    private void Consume(long accountId, long amount)
    {
        var lots = _lots.GetValueOrDefault(accountId) ?? [];
        if (lots.Sum(l => l.Remaining) < amount)
            throw new DomainException("insufficient-points", "The member does not have enough points for this.");
        foreach (var lot in lots.OrderBy(l => l.ExpiresAt))
        {
            var take = Math.Min(lot.Remaining, amount);
            lot.Remaining -= take;
            amount -= take;
            if (amount == 0) break;
        }
    }
}
