using Loyalty.Core.Customers;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class CustomerProfileConfiguration : IEntityTypeConfiguration<CustomerProfile>
{
    public void Configure(EntityTypeBuilder<CustomerProfile> b)
    {
        // PartnerId is Guid.Empty for the coalition, so it has no foreign key to Partners.
        b.HasKey(p => new { p.PartnerId, p.CustomerId });
        b.HasIndex(p => p.CustomerId);
        // The RFM page and segment audiences count by scope and segment; with the spends the nightly segment sizes and
        // lifetime values are read from this index in order, instead of sorting every profile (0125, 0250).
        b.HasIndex(p => new { p.PartnerId, p.Segment, p.Spend365, p.SpendTotal, p.PurchasesTotal });
        // RFM quintile boundaries are read by OFFSET along these (scored rows only: PurchasesTotal > 0), never by sorting (0068).
        b.HasIndex(p => new { p.PartnerId, p.PurchasesTotal });
        b.HasIndex(p => new { p.PartnerId, p.LastPurchaseAt, p.PurchasesTotal });
        b.HasIndex(p => new { p.PartnerId, p.SpendTotal, p.PurchasesTotal });
        // 12-month spend is what partners' rules filter by most (0130) and the operator grid's spend filter (0141): a range
        // seek instead of reading every profile of a scope.
        b.HasIndex(p => new { p.PartnerId, p.Spend365 });
        // New customers of a period on the partner's dashboard: a range of first purchases, not a probe of the receipts per
        // buyer (0190).
        b.HasIndex(p => new { p.PartnerId, p.FirstPurchaseAt });
        b.Property(p => p.FavouriteCategory).HasMaxLength(100);
        b.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProfileStateConfiguration : IEntityTypeConfiguration<ProfileState>
{
    public void Configure(EntityTypeBuilder<ProfileState> b) => b.Property(s => s.Id).ValueGeneratedNever();
}

internal sealed class RfmSegmentSizeConfiguration : IEntityTypeConfiguration<RfmSegmentSize>
{
    public void Configure(EntityTypeBuilder<RfmSegmentSize> b)
    {
        b.HasIndex(s => new { s.PartnerId, s.Day, s.Segment }).IsUnique();
    }
}

internal sealed class RfmTransitionConfiguration : IEntityTypeConfiguration<RfmTransition>
{
    public void Configure(EntityTypeBuilder<RfmTransition> b)
    {
        b.HasIndex(t => new { t.PartnerId, t.Day, t.FromSegment, t.ToSegment }).IsUnique();
    }
}

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> b)
    {
        b.Property(s => s.Name).HasMaxLength(Segment.NameMaxLength);
        b.HasIndex(s => new { s.OwnerPartnerId, s.Name });
        b.HasOne<Loyalty.Core.Partners.Partner>().WithMany().HasForeignKey(s => s.OwnerPartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SegmentMemberConfiguration : IEntityTypeConfiguration<SegmentMember>
{
    public void Configure(EntityTypeBuilder<SegmentMember> b)
    {
        b.HasKey(m => new { m.SegmentId, m.CustomerId });
        // The audience asks "is this member in that segment" from the member's side.
        b.HasIndex(m => m.CustomerId);
        b.HasOne<Segment>().WithMany().HasForeignKey(m => m.SegmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
