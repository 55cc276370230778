using Loyalty.Core.Analytics;
using Loyalty.Core.Purchases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Data.Configurations;

// The analytics roll-ups (0220): each keyed the way its readers ask — a scope, then a range of days — so a year of a
// partner is a few hundred rows in key order. No foreign keys: they are derived data, rebuilt from the receipts, and the
// coalition's rows carry the coalition's id (Guid.Empty), which is no partner.

internal sealed class SalesDayConfiguration : IEntityTypeConfiguration<SalesDay>
{
    public void Configure(EntityTypeBuilder<SalesDay> b)
    {
        b.HasKey(d => new { d.PartnerId, d.Day, d.StoreId, d.TerminalId, d.Cashier });
        b.Property(d => d.Cashier).HasMaxLength(Purchase.CashierMaxLength);
    }
}

internal sealed class CategoryDayConfiguration : IEntityTypeConfiguration<CategoryDay>
{
    public void Configure(EntityTypeBuilder<CategoryDay> b)
    {
        b.HasKey(d => new { d.PartnerId, d.Day, d.Category });
        b.Property(d => d.Category).HasMaxLength(100);
    }
}

internal sealed class BuyerCountConfiguration : IEntityTypeConfiguration<BuyerCount>
{
    public void Configure(EntityTypeBuilder<BuyerCount> b) => b.HasKey(c => new { c.PartnerId, c.Granularity, c.Start });
}

internal sealed class CohortCellConfiguration : IEntityTypeConfiguration<CohortCell>
{
    public void Configure(EntityTypeBuilder<CohortCell> b) => b.HasKey(c => new { c.PartnerId, c.Cohort, c.Month });
}

internal sealed class FirstPurchaseDayConfiguration : IEntityTypeConfiguration<FirstPurchaseDay>
{
    public void Configure(EntityTypeBuilder<FirstPurchaseDay> b) => b.HasKey(d => new { d.PartnerId, d.Day });
}

internal sealed class ClosedDaysBuyersConfiguration : IEntityTypeConfiguration<ClosedDaysBuyers>
{
    public void Configure(EntityTypeBuilder<ClosedDaysBuyers> b) => b.HasKey(c => new { c.PartnerId, c.From, c.Through, c.PreviousFrom });
}
