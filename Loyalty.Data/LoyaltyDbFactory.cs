using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Data;

/// <summary>Hands out the configured provider's context as the provider-neutral <see cref="LoyaltyDbContext"/>.</summary>
internal sealed class LoyaltyDbFactory<TContext>(IDbContextFactory<TContext> inner)
    : IDbContextFactory<LoyaltyDbContext>, ILoyaltyDbFactory
    where TContext : LoyaltyDbContext
{
    public LoyaltyDbContext CreateDbContext() => inner.CreateDbContext();

    ILoyaltyDb ILoyaltyDbFactory.Create() => inner.CreateDbContext();

    public bool HasSingleWriter => typeof(TContext) == typeof(SqliteLoyaltyDbContext);
}
