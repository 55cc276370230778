using Loyalty.Core.Customers;
using Loyalty.Core.News;
using Loyalty.Core.Partners;
using Loyalty.Core.Portal;
using Loyalty.Core.Purchases;
using Loyalty.Core.Reviews;
using Loyalty.Core.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class VirtualCardConfiguration : IEntityTypeConfiguration<VirtualCard>
{
    public void Configure(EntityTypeBuilder<VirtualCard> b)
    {
        b.HasKey(v => v.CustomerId);
        // The till finds the member by this key in one indexed lookup (MemberLookup, decision 0070).
        b.HasIndex(v => v.Key).IsUnique();
        b.Property(v => v.Secret).HasMaxLength(VirtualCard.SecretLength);
        b.HasOne<Customer>().WithOne().HasForeignKey<VirtualCard>(v => v.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContentPageConfiguration : IEntityTypeConfiguration<ContentPage>
{
    public void Configure(EntityTypeBuilder<ContentPage> b)
    {
        b.HasKey(p => new { p.Kind, p.Language });
        b.Property(p => p.Language).HasMaxLength(8);
        b.Property(p => p.Title).HasMaxLength(ContentPage.TitleMaxLength);
        b.Property(p => p.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class PartnerPostConfiguration : IEntityTypeConfiguration<PartnerPost>
{
    public void Configure(EntityTypeBuilder<PartnerPost> b)
    {
        b.Property(p => p.Title).HasMaxLength(PartnerPost.TitleMaxLength);
        b.Property(p => p.Body).HasMaxLength(PartnerPost.BodyMaxLength);
        b.HasIndex(p => new { p.PartnerId, p.CreatedAt });
        b.HasIndex(p => new { p.IsArchived, p.PublishedAt });
        b.HasOne<Partner>().WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Segment>().WithMany().HasForeignKey(p => p.SegmentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class PartnerPostImageConfiguration : IEntityTypeConfiguration<PartnerPostImage>
{
    public void Configure(EntityTypeBuilder<PartnerPostImage> b)
    {
        b.HasKey(i => i.PostId);
        b.Property(i => i.ContentType).HasMaxLength(40);
        b.HasOne<PartnerPost>().WithOne().HasForeignKey<PartnerPostImage>(i => i.PostId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.Property(r => r.Text).HasMaxLength(Review.TextMaxLength);
        b.Property(r => r.Reply).HasMaxLength(Review.ReplyMaxLength);
        b.Property(r => r.FlagReason).HasMaxLength(500);
        b.Property(r => r.Cashier).HasMaxLength(Purchase.CashierMaxLength);
        // One review per purchase: the unique index decides when two taps race.
        b.HasIndex(r => r.PurchaseId).IsUnique();
        b.HasIndex(r => new { r.PartnerId, r.Status, r.CreatedAt });
        b.HasIndex(r => new { r.CustomerId, r.CreatedAt });
        // The cabinet's review list, newest first: read in index order, the page stops at its 25th row. Sorted instead,
        // SQLite built every row of 100,000 reviews (the author's and store's names included) to keep 25 (0.4–0.55 s; 0280).
        b.HasIndex(r => new { r.PartnerId, r.CreatedAt });
        // Staff ratings of a period: the partner's reviews of receipts in it, grouped by cashier from this index alone (0250).
        b.HasIndex(r => new { r.PartnerId, r.PurchasedAt, r.Status, r.Cashier, r.Rating });
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Partner>().WithMany().HasForeignKey(r => r.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(r => r.StoreId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Purchase>().WithMany().HasForeignKey(r => r.PurchaseId).OnDelete(DeleteBehavior.Restrict);
    }
}
