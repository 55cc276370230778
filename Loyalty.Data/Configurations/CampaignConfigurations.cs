using Loyalty.Core.Campaigns;
using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.Property(c => c.Name).HasMaxLength(Campaign.NameMaxLength);
        b.Property(c => c.Description).HasMaxLength(1000);
        b.Property(c => c.Message).HasMaxLength(1000);
        b.Property(c => c.StoreIds).HasMaxLength(Campaign.ListMaxLength);
        b.Property(c => c.Skus).HasMaxLength(Campaign.ListMaxLength);
        b.Property(c => c.Categories).HasMaxLength(Campaign.ListMaxLength);
        // The till's cache and the calendar ask by owner and status / dates.
        b.HasIndex(c => new { c.OwnerPartnerId, c.Status });
        b.HasIndex(c => c.StartsAt);
        b.HasOne<Partner>().WithMany().HasForeignKey(c => c.OwnerPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Core.Segments.Segment>().WithMany().HasForeignKey(c => c.SegmentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CampaignRewardConfiguration : IEntityTypeConfiguration<CampaignReward>
{
    public void Configure(EntityTypeBuilder<CampaignReward> b)
    {
        b.Property(r => r.Occasion).HasMaxLength(CampaignReward.OccasionMaxLength);
        // One reward per campaign, member and occasion: what makes the triggers idempotent.
        b.HasIndex(r => new { r.CampaignId, r.CustomerId, r.Occasion }).IsUnique();
        b.HasIndex(r => r.PurchaseId);
        b.HasIndex(r => new { r.CustomerId, r.At });
        b.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> b)
    {
        b.Property(c => c.Code).HasMaxLength(Certificate.CodeLength);
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.Title).HasMaxLength(Certificate.TitleMaxLength);
        b.HasIndex(c => new { c.CustomerId, c.ExpiresAt });
        b.HasIndex(c => new { c.IssuerPartnerId, c.IssuedAt });
        // Certificate revenue of a period starts from the certificates redeemed in it (0230), not from the period's receipts.
        b.HasIndex(c => new { c.RedeemedAt, c.PurchaseId }, "IX_Certificates_Redeemed").HasFilter("\"RedeemedAt\" IS NOT NULL");
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Partner>().WithMany().HasForeignKey(c => c.IssuerPartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Campaign>().WithMany().HasForeignKey(c => c.CampaignId).OnDelete(DeleteBehavior.SetNull);
    }
}
