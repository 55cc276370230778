namespace Loyalty.Core.Contests;

/// <summary>
/// Keeps a draw's seed secret until the reveal. The web host implements it with ASP.NET Data Protection (keys shared by
/// every node), so the seed never sits in the database in the clear: a database dump before the draw closes does not
/// tell anyone who will win. Losing the keys makes an open draw impossible to reveal: back them up (docs/draws.md).
/// </summary>
public interface ISeedProtector
{
    string Protect(byte[] seed);

    byte[] Unprotect(string protectedSeed);
}
