using Loyalty.Core.Contests;
using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class ContestConfiguration : IEntityTypeConfiguration<Contest>
{
    public void Configure(EntityTypeBuilder<Contest> b)
    {
        b.Property(c => c.Title).HasMaxLength(Contest.TitleMaxLength);
        b.Property(c => c.Description).HasMaxLength(Contest.DescriptionMaxLength);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.ScopeJson).HasMaxLength(20_000);
        b.Property(c => c.Commitment).HasMaxLength(64);
        b.Property(c => c.ProtectedSeed).HasMaxLength(1_000);
        b.Property(c => c.RevealedSeed).HasMaxLength(64);
        b.Property(c => c.EntryListHash).HasMaxLength(64);
        b.Property(c => c.CreatedBy).HasMaxLength(256);
        b.Ignore(c => c.Scope);
        b.Ignore(c => c.WinnerCount);
        // The jobs look for running draws and for contests due to close.
        b.HasIndex(c => new { c.Status, c.EndsAt });
        b.HasIndex(c => new { c.OwnerPartnerId, c.StartsAt });
        b.HasOne<Partner>().WithMany().HasForeignKey(c => c.OwnerPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(c => c.Prizes).WithOne().HasForeignKey(p => p.ContestId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(c => c.Prizes).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ContestPrizeConfiguration : IEntityTypeConfiguration<ContestPrize>
{
    public void Configure(EntityTypeBuilder<ContestPrize> b)
    {
        b.Property(p => p.Title).HasMaxLength(ContestPrize.TitleMaxLength);
        b.HasIndex(p => new { p.ContestId, p.Position }).IsUnique();
    }
}

internal sealed class ContestEntryConfiguration : IEntityTypeConfiguration<ContestEntry>
{
    public void Configure(EntityTypeBuilder<ContestEntry> b)
    {
        // The entry job's idempotency key: a member's n-th entry exists at most once.
        b.HasIndex(e => new { e.ContestId, e.CustomerId, e.Ordinal }).IsUnique();
        // No foreign key to Customers: a frozen draw's entries must not change whatever later happens to a member.
        b.HasOne<Contest>().WithMany().HasForeignKey(e => e.ContestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContestWinnerConfiguration : IEntityTypeConfiguration<ContestWinner>
{
    public void Configure(EntityTypeBuilder<ContestWinner> b)
    {
        b.Property(w => w.PrizeTitle).HasMaxLength(ContestPrize.TitleMaxLength);
        b.Property(w => w.HandedOverBy).HasMaxLength(256);
        // One winner per place: a second close cannot add winners; the prize payer claims rows by status.
        b.HasIndex(w => new { w.ContestId, w.Place }).IsUnique();
        b.HasIndex(w => new { w.PrizeKind, w.Status });
        b.HasIndex(w => w.CustomerId);
        b.HasOne<Contest>().WithMany().HasForeignKey(w => w.ContestId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(w => w.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContestEntryListConfiguration : IEntityTypeConfiguration<ContestEntryList>
{
    public void Configure(EntityTypeBuilder<ContestEntryList> b)
    {
        b.HasKey(l => l.ContestId);
        b.HasOne<Contest>().WithMany().HasForeignKey(l => l.ContestId).OnDelete(DeleteBehavior.Restrict);
    }
}
