using Loyalty.Core.Common;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Pos;

public sealed record IdentifiedCustomer(Guid CustomerId, string DisplayName, string? Tier, decimal MainBalance, decimal PromoBalance, decimal RedemptionCapPercent);

/// <summary>What a cashier needs to serve a member: name, tier, balances and this partner's redemption cap. Nothing else.</summary>
public sealed class IdentifyCustomer(TillReaders readers, PosReferenceData reference, TimeProvider clock) : IUseCase
{
    public Task<IdentifiedCustomer> HandleAsync(PosCaller caller, string? identifier, CancellationToken ct = default) =>
        readers.ReadAsync((db, token) => IdentifyAsync(db, caller, identifier, token), ct);

    private async Task<IdentifiedCustomer> IdentifyAsync(ILoyaltyDb db, PosCaller caller, string? identifier, CancellationToken ct)
    {
        var program = await reference.ProgramAsync(ct);
        var partner = await reference.PartnerAsync(caller.PartnerId, ct);
        var customer = await MemberLookup.FindAsync(db, identifier, program.Settings.DefaultRegion, clock.GetUtcNow().UtcDateTime, ct);
        var rates = await MemberLookup.RatesAsync(db, caller.PartnerId, partner, customer, program, ct);
        var (main, promo) = await MemberLookup.BalancesAsync(db, customer.Id, ct);
        var tier = customer.TierId is { } tierId ? program.Tiers.FirstOrDefault(t => t.Id == tierId)?.Name : null;
        return new IdentifiedCustomer(customer.Id, customer.FirstName, tier, PointValue.ToDecimal(main), PointValue.ToDecimal(promo), rates.RedemptionCapBp / 100m);
    }
}
