using System.Security.Cryptography;
using System.Text;
using Loyalty.Core.Partners;

namespace Loyalty.Core.Integrations;

/// <summary>
/// A partner's system (web shop, back office, accounting) calling the integration API <c>/api/v1</c>. Its key is shown
/// once; only a SHA-256 hash is stored, as for terminal keys. Sales go through a POS terminal of its own (the web shop
/// is a store of the partner), so purchases, refunds and idempotency work exactly as at a till. That terminal's key
/// hash is derived from the integration key, so the integration key itself is refused by the POS API: scopes cannot be
/// bypassed there (docs/decisions/0100-integration-api.md).
/// </summary>
public class ApiIntegration
{
    public const int NameMaxLength = 100;

    private ApiIntegration() { }

    private ApiIntegration(Guid partnerId, Guid storeId, Guid terminalId, string name, string keyHash, string keyHint, string scopes, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        StoreId = storeId;
        TerminalId = terminalId;
        Name = name;
        KeyHash = keyHash;
        KeyHint = keyHint;
        Scopes = scopes;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }

    /// <summary>The store its sales are recorded at (for a web shop: the shop).</summary>
    public Guid StoreId { get; private set; }

    public Guid TerminalId { get; private set; }
    public string Name { get; private set; } = "";
    public string KeyHash { get; private set; } = "";
    public string KeyHint { get; private set; } = "";

    /// <summary>Granted scopes, space-separated (see <see cref="IntegrationScopes"/>).</summary>
    public string Scopes { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    public static (ApiIntegration Integration, PosTerminal Terminal, string Key) Create(Guid partnerId, Guid storeId, string name, IEnumerable<string> scopes, DateTime now)
    {
        var key = "int_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var (terminal, _) = PosTerminal.Create(partnerId, storeId, "API: " + name, now, TerminalKey(key));
        var integration = new ApiIntegration(partnerId, storeId, terminal.Id, name, HashKey(key), key[^4..], string.Join(' ', scopes), now);
        return (integration, terminal, key);
    }

    public static string HashKey(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The secret the backing terminal is keyed with: never the integration key itself, so the POS API refuses it.</summary>
    public static string TerminalKey(string integrationKey) => "integration-terminal:" + integrationKey;

    public IReadOnlySet<string> ScopeSet => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public void Revoke(DateTime at) => RevokedAt ??= at;
}

/// <summary>What an integration key may do. A key gets only the scopes its system needs.</summary>
public static class IntegrationScopes
{
    /// <summary>Quote, purchase, refund and identify, as a till.</summary>
    public const string Sales = "sales";

    /// <summary>Look up customers, balances and histories.</summary>
    public const string CustomersRead = "customers:read";

    /// <summary>Create or update customers.</summary>
    public const string CustomersWrite = "customers:write";

    /// <summary>Activate promo codes for a signed-in shopper.</summary>
    public const string PromoCodes = "promo-codes";

    /// <summary>Read the catalogue of offers.</summary>
    public const string Offers = "offers:read";

    /// <summary>Cursor-paged exports of the partner's transactions and customers.</summary>
    public const string Exports = "exports";

    /// <summary>Upload receipt histories and customer bases.</summary>
    public const string Imports = "imports";

    public static readonly IReadOnlyList<string> All = [Sales, CustomersRead, CustomersWrite, PromoCodes, Offers, Exports, Imports];
}
