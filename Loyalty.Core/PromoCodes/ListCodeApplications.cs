using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

public sealed record CodeApplicationRow(
    Guid Id, Guid PartnerId, string PartnerName, string ProductSku, string ProductName, int Quantity, string Reason,
    CodeApplicationStatus Status, string SubmittedBy, DateTime SubmittedAt, string? RejectionReason, int? BatchNumber);

/// <summary>Applications, newest first: a partner sees only its own (<paramref name="partnerId"/>), the operator all.</summary>
public sealed class ListCodeApplications(ILoyaltyDbFactory dbs) : IUseCase
{
    public async Task<Page<CodeApplicationRow>> HandleAsync(Guid? partnerId, CodeApplicationStatus? status, int skip, int take, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var query = db.CodeApplications.AsNoTracking();
        if (partnerId is { } p) query = query.Where(a => a.PartnerId == p);
        if (status is { } s) query = query.Where(a => a.Status == s);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.SubmittedAt).Skip(skip).Take(Math.Clamp(take, 1, 100))
            .Select(a => new CodeApplicationRow(a.Id, a.PartnerId,
                db.Partners.Where(x => x.Id == a.PartnerId).Select(x => x.Name).First(),
                db.Products.Where(x => x.Id == a.ProductId).Select(x => x.Sku).First(),
                db.Products.Where(x => x.Id == a.ProductId).Select(x => x.Name).First(),
                a.Quantity, a.Reason, a.Status, a.SubmittedBy, a.SubmittedAt, a.RejectionReason,
                db.CodeBatches.Where(b => b.ApplicationId == a.Id).Select(b => (int?)b.Number).FirstOrDefault()))
            .ToListAsync(ct);
        return new Page<CodeApplicationRow>(items, total);
    }
}
