using Loyalty.Core.Common;

namespace Loyalty.Core.TopUps;

/// <summary>
/// Reference data the operator edits: a mobile network of one country and the number prefixes (E.164, with +) that
/// belong to it. The gateway code is what the top-up provider calls this network.
/// </summary>
public class MobileOperator
{
    public const int NameMaxLength = 100;
    public const int PrefixesMaxLength = 500;

    private MobileOperator() { }

    public MobileOperator(string country, string name, string gatewayCode, string prefixes)
    {
        Id = Guid.CreateVersion7();
        Update(country, name, gatewayCode, prefixes, true);
    }

    public Guid Id { get; private set; }
    public string Country { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string GatewayCode { get; private set; } = "";

    /// <summary>Comma-separated, e.g. "+7701,+7702,+7775".</summary>
    public string Prefixes { get; private set; } = "";

    public bool IsActive { get; private set; }

    public IEnumerable<string> PrefixList => Prefixes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Update(string country, string name, string gatewayCode, string prefixes, bool isActive)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(country) || country.Trim().Length != 2 || !country.Trim().All(char.IsAsciiLetter))
            errors["country"] = ["The country is a two-letter code such as KZ."];
        if (string.IsNullOrWhiteSpace(name) || name.Length > NameMaxLength) errors["name"] = ["Enter the operator's name."];
        if (string.IsNullOrWhiteSpace(gatewayCode) || gatewayCode.Length > 32) errors["gatewayCode"] = ["Enter the provider's code for this network (at most 32 characters)."];
        var list = (prefixes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (list.Length == 0 || prefixes!.Length > PrefixesMaxLength || list.Any(p => p.Length is < 3 or > 12 || p[0] != '+' || !p[1..].All(char.IsAsciiDigit)))
            errors["prefixes"] = ["List prefixes in international form separated by commas, e.g. +7701, +7702."];
        if (errors.Count > 0) throw new ValidationException(errors);
        Country = country.Trim().ToUpperInvariant();
        Name = name.Trim();
        GatewayCode = gatewayCode.Trim();
        Prefixes = string.Join(",", list);
        IsActive = isActive;
    }

    /// <summary>The operator of a phone number: the active operator with the longest matching prefix.</summary>
    public static MobileOperator? Resolve(IEnumerable<MobileOperator> operators, string phoneE164) =>
        operators.Where(o => o.IsActive)
            .SelectMany(o => o.PrefixList.Where(p => phoneE164.StartsWith(p, StringComparison.Ordinal)).Select(p => (o, p.Length)))
            .OrderByDescending(x => x.Length).Select(x => x.o).FirstOrDefault();
}
