using Loyalty.Core.Common;

namespace Loyalty.Core.Partners;

/// <summary>
/// Library entry the operator edits: a country the coalition works in, the currency its partners settle in, and the
/// point value a new partner's contract starts from there. A partner keeps its own country, currency and point value
/// (its contract and its ledger are in them), so the library never rewrites a partner.
/// </summary>
public class CoalitionCountry
{
    public const int NameMaxLength = 100;
    public const long MaxPointValueMinor = 1_000_000;

    private CoalitionCountry() { }

    public CoalitionCountry(string code, string name, string currency, long defaultPointValueMinor)
    {
        Code = NormalizeCode(code) ?? throw ValidationException.For("code", "The country is a two-letter ISO code such as KZ.");
        Update(name, currency, defaultPointValueMinor, true);
    }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>ISO 4217, upper case.</summary>
    public string Currency { get; private set; } = "";

    /// <summary>What one whole point is worth in the currency's minor unit when a partner here signs (100 = 1.00).</summary>
    public long DefaultPointValueMinor { get; private set; }

    /// <summary>An inactive country stays for the partners already there but is not offered for new ones.</summary>
    public bool IsActive { get; private set; }

    public static string? NormalizeCode(string? code)
    {
        var text = code?.Trim().ToUpperInvariant() ?? "";
        return text.Length == 2 && text.All(char.IsAsciiLetterUpper) ? text : null;
    }

    public void Update(string name, string currency, long defaultPointValueMinor, bool isActive)
    {
        var errors = new Dictionary<string, string[]>();
        var cleanName = name?.Trim() ?? "";
        var cleanCurrency = currency?.Trim().ToUpperInvariant() ?? "";
        if (cleanName.Length is < 2 or > NameMaxLength) errors["name"] = ["Enter the country's name (2 to 100 characters)."];
        if (cleanCurrency.Length != 3 || !cleanCurrency.All(char.IsAsciiLetterUpper)) errors["currency"] = ["The currency is a three-letter ISO code such as KZT."];
        if (defaultPointValueMinor is <= 0 or > MaxPointValueMinor) errors["pointValue"] = ["The point value is more than zero and at most 10,000.00."];
        if (errors.Count > 0) throw new ValidationException(errors);
        Name = cleanName;
        Currency = cleanCurrency;
        DefaultPointValueMinor = defaultPointValueMinor;
        IsActive = isActive;
    }
}
