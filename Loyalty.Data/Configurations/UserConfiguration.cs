using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Data.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.HasOne<Partner>().WithMany().HasForeignKey(u => u.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(u => u.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => u.CustomerId).IsUnique();
        b.HasOne<Store>().WithMany().HasForeignKey(u => u.StoreId).OnDelete(DeleteBehavior.Restrict);
    }
}
