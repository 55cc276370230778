namespace Loyalty.Core.PromoCodes;

public enum PromoCodeStatus : byte
{
    /// <summary>Not yet used; whether it is printed or shipped is its batch's status.</summary>
    Generated = 0,
    Activated = 2,
    Blocked = 3,
}

public enum ActivationChannel : byte
{
    CustomerArea = 0,
    QrLink = 1,
    Pos = 2,
    PartnerApi = 3,
}

/// <summary>
/// One printed code, known to the database only by its keyed hash. Rows are written in bulk by the generation job
/// (never one EF Add per code) and activated with one guarded UPDATE; who activated it and when is in
/// <see cref="PromoActivation"/>, so the 14-million-row table stays narrow.
/// </summary>
public class PromoCode
{
    private PromoCode() { }

    /// <summary><c>(batch number &lt;&lt; 32) + serial</c>, see <see cref="CodeBatch.CodeId"/>.</summary>
    public long Id { get; private set; }

    /// <summary>HMAC of the normalised code (<see cref="PromoCodeHasher"/>); unique.</summary>
    public byte[] Hash { get; private set; } = [];

    public PromoCodeStatus Status { get; private set; }

    public int BatchNumber => (int)(Id >> CodeBatch.SerialBits);
    public int Serial => (int)(Id & 0xFFFF_FFFF);
}
