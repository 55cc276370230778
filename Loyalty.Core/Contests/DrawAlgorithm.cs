using Loyalty.Core.Common;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Loyalty.Core.Contests;

/// <summary>One line of the published entry list: the entry number and the member's anonymous number in this draw.</summary>
public readonly record struct PublishedEntry(long EntryId, int Participant);

/// <summary>
/// The verifiable draw, exactly as docs/draws.md states it (and docs/verify_draw.py re-implements it). Nothing here
/// touches a database or a clock: the same seed and the same list give the same winners on any machine.
/// </summary>
public static class DrawAlgorithm
{
    public const int SeedLength = 32;
    public const string ListHeader = "entry,participant";

    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(SeedLength);

    /// <summary>Lower-case hex SHA-256 of the seed: what is published before the period starts.</summary>
    public static string Commit(byte[] seed) => Convert.ToHexStringLower(SHA256.HashData(seed));

    /// <summary>
    /// Numbers members 1, 2, 3 … in order of their first (lowest) entry id; entries must come in ascending id order.
    /// </summary>
    public static List<PublishedEntry> Number(IEnumerable<(long EntryId, Guid CustomerId)> entriesById, out Dictionary<int, Guid> participants)
    {
        var numbers = new Dictionary<Guid, int>();
        participants = [];
        var list = new List<PublishedEntry>();
        long previous = long.MinValue;
        foreach (var (entryId, customerId) in entriesById)
        {
            if (entryId <= previous) throw new ArgumentException("Entries must be in ascending id order.", nameof(entriesById));
            previous = entryId;
            if (!numbers.TryGetValue(customerId, out var number))
            {
                number = numbers.Count + 1;
                numbers[customerId] = number;
                participants[number] = customerId;
            }
            list.Add(new PublishedEntry(entryId, number));
        }
        return list;
    }

    /// <summary>The published file: a header line, then "entry,participant" per line, LF line ends, UTF-8, no BOM.</summary>
    public static byte[] ListFile(IReadOnlyList<PublishedEntry> entries)
    {
        var text = new StringBuilder(entries.Count * 12 + 20).Append(ListHeader).Append('\n');
        foreach (var e in entries) text.Append(CsvText.Row(e.EntryId, e.Participant)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string Hash(byte[] file) => Convert.ToHexStringLower(SHA256.HashData(file));

    /// <summary>
    /// Picks up to <paramref name="winners"/> entries without replacement. Step k: n = entries left;
    /// x = first 8 bytes (big-endian) of HMAC-SHA256(key: seed, message: listHash bytes ‖ counter as 8 bytes big-endian),
    /// counter counting 0, 1, 2 … across the whole draw; x is rejected and the next counter tried while
    /// x ≥ n·⌊2⁶⁴/n⌋, so every index is equally likely; the winner is entry x mod n of those left (in list order), which is
    /// removed — with all of that member's other entries when one prize per member applies.
    /// </summary>
    public static List<PublishedEntry> Select(byte[] seed, byte[] listHash, IReadOnlyList<PublishedEntry> entries, int winners, bool onePrizePerParticipant)
    {
        var pool = new List<PublishedEntry>(entries);
        var chosen = new List<PublishedEntry>();
        var message = new byte[listHash.Length + 8];
        listHash.CopyTo(message, 0);
        ulong counter = 0;
        using var hmac = new HMACSHA256(seed);
        while (chosen.Count < winners && pool.Count > 0)
        {
            var n = (ulong)pool.Count;
            var limit = (UInt128.One << 64) / n * n;
            ulong x;
            do
            {
                BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(listHash.Length), counter++);
                x = BinaryPrimitives.ReadUInt64BigEndian(hmac.ComputeHash(message));
            }
            while (x >= limit);
            var winner = pool[(int)(x % n)];
            pool.RemoveAt((int)(x % n));
            chosen.Add(winner);
            if (onePrizePerParticipant) pool.RemoveAll(e => e.Participant == winner.Participant);
        }
        return chosen;
    }
}
