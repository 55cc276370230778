using System.Security.Cryptography;

namespace Loyalty.Core.Customers;

/// <summary>
/// The member's phone card: a public key that finds the member with one indexed lookup and a secret that signs the
/// 30-second time step, so the QR on screen changes every half minute and a screenshot is worthless a minute later.
/// Kept out of <see cref="Customer"/> so the till's lookup touches a narrow table. See docs/decisions/0070.
/// </summary>
public class VirtualCard
{
    public const int SecretLength = 32;

    private VirtualCard() { }

    public VirtualCard(Guid customerId, DateTime createdAt)
    {
        CustomerId = customerId;
        Key = NewKey();
        Secret = RandomNumberGenerator.GetBytes(SecretLength);
        CreatedAt = createdAt;
    }

    public Guid CustomerId { get; private set; }

    private static long NewKey()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return CardToken.MinKey + (long)(BitConverter.ToUInt64(bytes) % (ulong)(CardToken.MaxKey - CardToken.MinKey + 1));
    }

    /// <summary>Ten digits, unique: the lookup half of the token. Useless without the current code.</summary>
    public long Key { get; private set; }

    public byte[] Secret { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }

    /// <summary>A new key and secret: every token shown before stops working at once (a phone was lost).</summary>
    public void Rotate(DateTime at)
    {
        Key = NewKey();
        Secret = RandomNumberGenerator.GetBytes(SecretLength);
        CreatedAt = at;
    }
}

/// <summary>
/// The rotating token a cashier scans: "OC" + 10-digit key + 6-digit code (TOTP-style: HMAC-SHA256 of the 30-second
/// step, RFC 4226 truncation). The letters keep it apart from card numbers and phones; 18 characters fit Code 128.
/// </summary>
public static class CardToken
{
    public const string Prefix = "OC";
    public const int Length = 18;
    public const long MinKey = 1_000_000_000;
    public const long MaxKey = 9_999_999_999;
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    public static long StepAt(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>When the token shown at <paramref name="utc"/> is replaced by the next one.</summary>
    public static DateTime NextChangeAfter(DateTime utc) => DateTime.UnixEpoch.AddSeconds((StepAt(utc) + 1) * Step.TotalSeconds);

    public static string Issue(long key, byte[] secret, DateTime utc) => $"{Prefix}{key}{Code(secret, StepAt(utc)):D6}";

    /// <summary>Looks like a card token: cheap shape check before any database work.</summary>
    public static bool TryParse(string identifier, out long key, out int code)
    {
        key = 0;
        code = 0;
        if (identifier.Length != Length || !identifier.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var digits = identifier.AsSpan(Prefix.Length);
        foreach (var c in digits) if (!char.IsAsciiDigit(c)) return false;
        return long.TryParse(digits[..10], out key) && int.TryParse(digits[10..], out code) && key >= MinKey;
    }

    /// <summary>Accepted for the current step and the one before (a code shown at :29 is still good at :31).</summary>
    public static bool Verify(byte[] secret, int code, DateTime utc)
    {
        var step = StepAt(utc);
        // Both compared every time: the answer's timing does not tell which step matched.
        var current = Code(secret, step) == code;
        var previous = Code(secret, step - 1) == code;
        return current | previous;
    }

    internal static int Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return binary % 1_000_000;
    }
}
