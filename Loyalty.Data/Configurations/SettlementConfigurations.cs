using Loyalty.Core.Partners;
using Loyalty.Core.Settlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class SettlementConfiguration : IEntityTypeConfiguration<Settlement>
{
    public void Configure(EntityTypeBuilder<Settlement> b)
    {
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.ConfirmedBy).HasMaxLength(256);
        b.Property(s => s.PaidBy).HasMaxLength(256);
        b.Property(s => s.PaymentReference).HasMaxLength(Settlement.ReferenceMaxLength);
        // One statement per partner and month: closing a period twice, or on two nodes at once, cannot draft another.
        b.HasIndex(s => new { s.PartnerId, s.PeriodStart }).IsUnique();
        b.HasIndex(s => new { s.PeriodStart, s.Status });
        b.HasOne<Partner>().WithMany().HasForeignKey(s => s.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
