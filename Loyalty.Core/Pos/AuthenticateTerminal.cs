using Loyalty.Core.Common;
using Loyalty.Core.Partners;

namespace Loyalty.Core.Pos;

/// <summary>Finds the active terminal of an active partner by its API key; null for unknown or revoked keys.</summary>
public sealed class AuthenticateTerminal(PosReferenceData reference) : IUseCase
{
    public async Task<PosCaller?> HandleAsync(string? apiKey, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || apiKey.Length > 200) return null;
        return await reference.CallerAsync(PosTerminal.HashKey(apiKey), ct);
    }
}
