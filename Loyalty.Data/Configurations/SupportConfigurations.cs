using Loyalty.Core.Audit;
using Loyalty.Core.Customers;
using Loyalty.Core.Identity;
using Loyalty.Core.Messaging;
using Loyalty.Core.Partners;
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
        b.HasOne(e => e.Values).WithOne().HasForeignKey<AuditChangeValues>(v => v.EventId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => e.OccurredAt);
        b.HasIndex(e => new { e.CustomerId, e.OccurredAt });
        b.HasIndex(e => new { e.PartnerId, e.OccurredAt });
    }
}

internal sealed class AuditChangeValuesConfiguration : IEntityTypeConfiguration<AuditChangeValues>
{
    public void Configure(EntityTypeBuilder<AuditChangeValues> b)
    {
        b.HasKey(v => v.EventId);
        b.Property(v => v.EventId).ValueGeneratedNever();
        b.Property(v => v.Changes).HasMaxLength(AuditChangeValues.ChangesMaxLength);
        b.HasIndex(v => v.CustomerId);
    }
}

internal sealed class OutgoingMessageConfiguration : IEntityTypeConfiguration<OutgoingMessage>
{
    public void Configure(EntityTypeBuilder<OutgoingMessage> b)
    {
        // A new table (the old OutgoingMessages had Guid keys; SQL Server cannot alter a column into an identity).
        b.ToTable("Messages");
        b.Property(m => m.Recipient).HasMaxLength(Customer.EmailMaxLength);
        b.Property(m => m.Subject).HasMaxLength(OutgoingMessage.SubjectMaxLength);
        b.Property(m => m.Body).HasMaxLength(Mailing.BodyMaxLength + 2000);
        b.Property(m => m.Provider).HasMaxLength(32);
        b.Property(m => m.ProviderMessageId).HasMaxLength(64);
        b.Property(m => m.ErrorCode).HasMaxLength(32);
        b.Property(m => m.Error).HasMaxLength(OutgoingMessage.ErrorMaxLength);
        b.HasIndex(m => m.CreatedAt);
        b.HasIndex(m => m.ProviderMessageId);
        // One row per (mailing, member): the fan-out and its re-runs can never queue anyone twice.
        b.HasIndex(m => new { m.MailingId, m.CustomerId }).IsUnique();
        // The dispatcher's claim: due queued rows in id order.
        b.HasIndex(m => new { m.Status, m.Id });
        b.HasIndex(m => new { m.OwnerPartnerId, m.Id });
        b.HasIndex(m => new { m.CustomerId, m.Channel, m.Status });
        // The message log's recipient search: an address by its beginning (0190).
        b.HasIndex(m => m.Recipient);
        b.HasOne<Customer>().WithMany().HasForeignKey(m => m.CustomerId).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<Mailing>().WithMany().HasForeignKey(m => m.MailingId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class MailingConfiguration : IEntityTypeConfiguration<Mailing>
{
    public void Configure(EntityTypeBuilder<Mailing> b)
    {
        b.Property(m => m.Name).HasMaxLength(Mailing.NameMaxLength);
        b.Property(m => m.Subject).HasMaxLength(OutgoingMessage.SubjectMaxLength);
        b.Property(m => m.Body).HasMaxLength(Mailing.BodyMaxLength);
        b.Property(m => m.Offer).HasMaxLength(Mailing.OfferMaxLength);
        b.Property(m => m.AudienceJson).HasMaxLength(2000);
        b.Property(m => m.CreatedBy).HasMaxLength(256);
        b.Ignore(m => m.Audience);
        b.Ignore(m => m.IsEditable);
        b.HasIndex(m => new { m.OwnerPartnerId, m.CreatedAt });
        b.HasIndex(m => new { m.Status, m.ScheduledAt });
        b.HasOne<Partner>().WithMany().HasForeignKey(m => m.OwnerPartnerId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class PartnerSubscriptionConfiguration : IEntityTypeConfiguration<PartnerSubscription>
{
    public void Configure(EntityTypeBuilder<PartnerSubscription> b)
    {
        b.HasKey(s => new { s.CustomerId, s.PartnerId });
        b.HasIndex(s => s.PartnerId);
        b.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Partner>().WithMany().HasForeignKey(s => s.PartnerId).OnDelete(DeleteBehavior.Cascade);
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
