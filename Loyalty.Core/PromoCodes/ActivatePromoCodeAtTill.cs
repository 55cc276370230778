using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Loyalty.Core.Programs;

namespace Loyalty.Core.PromoCodes;

public sealed record TillActivationRequest(string? Customer, string? Code);

public sealed record TillActivationResponse(Guid CustomerId, string Product, string Brand, decimal Points, decimal PromoBalance, bool TopUpRequested);

/// <summary>
/// A cashier activates a code for a member (card, phone or id), e.g. for a customer without a smartphone. The terminal
/// is the "device" for anti-guessing, so a till used to probe codes locks out like a phone would.
/// </summary>
public sealed class ActivatePromoCodeAtTill(ILoyaltyDbFactory dbs, ActivatePromoCode activate, TimeProvider clock) : IUseCase
{
    public async Task<TillActivationResponse> HandleAsync(PosCaller caller, TillActivationRequest request, string? ip, CancellationToken ct = default)
    {
        Guid customerId;
        await using (var db = dbs.Create())
        {
            var program = await GetProgram.LoadAsync(db, ct);
            customerId = (await MemberLookup.FindAsync(db, request.Customer, program.Settings.DefaultRegion, clock.GetUtcNow().UtcDateTime, ct)).Id;
        }
        var result = await activate.HandleAsync(new ActivationSource(customerId, ip, $"terminal:{caller.TerminalId:N}"), request.Code, ActivationChannel.Pos, ct);
        return new TillActivationResponse(customerId, result.ProductName, result.Brand, result.Points,
            PointValue.ToDecimal(result.PromoBalance), result.TopUpRequested);
    }
}
