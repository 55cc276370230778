using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> b)
    {
        b.Property(p => p.Name).HasMaxLength(Partner.NameMaxLength);
        b.Property(p => p.Slug).HasMaxLength(Partner.SlugMaxLength);
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Country).HasMaxLength(2);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.TimeZone).HasMaxLength(64);
        b.Property(p => p.LegalName).HasMaxLength(Partner.NameMaxLength);
        b.Property(p => p.TaxId).HasMaxLength(32);
        b.Property(p => p.City).HasMaxLength(100);
        b.Property(p => p.Description).HasMaxLength(2000);
        b.Property(p => p.ContactEmail).HasMaxLength(254);
        b.Property(p => p.ContactPhone).HasMaxLength(32);
        b.Property(p => p.Website).HasMaxLength(200);
        b.HasIndex(p => p.Status);
        // The area id keeps the former enum's column and values (0–7 are the built-in areas' ids), so no partner's area
        // is converted. No database foreign key: the built-in rows are seeded after migrations (in code), and SQL Server
        // could not add the constraint over existing partners before they exist; the use cases check the id instead.
        b.Property(p => p.AreaId).HasColumnName("Area");
        b.HasIndex(p => p.AreaId);
    }
}

internal sealed class BusinessAreaConfiguration : IEntityTypeConfiguration<BusinessArea>
{
    public void Configure(EntityTypeBuilder<BusinessArea> b)
    {
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.Name).HasMaxLength(BusinessArea.NameMaxLength);
        b.Property(a => a.NameRu).HasMaxLength(BusinessArea.NameMaxLength);
        b.Ignore(a => a.Label);
        b.Ignore(a => a.IsBuiltIn);
    }
}

internal sealed class StoreConfiguration : IEntityTypeConfiguration<Store>
{
    public void Configure(EntityTypeBuilder<Store> b)
    {
        b.Property(s => s.Name).HasMaxLength(Store.NameMaxLength);
        b.Property(s => s.City).HasMaxLength(100);
        b.Property(s => s.Address).HasMaxLength(300);
        b.Property(s => s.TimeZone).HasMaxLength(64);
        b.Property(s => s.OpeningHours).HasMaxLength(200);
        b.HasOne<Partner>().WithMany().HasForeignKey(s => s.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CoalitionCountryConfiguration : IEntityTypeConfiguration<CoalitionCountry>
{
    public void Configure(EntityTypeBuilder<CoalitionCountry> b)
    {
        b.HasKey(c => c.Code);
        b.Property(c => c.Code).HasMaxLength(2);
        b.Property(c => c.Name).HasMaxLength(CoalitionCountry.NameMaxLength);
        b.Property(c => c.Currency).HasMaxLength(3);
    }
}
