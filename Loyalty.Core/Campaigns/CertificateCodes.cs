using System.Security.Cryptography;

namespace Loyalty.Core.Campaigns;

/// <summary>Certificate codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 48 bits of randomness.</summary>
public static class CertificateCodes
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Certificate.CodeLength);

    /// <summary>What a cashier types: spaces and dashes dropped, upper case.</summary>
    public static string Normalize(string code) =>
        new string(code.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
}
