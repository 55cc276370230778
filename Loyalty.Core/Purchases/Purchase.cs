namespace Loyalty.Core.Purchases;

/// <summary>A receipt paid by a member at a partner's store. Amounts are in the currency's minor unit, points in hundredths.</summary>
public class Purchase
{
    public const int ReceiptNumberMaxLength = 64;

    /// <summary>The till's cashier reference (its cashier code or name, or the cabinet user's e-mail).</summary>
    public const int CashierMaxLength = 64;

    private readonly List<PurchaseItem> _items = [];

    private Purchase() { }

    public Purchase(Guid partnerId, Guid storeId, Guid? terminalId, Guid customerId, string receiptNumber,
        long amount, string currency, DateTime occurredAt, IEnumerable<PurchaseItem>? items = null)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        StoreId = storeId;
        TerminalId = terminalId;
        CustomerId = customerId;
        ReceiptNumber = receiptNumber;
        Amount = amount;
        Currency = currency;
        OccurredAt = occurredAt;
        if (items is not null) _items.AddRange(items);
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid StoreId { get; private set; }
    public Guid? TerminalId { get; private set; }
    public Guid CustomerId { get; private set; }
    public string ReceiptNumber { get; private set; } = "";

    /// <summary>Who served the receipt, as the till names them; null when the till does not say (staff performance, 0150).</summary>
    public string? Cashier { get; private set; }

    /// <summary>Receipt total before points, in minor units.</summary>
    public long Amount { get; private set; }

    public string Currency { get; private set; } = "";
    public DateTime OccurredAt { get; private set; }

    /// <summary>Points credited for this purchase, in hundredths of a point.</summary>
    public long EarnedPoints { get; internal set; }

    /// <summary>Points spent on this receipt, in hundredths of a point (one point pays one major unit).</summary>
    public long RedeemedPoints { get; internal set; }

    /// <summary>Discount given at the till by a discount program, in minor units.</summary>
    public long DiscountAmount { get; internal set; }

    /// <summary>Sum of all refunds against this purchase, in minor units; never above <see cref="Amount"/>.</summary>
    public long RefundedAmount { get; internal set; }

    /// <summary>Earned points taken back by refunds so far (hundredths).</summary>
    public long ReversedEarned { get; internal set; }

    /// <summary>Redeemed points given back by refunds so far (hundredths).</summary>
    public long ReturnedRedeemed { get; internal set; }

    /// <summary>True for receipts imported from a partner's history rather than rung up live.</summary>
    public bool IsImported { get; private set; }

    /// <summary>
    /// When this purchase was added to its member's profile aggregates; null until then. Set only by the segments engine
    /// (set-based), so every purchase — rung up, imported or backdated — reaches the profiles exactly once (0068).
    /// </summary>
    public DateTime? ProfiledAt { get; private set; }

    /// <summary>When this purchase was added to the analytics roll-ups; null until then (set only by UpdateSalesRollups, 0220).</summary>
    public DateTime? RolledUpAt { get; private set; }

    public IReadOnlyCollection<PurchaseItem> Items => _items;
}

public class PurchaseItem
{
    private PurchaseItem() { }

    public PurchaseItem(string sku, string name, string? category, decimal quantity, long price)
    {
        Sku = sku;
        Name = name;
        Category = category;
        Quantity = quantity;
        Price = price;
    }

    public long Id { get; private set; }
    public string Sku { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Category { get; private set; }
    public decimal Quantity { get; private set; }

    /// <summary>Line total in minor units.</summary>
    public long Price { get; private set; }
}
