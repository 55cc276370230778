using Loyalty.Core.Audit;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.Property(e => e.Kind).HasMaxLength(64);
        b.Property(e => e.Actor).HasMaxLength(256);
        b.Property(e => e.Summary).HasMaxLength(1000);
        b.HasIndex(e => e.OccurredAt);
        b.HasIndex(e => new { e.CustomerId, e.OccurredAt });
        b.HasIndex(e => new { e.PartnerId, e.OccurredAt });
    }
}

internal sealed class OutgoingMessageConfiguration : IEntityTypeConfiguration<OutgoingMessage>
{
    public void Configure(EntityTypeBuilder<OutgoingMessage> b)
    {
        b.Property(m => m.Recipient).HasMaxLength(Customer.EmailMaxLength);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.Provider).HasMaxLength(32);
        b.Property(m => m.ProviderMessageId).HasMaxLength(64);
        b.Property(m => m.Error).HasMaxLength(500);
        b.HasIndex(m => m.CreatedAt);
        b.HasIndex(m => m.ProviderMessageId);
    }
}

internal sealed class OneTimeCodeConfiguration : IEntityTypeConfiguration<OneTimeCode>
{
    public void Configure(EntityTypeBuilder<OneTimeCode> b)
    {
        b.Property(c => c.Phone).HasMaxLength(PhoneNumber.MaxLength);
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.HasIndex(c => new { c.Phone, c.CreatedAt });
    }
}
