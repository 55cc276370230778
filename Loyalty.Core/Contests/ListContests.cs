using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Contests;

public sealed record ContestRow(Guid Id, string Title, ContestKind Kind, ContestStatus Status, DateTime StartsAt, DateTime EndsAt,
    int Entries, int Winners, string? OwnerName);

public sealed record ContestPage(IReadOnlyList<ContestRow> Items, int Total);

/// <summary>The console's and the cabinet's contest list: a partner sees its own, the operator every contest.</summary>
public sealed class ListContests(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<ContestPage> HandleAsync(Guid? partnerId, bool operatorView, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.Contests.AsNoTracking();
        if (!operatorView) query = query.Where(c => c.OwnerPartnerId == partnerId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.StartsAt).ThenBy(c => c.Id).Skip(page * pageSize).Take(pageSize)
            .Select(c => new ContestRow(c.Id, c.Title, c.Kind, c.Status, c.StartsAt, c.EndsAt,
                c.Status == ContestStatus.Closed ? c.EntryCount : db.ContestEntries.Count(e => e.ContestId == c.Id),
                c.Prizes.Sum(p => p.Quantity),
                db.Partners.Where(p => p.Id == c.OwnerPartnerId).Select(p => p.Name).FirstOrDefault()))
            .ToListAsync(ct);
        return new ContestPage(rows, total);
    }
}
