using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>How many members a mailing would reach right now, consents and ownership applied.</summary>
public sealed class EstimateAudience(ILoyaltyDbFactory dbs, AudienceQuery audiences, TimeProvider clock) : IUseCase
{
    public async Task<int> HandleAsync(Guid? ownerPartnerId, MessageChannel channel, AudienceDefinition audience, CancellationToken ct = default)
    {
        audiences.SourceFor(audience.Kind).Validate(audience);
        await using var db = dbs.Create();
        return await audiences.Customers(db, audience, new AudienceScope(ownerPartnerId, channel, clock.GetUtcNow().UtcDateTime)).CountAsync(ct);
    }
}
