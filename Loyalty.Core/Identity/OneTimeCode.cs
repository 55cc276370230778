using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Core.Identity;

/// <summary>
/// A sign-in code sent by SMS. Only a hash is stored, a code lives five minutes and dies after five wrong tries,
/// so a code cannot be brute-forced within its life (10^6 codes, 5 tries).
/// </summary>
public class OneTimeCode
{
    public const int Digits = 6;
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private OneTimeCode() { }

    private OneTimeCode(string phone, string codeHash, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        Phone = phone;
        CodeHash = codeHash;
        CreatedAt = createdAt;
        ExpiresAt = createdAt + Lifetime;
    }

    public Guid Id { get; private set; }
    public string Phone { get; private set; } = "";
    public string CodeHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTime? ConsumedAt { get; private set; }

    public static (OneTimeCode Entity, string PlainCode) Issue(string phoneE164, DateTime now)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
        return (new OneTimeCode(phoneE164, Hash(phoneE164, code), now), code);
    }

    public bool IsUsable(DateTime now) => ConsumedAt is null && now < ExpiresAt && Attempts < MaxAttempts;

    /// <summary>Compares in constant time; the caller counts the attempt first.</summary>
    public bool Matches(string code) => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(CodeHash), Encoding.ASCII.GetBytes(Hash(Phone, code.Trim())));

    private static string Hash(string phone, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{phone}:{code}")));
}
