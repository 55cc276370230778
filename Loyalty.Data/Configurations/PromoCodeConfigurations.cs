using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Core.PromoCodes;
using Loyalty.Core.TopUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(p => p.Sku).HasMaxLength(Product.SkuMaxLength);
        b.Property(p => p.Name).HasMaxLength(Product.NameMaxLength);
        b.Property(p => p.Brand).HasMaxLength(Product.BrandMaxLength);
        b.Property(p => p.PhotoUrl).HasMaxLength(Product.PhotoUrlMaxLength);
        b.HasIndex(p => new { p.PartnerId, p.Sku }).IsUnique();
        b.HasOne<Partner>().WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CodeApplicationConfiguration : IEntityTypeConfiguration<CodeApplication>
{
    public void Configure(EntityTypeBuilder<CodeApplication> b)
    {
        b.Property(a => a.Reason).HasMaxLength(CodeApplication.ReasonMaxLength);
        b.Property(a => a.RejectionReason).HasMaxLength(CodeApplication.ReasonMaxLength);
        b.Property(a => a.SubmittedBy).HasMaxLength(256);
        b.Property(a => a.ReviewedBy).HasMaxLength(256);
        b.HasIndex(a => new { a.PartnerId, a.SubmittedAt });
        b.HasIndex(a => new { a.Status, a.SubmittedAt });
        b.HasOne<Partner>().WithMany().HasForeignKey(a => a.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(a => a.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CodeBatchConfiguration : IEntityTypeConfiguration<CodeBatch>
{
    public void Configure(EntityTypeBuilder<CodeBatch> b)
    {
        b.HasKey(x => x.Number);
        b.Property(x => x.Number).ValueGeneratedNever();
        b.Ignore(x => x.ChunkCount);
        b.Ignore(x => x.CodesDone);
        b.HasIndex(x => x.ApplicationId).IsUnique();
        b.HasIndex(x => x.PartnerId);
        b.HasIndex(x => x.Status);
        b.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CodeApplication>().WithOne().HasForeignKey<CodeBatch>(x => x.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// The 14-million-row table is kept as narrow as possible: (batch, serial) packed into the key, a 16-byte hash with a
/// unique index, a status byte. No foreign key: the batch is the key's high half, and the generator writes raw SQL.
/// </summary>
internal sealed class PromoCodeConfiguration : IEntityTypeConfiguration<PromoCode>
{
    public void Configure(EntityTypeBuilder<PromoCode> b)
    {
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Hash).HasMaxLength(PromoCodeHasher.HashLength).IsFixedLength();
        b.HasIndex(c => c.Hash).IsUnique();
        b.Ignore(c => c.BatchNumber);
        b.Ignore(c => c.Serial);
    }
}

internal sealed class PromoActivationConfiguration : IEntityTypeConfiguration<PromoActivation>
{
    public void Configure(EntityTypeBuilder<PromoActivation> b)
    {
        b.HasIndex(a => a.CodeId).IsUnique();
        b.HasIndex(a => new { a.PartnerId, a.ActivatedOn });
        b.HasIndex(a => a.ActivatedOn);
        b.HasIndex(a => a.BatchNumber);
        b.HasIndex(a => a.CustomerId);
        b.Property(a => a.Region).HasMaxLength(100);
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CodeBlockConfiguration : IEntityTypeConfiguration<CodeBlock>
{
    public void Configure(EntityTypeBuilder<CodeBlock> b)
    {
        b.Property(x => x.Reason).HasMaxLength(300);
        b.Property(x => x.Actor).HasMaxLength(256);
        b.HasIndex(x => x.BatchNumber);
    }
}

internal sealed class GuessCounterConfiguration : IEntityTypeConfiguration<GuessCounter>
{
    public void Configure(EntityTypeBuilder<GuessCounter> b)
    {
        b.Property(g => g.Key).HasMaxLength(GuessCounter.KeyMaxLength);
        b.HasIndex(g => new { g.Key, g.Subject }).IsUnique();
        b.HasIndex(g => g.LockedUntil);
        b.HasIndex(g => g.TotalFailures);
    }
}

internal sealed class MobileOperatorConfiguration : IEntityTypeConfiguration<MobileOperator>
{
    public void Configure(EntityTypeBuilder<MobileOperator> b)
    {
        b.Property(o => o.Country).HasMaxLength(2);
        b.Property(o => o.Name).HasMaxLength(MobileOperator.NameMaxLength);
        b.Property(o => o.GatewayCode).HasMaxLength(32);
        b.Property(o => o.Prefixes).HasMaxLength(MobileOperator.PrefixesMaxLength);
        b.Ignore(o => o.PrefixList);
    }
}

internal sealed class TopUpRequestConfiguration : IEntityTypeConfiguration<TopUpRequest>
{
    public void Configure(EntityTypeBuilder<TopUpRequest> b)
    {
        b.Property(r => r.Phone).HasMaxLength(PhoneNumber.MaxLength);
        b.Property(r => r.OperatorName).HasMaxLength(MobileOperator.NameMaxLength);
        b.Property(r => r.Country).HasMaxLength(2);
        b.Property(r => r.Currency).HasMaxLength(3);
        b.Property(r => r.ProviderReference).HasMaxLength(100);
        b.Property(r => r.LastError).HasMaxLength(500);
        b.Property(r => r.ResolvedBy).HasMaxLength(256);
        b.HasIndex(r => new { r.Status, r.NextAttemptAt });
        b.HasIndex(r => r.CreatedAt);
        b.HasIndex(r => r.CompletedAt);
        b.HasIndex(r => r.CustomerId);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
