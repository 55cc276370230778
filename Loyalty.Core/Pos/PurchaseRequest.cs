using Loyalty.Core.Common;
using Loyalty.Core.Purchases;

namespace Loyalty.Core.Pos;

public sealed record PurchaseItemRequest(string? Sku, string? Name, string? Category, decimal Quantity, decimal Price);

/// <summary>A receipt as a till sends it: amounts in major currency units, points with two decimals.</summary>
public sealed record PurchaseRequest(
    string? Customer,
    string? ReceiptNumber,
    decimal Amount,
    decimal RedeemPoints,
    IReadOnlyList<PurchaseItemRequest>? Items,
    DateTimeOffset? OccurredAt,
    string? CertificateCode = null,
    string? Cashier = null);

/// <summary>A validated receipt in minor units and hundredths of a point.</summary>
internal sealed record ValidPurchase(string Customer, string ReceiptNumber, long Amount, long RedeemPoints, IReadOnlyList<PurchaseItem> Items, DateTime OccurredAt,
    string? Cashier = null)
{
    /// <summary>Largest accepted receipt: 10 billion major units. Anything above is a typo, not a purchase.</summary>
    public const decimal MaxAmount = 10_000_000_000m;

    public const int MaxItems = 500;

    /// <summary>Offline tills send receipts late; older ones belong to the history import.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    public IReadOnlyList<ReceiptLine> Lines => Items.Select(i => new ReceiptLine(i.Category, i.Price)).ToList();

    public static ValidPurchase From(PurchaseRequest request, string currency, DateTime now, bool requireReceipt)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(request.Customer)) Error("customer", "Identify the member: their id, card number or phone.");
        var receipt = request.ReceiptNumber?.Trim() ?? "";
        if (requireReceipt && receipt.Length == 0) Error("receiptNumber", "The receipt number is required.");
        else if (receipt.Length > Purchase.ReceiptNumberMaxLength) Error("receiptNumber", $"A receipt number has at most {Purchase.ReceiptNumberMaxLength} characters.");

        long amount = 0;
        if (request.Amount <= 0) Error("amount", "The amount must be greater than zero.");
        else if (request.Amount > MaxAmount) Error("amount", "The amount is too large.");
        else if (!Money.TryToMinor(request.Amount, currency, out amount)) Error("amount", $"The amount has more decimals than {currency} allows.");

        long redeem = 0;
        if (request.RedeemPoints < 0) Error("redeemPoints", "Points to redeem cannot be negative.");
        else if (request.RedeemPoints > MaxAmount) Error("redeemPoints", "Too many points to redeem.");
        else if (!PointValue.TryFromDecimal(request.RedeemPoints, out redeem)) Error("redeemPoints", "Points have at most two decimals.");
        else if (!Money.TryToMinor(request.RedeemPoints, currency, out _))
            Error("redeemPoints", $"In {currency} points are redeemed in whole units of the currency: a fraction would be lost.");

        var items = new List<PurchaseItem>();
        if (request.Items is { Count: > MaxItems }) Error("items", $"A receipt has at most {MaxItems} lines.");
        else
        {
            for (var i = 0; i < (request.Items?.Count ?? 0); i++)
            {
                var item = request.Items![i];
                if (item is null) { Error($"items[{i}]", "Empty line."); continue; }
                if (string.IsNullOrWhiteSpace(item.Sku) || item.Sku.Length > 64) Error($"items[{i}].sku", "Each line needs a SKU of at most 64 characters.");
                if (item.Name?.Length > 200) Error($"items[{i}].name", "A line name has at most 200 characters.");
                if (item.Category?.Length > 100) Error($"items[{i}].category", "A category has at most 100 characters.");
                if (item.Quantity <= 0 || item.Quantity > 1_000_000) Error($"items[{i}].quantity", "The quantity must be greater than zero.");
                if (item.Price < 0 || item.Price > MaxAmount || !Money.TryToMinor(item.Price, currency, out var price))
                    Error($"items[{i}].price", $"The line price must be zero or more, with at most the decimals {currency} allows.");
                else if (errors.Count == 0)
                    items.Add(new PurchaseItem(item.Sku!.Trim(), item.Name?.Trim() ?? item.Sku!.Trim(), item.Category?.Trim(), item.Quantity, price));
            }
        }

        var occurredAt = request.OccurredAt?.UtcDateTime ?? now;
        if (occurredAt > now.AddMinutes(5)) Error("occurredAt", "The purchase time is in the future.");
        else if (occurredAt < now - MaxAge) Error("occurredAt", "The purchase is older than 7 days: send it through the history import.");

        var cashier = CashierOf(request.Cashier, errors);

        if (errors.Count > 0) throw new ValidationException(errors);
        return new ValidPurchase(request.Customer!.Trim(), receipt, amount, redeem, items, occurredAt, cashier);
    }

    /// <summary>The till's own reference for who served the receipt (a code or a name); blank is "not said".</summary>
    internal static string? CashierOf(string? value, Dictionary<string, string[]> errors)
    {
        var cashier = value?.Trim();
        if (string.IsNullOrEmpty(cashier)) return null;
        if (cashier.Length > Purchase.CashierMaxLength) errors["cashier"] = [$"A cashier reference has at most {Purchase.CashierMaxLength} characters."];
        else if (cashier.Any(char.IsControl)) errors["cashier"] = ["A cashier reference cannot contain control characters."];
        return cashier;
    }
}
