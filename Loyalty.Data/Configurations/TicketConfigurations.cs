using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Core.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> b)
    {
        b.Property(t => t.Subject).HasMaxLength(Ticket.SubjectMaxLength);
        b.Property(t => t.OpenedBy).HasMaxLength(256);
        b.Property(t => t.Assignee).HasMaxLength(256);
        b.Ignore(t => t.IsOpen);
        // The desk sorts open tickets by due time; a partner lists its own.
        b.HasIndex(t => new { t.Status, t.DueAt });
        b.HasIndex(t => new { t.PartnerId, t.Status, t.DueAt });
        b.HasIndex(t => new { t.Assignee, t.Status });
        b.HasOne<Partner>().WithMany().HasForeignKey(t => t.PartnerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> b)
    {
        b.Property(m => m.Author).HasMaxLength(256);
        b.Property(m => m.Body).HasMaxLength(TicketMessage.BodyMaxLength);
        b.HasIndex(m => m.TicketId);
        b.HasOne<Ticket>().WithMany().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> b)
    {
        b.Property(a => a.FileName).HasMaxLength(TicketFiles.FileNameMaxLength);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Content).HasMaxLength(TicketFiles.MaxBytes);
        b.HasIndex(a => a.TicketId);
        b.HasIndex(a => a.MessageId);
        b.HasOne<TicketMessage>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class CardBatchConfiguration : IEntityTypeConfiguration<CardBatch>
{
    public void Configure(EntityTypeBuilder<CardBatch> b)
    {
        b.Property(x => x.Name).HasMaxLength(CardBatch.NameMaxLength);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Ignore(x => x.FirstNumber);
        b.Ignore(x => x.LastNumber);
        b.HasIndex(x => x.CreatedAt);
    }
}
