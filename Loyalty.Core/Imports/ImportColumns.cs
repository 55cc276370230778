namespace Loyalty.Core.Imports;

/// <summary>Column names accepted in a receipts file (docs/integration-guide.md), by meaning; the first match wins.</summary>
public static class ReceiptColumns
{
    public static readonly string[] Card = ["card", "card_number", "cardnumber"];
    public static readonly string[] Phone = ["phone", "phone_number", "mobile"];
    public static readonly string[] DateTime = ["datetime", "date_time", "occurred_at", "date"];
    public static readonly string[] Store = ["store", "store_name", "store_id", "shop"];
    public static readonly string[] Receipt = ["receipt", "receipt_number", "receipt_no", "check"];
    public static readonly string[] Amount = ["amount", "total", "sum"];
    public static readonly string[] Items = ["items"];

    /// <summary>Null when the header has what a receipt needs; otherwise what is missing, in words.</summary>
    public static string? Check(IReadOnlyList<string> header)
    {
        var missing = new List<string>();
        if (Index(header, Card) < 0 && Index(header, Phone) < 0) missing.Add("card or phone");
        if (Index(header, DateTime) < 0) missing.Add("datetime");
        if (Index(header, Store) < 0) missing.Add("store");
        if (Index(header, Receipt) < 0) missing.Add("receipt");
        if (Index(header, Amount) < 0) missing.Add("amount");
        return missing.Count == 0 ? null : $"The first line must name the columns; missing: {string.Join(", ", missing)}.";
    }

    public static int Index(IReadOnlyList<string> header, string[] names)
    {
        foreach (var name in names)
        {
            for (var i = 0; i < header.Count; i++) if (header[i] == name) return i;
        }
        return -1;
    }
}

public static class CustomerColumns
{
    public static readonly string[] Phone = ReceiptColumns.Phone;
    public static readonly string[] Card = ReceiptColumns.Card;
    public static readonly string[] FirstName = ["first_name", "firstname", "name"];
    public static readonly string[] LastName = ["last_name", "lastname", "surname"];
    public static readonly string[] Email = ["email", "e-mail", "e_mail"];
    public static readonly string[] BirthDate = ["birth_date", "birthdate", "birthday", "date_of_birth"];
    public static readonly string[] Consent = ["marketing_consent", "consent"];
    public static readonly string[] ConsentSource = ["consent_source"];
    public static readonly string[] ConsentDate = ["consent_date", "consent_at"];

    public static string? Check(IReadOnlyList<string> header) =>
        ReceiptColumns.Index(header, Phone) < 0 && ReceiptColumns.Index(header, Card) < 0
            ? "The first line must name the columns; missing: phone or card."
            : null;
}
