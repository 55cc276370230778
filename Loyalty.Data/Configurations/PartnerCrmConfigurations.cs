using Loyalty.Core.Customers;
using Loyalty.Core.PartnerCrm;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class CounterpartConfiguration : IEntityTypeConfiguration<Counterpart>
{
    public void Configure(EntityTypeBuilder<Counterpart> b)
    {
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Name).HasMaxLength(Counterpart.NameMaxLength);
        b.Property(c => c.Company).HasMaxLength(Counterpart.CompanyMaxLength);
        b.Property(c => c.Position).HasMaxLength(Counterpart.PositionMaxLength);
        b.Property(c => c.Email).HasMaxLength(Counterpart.EmailMaxLength);
        b.Property(c => c.Phone).HasMaxLength(Counterpart.PhoneMaxLength);
        b.Property(c => c.Notes).HasMaxLength(Counterpart.NotesMaxLength);
        b.HasIndex(c => new { c.PartnerId, c.Company, c.Name });
        b.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomerTagConfiguration : IEntityTypeConfiguration<CustomerTag>
{
    public void Configure(EntityTypeBuilder<CustomerTag> b)
    {
        b.HasKey(t => new { t.PartnerId, t.CustomerId, t.Tag });
        b.Property(t => t.Tag).HasMaxLength(CustomerTag.MaxLength);
        // The grid's tag filter and the tag list read (partner, tag).
        b.HasIndex(t => new { t.PartnerId, t.Tag });
        b.HasIndex(t => t.CustomerId);
        b.HasOne<Partner>().WithMany().HasForeignKey(t => t.PartnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SavedCustomerFilterConfiguration : IEntityTypeConfiguration<SavedCustomerFilter>
{
    public void Configure(EntityTypeBuilder<SavedCustomerFilter> b)
    {
        b.Property(f => f.Name).HasMaxLength(SavedCustomerFilter.NameMaxLength);
        b.Property(f => f.CreatedBy).HasMaxLength(256);
        b.HasIndex(f => new { f.PartnerId, f.Name });
        b.HasOne<Partner>().WithMany().HasForeignKey(f => f.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
