using Loyalty.Core.Common;
using Loyalty.Core.PartnerCrm;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed record PrizeToHandOver(long WinnerId, string ContestTitle, int Place, string PrizeTitle);

/// <summary>
/// The physical prizes a member has won in this partner's contests and not yet received: what the cashier sees beside the
/// member once identified at the till, to hand them over there (0290). Another partner's prizes and the operator's stay out.
/// </summary>
public sealed class ListPrizesToHandOver(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<IReadOnlyList<PrizeToHandOver>> HandleAsync(PartnerStaff staff, Guid customerId, CancellationToken ct = default)
    {
        var partnerId = staff.Require(CabinetArea.Till).PartnerId;
        await using var db = dbs.Create();
        return await (from w in db.ContestWinners
                      join c in db.Contests on w.ContestId equals c.Id
                      where w.CustomerId == customerId && c.OwnerPartnerId == partnerId
                            && w.PrizeKind == PrizeKind.Physical && w.Status == WinnerStatus.Awaiting
                      orderby c.ClosedAt, w.Place
                      select new PrizeToHandOver(w.Id, c.Title, w.Place, w.PrizeTitle)).AsNoTracking().ToListAsync(ct);
    }
}
