using Loyalty.Core.Customers;
using Loyalty.Core.Imports;
using Loyalty.Core.Integrations;
using Loyalty.Core.Partners;
using Loyalty.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class ApiIntegrationConfiguration : IEntityTypeConfiguration<ApiIntegration>
{
    public void Configure(EntityTypeBuilder<ApiIntegration> b)
    {
        b.Property(i => i.Name).HasMaxLength(ApiIntegration.NameMaxLength);
        b.Property(i => i.KeyHash).HasMaxLength(64);
        b.Property(i => i.KeyHint).HasMaxLength(8);
        b.Property(i => i.Scopes).HasMaxLength(300);
        b.Ignore(i => i.ScopeSet);
        b.HasIndex(i => i.KeyHash).IsUnique();
        b.HasIndex(i => i.PartnerId);
        b.HasOne<Partner>().WithMany().HasForeignKey(i => i.PartnerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(i => i.StoreId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PosTerminal>().WithMany().HasForeignKey(i => i.TerminalId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IntegrationEventConfiguration : IEntityTypeConfiguration<IntegrationEvent>
{
    public void Configure(EntityTypeBuilder<IntegrationEvent> b)
    {
        b.Property(e => e.Type).HasMaxLength(40);
        // Fan-out reads a partner's events after a subscription's cursor. No foreign key: the POS write unit inserts
        // here, and a key check would cost it a lookup for nothing (the partner id comes from its own cached caller).
        b.HasIndex(e => new { e.PartnerId, e.Id });
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.Property(s => s.Url).HasMaxLength(WebhookSubscription.UrlMaxLength);
        b.Property(s => s.Events).HasMaxLength(300);
        b.Property(s => s.Secret).HasMaxLength(80);
        b.Ignore(s => s.EventList);
        b.HasIndex(s => s.PartnerId);
        b.HasOne<Partner>().WithMany().HasForeignKey(s => s.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(d => d.LastError).HasMaxLength(500);
        // One delivery per event and subscription, whatever the fan-out does twice.
        b.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        // The cabinet's webhook page: each subscription's pending and failed counts and last delivery, and the log's totals
        // by status, as index ranges rather than reads of a long log.
        b.HasIndex(d => new { d.SubscriptionId, d.Status, d.DeliveredAt });
        b.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<IntegrationEvent>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.Property(a => a.Error).HasMaxLength(500);
        b.HasIndex(a => a.DeliveryId);
        b.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DataImportConfiguration : IEntityTypeConfiguration<DataImport>
{
    public void Configure(EntityTypeBuilder<DataImport> b)
    {
        b.Property(i => i.FileName).HasMaxLength(DataImport.FileNameMaxLength);
        b.Property(i => i.StoredPath).HasMaxLength(500);
        b.Property(i => i.CreatedBy).HasMaxLength(256);
        b.Property(i => i.Error).HasMaxLength(500);
        b.HasIndex(i => new { i.PartnerId, i.CreatedAt });
        b.HasIndex(i => i.Status);
        b.HasOne<Partner>().WithMany().HasForeignKey(i => i.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ImportIssueConfiguration : IEntityTypeConfiguration<ImportIssue>
{
    public void Configure(EntityTypeBuilder<ImportIssue> b)
    {
        b.Property(i => i.Reason).HasMaxLength(ImportIssue.ReasonMaxLength);
        b.HasIndex(i => new { i.ImportId, i.Id });
        b.HasOne<DataImport>().WithMany().HasForeignKey(i => i.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Staging: no foreign keys (bulk inserts, short-lived rows); the indexes serve the set-based merge.</summary>
internal sealed class StagedReceiptConfiguration : IEntityTypeConfiguration<StagedReceipt>
{
    public void Configure(EntityTypeBuilder<StagedReceipt> b)
    {
        b.HasKey(s => new { s.ImportId, s.Line });
        b.Property(s => s.Phone).HasMaxLength(PhoneNumber.MaxLength);
        b.Property(s => s.CardNumber).HasMaxLength(CardNumber.Length);
        b.Property(s => s.ReceiptNumber).HasMaxLength(Core.Purchases.Purchase.ReceiptNumberMaxLength);
        b.HasIndex(s => new { s.ImportId, s.Phone, s.Line });
        b.HasIndex(s => new { s.ImportId, s.StoreId, s.ReceiptNumber, s.Line });
    }
}

internal sealed class StagedReceiptItemConfiguration : IEntityTypeConfiguration<StagedReceiptItem>
{
    public void Configure(EntityTypeBuilder<StagedReceiptItem> b)
    {
        b.Property(i => i.Sku).HasMaxLength(64);
        b.Property(i => i.Name).HasMaxLength(200);
        b.Property(i => i.Category).HasMaxLength(100);
        b.HasIndex(i => new { i.ImportId, i.Line });
    }
}

internal sealed class ImportedMemberConfiguration : IEntityTypeConfiguration<ImportedMember>
{
    public void Configure(EntityTypeBuilder<ImportedMember> b) => b.HasIndex(m => new { m.ImportId, m.CustomerId });
}

internal sealed class PartnerContactConfiguration : IEntityTypeConfiguration<PartnerContact>
{
    public void Configure(EntityTypeBuilder<PartnerContact> b)
    {
        // One record per partner and member; the partner's own view of a member reads it by this key.
        b.HasIndex(c => new { c.PartnerId, c.CustomerId }).IsUnique();
        b.Property(c => c.FirstName).HasMaxLength(Customer.NameMaxLength);
        b.Property(c => c.LastName).HasMaxLength(Customer.NameMaxLength);
        b.Property(c => c.Email).HasMaxLength(Customer.EmailMaxLength);
        b.Property(c => c.Source).HasMaxLength(PartnerContact.SourceMaxLength);
    }
}
