using Loyalty.Core.Contests;
using Microsoft.AspNetCore.DataProtection;

namespace Loyalty.Web.Contests;

/// <summary>Draw seeds encrypted with ASP.NET Data Protection under their own purpose (docs/decisions/0121).</summary>
public sealed class DataProtectionSeedProtector(IDataProtectionProvider provider) : ISeedProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Loyalty.Contests.Seed.v1");

    public string Protect(byte[] seed) => Convert.ToBase64String(_protector.Protect(seed));

    public byte[] Unprotect(string protectedSeed) => _protector.Unprotect(Convert.FromBase64String(protectedSeed));
}
