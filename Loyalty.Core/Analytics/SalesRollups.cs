namespace Loyalty.Core.Analytics;

// The roll-ups the Analytics page reads instead of the receipts (decision 0220). They are written only by
// UpdateSalesRollups, set-based, from the receipts and refunds it has not rolled up yet; a reader adds those pending
// receipts itself, so every figure is current to the receipt. Days, weeks and months are UTC, as analytics periods are.

/// <summary>
/// One partner's receipts of one UTC day at one store, till and cashier. <see cref="TerminalId"/> is <see cref="Guid.Empty"/>
/// and <see cref="Cashier"/> empty when the receipt named none (key columns cannot be null).
/// </summary>
public class SalesDay
{
    public Guid PartnerId { get; private set; }
    public DateOnly Day { get; private set; }
    public Guid StoreId { get; private set; }
    public Guid TerminalId { get; private set; }
    public string Cashier { get; private set; } = "";

    /// <summary>Receipts, refunded ones included (a refund does not undo the visit).</summary>
    public int Receipts { get; private set; }

    /// <summary>Amount less refunds, minor units.</summary>
    public long Revenue { get; private set; }

    /// <summary>Points earned less those refunds took back (hundredths).</summary>
    public long Earned { get; private set; }

    /// <summary>Points paid with less those refunds gave back (hundredths).</summary>
    public long Redeemed { get; private set; }

    public long Discounts { get; private set; }

    /// <summary>Receipt lines.</summary>
    public int Lines { get; private set; }
}

/// <summary>One partner's receipt lines of one UTC day in one category (empty: lines without a category).</summary>
public class CategoryDay
{
    public Guid PartnerId { get; private set; }
    public DateOnly Day { get; private set; }
    public string Category { get; private set; } = "";

    /// <summary>Receipts with at least one line in the category.</summary>
    public int Receipts { get; private set; }

    /// <summary>The lines' prices (refunds are not itemised, so they do not come off).</summary>
    public long Revenue { get; private set; }
}

/// <summary>
/// Distinct buyers of one UTC day, ISO week or month, for a partner or (with the coalition's id) the whole coalition:
/// distinct counts do not add up from days, so each bucket keeps its own.
/// </summary>
public class BuyerCount
{
    public Guid PartnerId { get; private set; }
    public Granularity Granularity { get; private set; }
    public DateOnly Start { get; private set; }
    public int Buyers { get; private set; }
}

/// <summary>
/// Members whose first purchase in the scope fell in <see cref="Cohort"/> (a month's first day) and who bought in
/// <see cref="Month"/>: one cell of the cohort retention table, for a partner or the coalition.
/// </summary>
public class CohortCell
{
    public Guid PartnerId { get; private set; }
    public DateOnly Cohort { get; private set; }
    public DateOnly Month { get; private set; }
    public int Buyers { get; private set; }
}

/// <summary>
/// Members whose first receipt in the scope (a partner, or the coalition with its id) fell on one UTC day, and what the
/// receipts at that first instant brought, less their refunds: the new members of a period and the revenue that was not
/// repeat business, without probing each member's history (0230).
/// </summary>
public class FirstPurchaseDay
{
    public Guid PartnerId { get; private set; }
    public DateOnly Day { get; private set; }
    public int Members { get; private set; }
    public long Revenue { get; private set; }
}
