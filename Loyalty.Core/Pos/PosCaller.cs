namespace Loyalty.Core.Pos;

/// <summary>Who is calling the POS API: resolved from the terminal's key, never from the request body.</summary>
public sealed record PosCaller(Guid TerminalId, Guid PartnerId, Guid StoreId, string PartnerName, string Currency)
{
    /// <summary>Idempotency keys are unique per terminal.</summary>
    public string IdempotencyScope => $"terminal:{TerminalId:N}";
}
