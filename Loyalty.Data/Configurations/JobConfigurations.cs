using Loyalty.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class JobFiringConfiguration : IEntityTypeConfiguration<JobFiring>
{
    public void Configure(EntityTypeBuilder<JobFiring> b)
    {
        // The key is the arbitration: two nodes inserting the same firing cannot both succeed.
        b.HasKey(f => new { f.Job, f.ScheduledAt });
        b.Property(f => f.Job).HasMaxLength(JobFiring.JobMaxLength);
        b.Property(f => f.Node).HasMaxLength(JobFiring.NodeMaxLength);
        b.HasIndex(f => f.ScheduledAt);
    }
}
