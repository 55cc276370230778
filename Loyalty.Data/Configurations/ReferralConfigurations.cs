using Loyalty.Core.Customers;
using Loyalty.Core.Purchases;
using Loyalty.Core.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class ReferralRewardConfiguration : IEntityTypeConfiguration<ReferralReward>
{
    public void Configure(EntityTypeBuilder<ReferralReward> b)
    {
        b.Property(r => r.Currency).HasMaxLength(3);
        // The reward job's idempotency: one row per purchase and level, whatever runs twice.
        b.HasIndex(r => new { r.PurchaseId, r.Level }).IsUnique();
        // A member's "rewards earned" and the operator's per-referrer figures.
        b.HasIndex(r => new { r.ReferrerId, r.PurchasedAt });
        b.HasIndex(r => r.FriendId);
        b.HasOne<Purchase>().WithMany().HasForeignKey(r => r.PurchaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.ReferrerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.FriendId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReferralCursorConfiguration : IEntityTypeConfiguration<ReferralCursor>
{
    public void Configure(EntityTypeBuilder<ReferralCursor> b) => b.Property(c => c.Id).ValueGeneratedNever();
}

internal sealed class ReferralCodeConfiguration : IEntityTypeConfiguration<ReferralCode>
{
    public void Configure(EntityTypeBuilder<ReferralCode> b)
    {
        b.HasKey(r => r.CustomerId);
        b.Property(r => r.Code).HasMaxLength(ReferralCode.Length);
        b.HasIndex(r => r.Code).IsUnique();
        b.HasOne<Customer>().WithOne().HasForeignKey<ReferralCode>(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MemberDeviceConfiguration : IEntityTypeConfiguration<MemberDevice>
{
    public void Configure(EntityTypeBuilder<MemberDevice> b)
    {
        b.Property(d => d.DeviceHash).HasMaxLength(MemberDevice.HashLength);
        b.HasIndex(d => new { d.CustomerId, d.DeviceHash }).IsUnique();
        b.HasOne<Customer>().WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
