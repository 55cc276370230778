using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

public sealed record SubmitCodeApplicationCommand(Guid ProductId, int Quantity, string Reason);

/// <summary>A manufacturer asks the operator for codes for one of its products.</summary>
public sealed class SubmitCodeApplication(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<Guid> HandleAsync(Guid partnerId, SubmitCodeApplicationCommand command, string actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == command.ProductId && p.PartnerId == partnerId && !p.IsArchived, ct)
            ?? throw ValidationException.For("productId", "Choose one of your products.");
        var application = new CodeApplication(partnerId, product.Id, command.Quantity, command.Reason ?? "", actor, now);
        db.CodeApplications.Add(application);
        db.AuditEvents.Add(new AuditEvent(now, "codes.applied", actor, $"{command.Quantity:N0} codes for {product.Sku} {product.Name}", partnerId));
        await db.SaveChangesAsync(ct);
        return application.Id;
    }
}
