using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PartnerCrm;

/// <summary>
/// The POS identity of the cabinet's cashier view: the staff member's store (or the partner's first store) and that
/// store's "Cabinet cashier view" terminal, created on first use with a random key nobody ever sees. The view then calls
/// the same IdentifyCustomer / QuotePurchase / RecordPurchase use cases as the POS API with this caller, so receipts rung
/// up in a browser obey exactly the rules of a till (docs/decisions/0083-cashier-view.md).
/// </summary>
public sealed class OpenCashierTill(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const string TerminalName = "Cabinet cashier view";

    public async Task<(PosCaller Caller, string StoreName)> HandleAsync(PartnerStaff staff, CancellationToken ct = default)
    {
        staff.Require(CabinetArea.Till);
        await using var db = dbs.Create();
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == staff.PartnerId).Select(p => new { p.Name, p.Currency, p.Status }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");
        if (partner.Status != PartnerStatus.Active)
            throw new DomainException("partner-inactive", "Your company is not active in the coalition: purchases cannot be recorded.", 403);
        var stores = db.Stores.AsNoTracking().Where(s => s.PartnerId == staff.PartnerId);
        var store = (staff.StoreId is { } assigned ? await stores.FirstOrDefaultAsync(s => s.Id == assigned, ct) : null)
            ?? await stores.OrderBy(s => s.Name).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("no-store", "Add a store under Settings first: a purchase is always made at a store.");

        var terminal = await db.PosTerminals.AsNoTracking()
            .Where(t => t.PartnerId == staff.PartnerId && t.StoreId == store.Id && t.Name == TerminalName && t.RevokedAt == null)
            .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        if (terminal is null)
        {
            var (created, _) = PosTerminal.Create(staff.PartnerId, store.Id, TerminalName, clock.GetUtcNow().UtcDateTime);
            db.PosTerminals.Add(created);
            await db.SaveChangesAsync(ct);
            terminal = created.Id;
        }
        return (new PosCaller(terminal.Value, staff.PartnerId, store.Id, partner.Name, partner.Currency), store.Name);
    }
}
