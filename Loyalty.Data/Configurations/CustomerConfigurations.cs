using Loyalty.Core.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    /// <summary>The phone read backwards, computed by the database: a search by the number's ending is then an index range (0130).</summary>
    public const string PhoneReversed = "PhoneReversed";

    /// <summary>
    /// The reversed phone as a virtual computed column (never written by the app, so every INSERT path keeps it right).
    /// SQL Server has REVERSE (deterministic, so indexable); SQLite has no reverse function, so the column reads the
    /// E.164 number's at most 16 characters from the end, one by one (substr past the start yields '').
    /// </summary>
    public static void ConfigureReversedPhone(EntityTypeBuilder<Customer> b, bool sqlServer)
    {
        var sql = sqlServer
            ? "REVERSE([Phone])"
            : string.Join(" || ", Enumerable.Range(1, PhoneNumber.MaxLength).Select(i => $"substr(\"Phone\", -{i}, 1)"));
        b.Property<string>(PhoneReversed).HasMaxLength(PhoneNumber.MaxLength).HasComputedColumnSql(sql, stored: false);
        b.HasIndex(PhoneReversed);
    }

    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.Property(c => c.Phone).HasMaxLength(PhoneNumber.MaxLength);
        b.HasIndex(c => c.Phone).IsUnique();
        b.Property(c => c.FirstName).HasMaxLength(Customer.NameMaxLength);
        b.Property(c => c.LastName).HasMaxLength(Customer.NameMaxLength);
        b.Property(c => c.Email).HasMaxLength(Customer.EmailMaxLength);
        b.Property(c => c.City).HasMaxLength(100);
        b.Property(c => c.Language).HasMaxLength(8);
        b.Property(c => c.Source).HasMaxLength(64);
        // With the id: the partner grid's newest-first order (ties broken by id) is then an index walk (0096).
        b.HasIndex(c => new { c.RegisteredAt, c.Id });
        // The operator's grid at a million members (0094): name prefixes are index ranges, the city filter keeps the
        // default newest-first order inside the index.
        b.HasIndex(c => c.FirstName);
        b.HasIndex(c => c.LastName);
        b.HasIndex(c => new { c.City, c.RegisteredAt });
        // City + name prefix: SQLite carries the city into each branch of the name OR, so each is a seek (863 → ~1 ms).
        b.HasIndex(c => new { c.City, c.FirstName });
        b.HasIndex(c => new { c.City, c.LastName });
        b.HasIndex(c => c.MergedIntoId);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.ReferrerId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(c => c.DisplayName);
    }
}

internal sealed class CardConfiguration : IEntityTypeConfiguration<Card>
{
    public void Configure(EntityTypeBuilder<Card> b)
    {
        b.Property(c => c.Number).HasMaxLength(CardNumber.Length);
        b.HasIndex(c => c.Number).IsUnique();
        b.HasIndex(c => c.CustomerId);
        b.HasIndex(c => c.BatchId);
        b.HasOne<CardBatch>().WithMany().HasForeignKey(c => c.BatchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}
