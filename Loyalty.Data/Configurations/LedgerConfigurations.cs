using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Pos;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class LedgerAccountConfiguration : IEntityTypeConfiguration<LedgerAccount>
{
    public void Configure(EntityTypeBuilder<LedgerAccount> b)
    {
        b.Property(a => a.Key).HasMaxLength(LedgerAccount.KeyMaxLength);
        b.HasIndex(a => a.Key).IsUnique();
        b.HasIndex(a => a.CustomerId);
        b.HasIndex(a => a.PartnerId);
        // The console's member grid sorted by balance walks this (decision 0200). Members' main accounts only: the partners'
        // and the operator's accounts change with every sale and have no entry to move.
        b.HasIndex(a => a.Balance, "IX_LedgerAccounts_MainBalance").HasFilter("\"Kind\" = 0");
        b.Ignore(a => a.IsCustomerAccount);
    }
}

internal sealed class TransferConfiguration : IEntityTypeConfiguration<Transfer>
{
    public void Configure(EntityTypeBuilder<Transfer> b)
    {
        b.Property(t => t.Reason).HasMaxLength(Transfer.ReasonMaxLength);
        b.Property(t => t.Description).HasMaxLength(Transfer.DescriptionMaxLength);
        b.HasIndex(t => new { t.CustomerId, t.OccurredAt });
        b.HasIndex(t => t.PurchaseId);
        b.HasIndex(t => new { t.PartnerId, t.OccurredAt });
        b.HasMany(t => t.Entries).WithOne().HasForeignKey(e => e.TransferId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(t => t.Entries).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class EntryConfiguration : IEntityTypeConfiguration<Entry>
{
    public void Configure(EntityTypeBuilder<Entry> b)
    {
        b.HasIndex(e => e.AccountId);
        b.HasOne<LedgerAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointLotConfiguration : IEntityTypeConfiguration<PointLot>
{
    public void Configure(EntityTypeBuilder<PointLot> b)
    {
        b.Property(l => l.Remaining).IsConcurrencyToken();
        b.HasIndex(l => new { l.AccountId, l.Remaining, l.ExpiresAt });
        b.HasIndex(l => new { l.ExpiresAt, l.Remaining });
        b.HasOne<LedgerAccount>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PointsDebtConfiguration : IEntityTypeConfiguration<PointsDebt>
{
    public void Configure(EntityTypeBuilder<PointsDebt> b)
    {
        b.Property(d => d.Remaining).IsConcurrencyToken();
        b.HasIndex(d => new { d.CustomerId, d.Remaining });
    }
}

internal sealed class RefundConfiguration : IEntityTypeConfiguration<Refund>
{
    public void Configure(EntityTypeBuilder<Refund> b)
    {
        b.HasIndex(r => r.PurchaseId);
        // Refunds not yet taken off the profile aggregates (0068).
        b.HasIndex(r => r.ProfiledAt, "IX_Refunds_Unprofiled").HasFilter("\"ProfiledAt\" IS NULL");
        // Refunds not yet taken off the analytics roll-ups (0220).
        b.HasIndex(r => r.RolledUpAt, "IX_Refunds_NotRolledUp").HasFilter("\"RolledUpAt\" IS NULL");
        b.HasOne<Purchase>().WithMany().HasForeignKey(r => r.PurchaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PosTerminalConfiguration : IEntityTypeConfiguration<PosTerminal>
{
    public void Configure(EntityTypeBuilder<PosTerminal> b)
    {
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.KeyHash).HasMaxLength(64);
        b.Property(t => t.KeyHint).HasMaxLength(8);
        b.HasIndex(t => t.KeyHash).IsUnique();
        b.HasIndex(t => t.PartnerId);
        b.HasOne<Partner>().WithMany().HasForeignKey(t => t.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(t => t.StoreId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(t => t.IsActive);
    }
}

internal sealed class PartnerCategoryRateConfiguration : IEntityTypeConfiguration<PartnerCategoryRate>
{
    public void Configure(EntityTypeBuilder<PartnerCategoryRate> b)
    {
        b.Property(r => r.Category).HasMaxLength(100);
        b.HasIndex(r => new { r.PartnerId, r.Category }).IsUnique();
        b.HasOne<Partner>().WithMany().HasForeignKey(r => r.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PartnerDiscountStepConfiguration : IEntityTypeConfiguration<PartnerDiscountStep>
{
    public void Configure(EntityTypeBuilder<PartnerDiscountStep> b)
    {
        b.HasIndex(s => new { s.PartnerId, s.SpendThreshold }).IsUnique();
        b.HasOne<Partner>().WithMany().HasForeignKey(s => s.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.Property(r => r.Scope).HasMaxLength(64);
        b.Property(r => r.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
        b.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class ProgramSettingsConfiguration : IEntityTypeConfiguration<ProgramSettings>
{
    public void Configure(EntityTypeBuilder<ProgramSettings> b)
    {
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.DefaultRegion).HasMaxLength(2);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.Property(p => p.ReferralRatesBp).HasMaxLength(64);
    }
}

internal sealed class TierConfiguration : IEntityTypeConfiguration<Tier>
{
    public void Configure(EntityTypeBuilder<Tier> b)
    {
        b.Property(t => t.Name).HasMaxLength(50);
        b.HasIndex(t => t.Rank).IsUnique();
    }
}

internal sealed class CustomerTierConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b) =>
        b.HasOne<Tier>().WithMany().HasForeignKey(c => c.TierId).OnDelete(DeleteBehavior.SetNull);
}
