using System.Collections.Concurrent;
using Loyalty.Core.Common;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Pos;

/// <summary>
/// A partner's reward settings and its two ledger accounts, as a till call needs them. The accounts are null until the
/// partner's first sale creates them, inside that sale's transaction, so a refused sale leaves nothing behind.
/// </summary>
public sealed record PartnerRules(
    ProgramType ProgramType, int EarnRateBp, int RedemptionCapBp, bool UsesProgramTiers, int DiscountBp,
    IReadOnlyDictionary<string, int> CategoryRatesBp, LedgerAccount? Issuance, LedgerAccount? Redemption);

/// <summary>
/// What every till call reads and almost nothing changes: the terminal behind a key, the program with its tiers, a
/// partner's rules and accounts. Held in memory for <see cref="Lifetime"/>, so a purchase reads from the database only
/// what concerns the member (measured: this alone halves the statements of a purchase).
/// The use cases that change these call <see cref="Forget"/>, so this process sees a change at once; other app nodes
/// see it within <see cref="Lifetime"/>, a revoked key included (docs/decisions/0008-pos-hot-path.md).
/// </summary>
public sealed class PosReferenceData(ILoyaltyDbFactory dbs, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Cached<PosCaller>> _callers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Cached<PartnerRules>> _partners = new();
    private volatile Cached<ProgramSnapshot>? _program;

    /// <summary>The active terminal of an active partner with this key hash; unknown and revoked keys are not cached.</summary>
    public async Task<PosCaller?> CallerAsync(string keyHash, CancellationToken ct)
    {
        if (_callers.TryGetValue(keyHash, out var cached) && Fresh(cached)) return cached.Value;
        await using var db = dbs.Create();
        var caller = await db.PosTerminals.AsNoTracking()
            .Where(t => t.KeyHash == keyHash && t.RevokedAt == null)
            .Join(db.Partners.Where(p => p.Status == PartnerStatus.Active), t => t.PartnerId, p => p.Id,
                (t, p) => new PosCaller(t.Id, p.Id, t.StoreId, p.Name, p.Currency))
            .FirstOrDefaultAsync(ct);
        if (caller is null) _callers.TryRemove(keyHash, out _);
        else _callers[keyHash] = new Cached<PosCaller>(caller, Now());
        return caller;
    }

    public async Task<ProgramSnapshot> ProgramAsync(CancellationToken ct)
    {
        if (_program is { } cached && Fresh(cached)) return cached.Value;
        await using var db = dbs.Create();
        var program = await GetProgram.LoadAsync(db, ct);
        _program = new Cached<ProgramSnapshot>(program, Now());
        return program;
    }

    public async Task<PartnerRules> PartnerAsync(Guid partnerId, CancellationToken ct)
    {
        if (_partners.TryGetValue(partnerId, out var cached) && Fresh(cached)) return cached.Value;
        await using var db = dbs.Create();
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new { p.ProgramType, p.EarnRateBp, p.RedemptionCapBp, p.UsesProgramTiers, p.DiscountBp })
            .FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound("partner-not-found", "No such partner.");
        var categories = await db.PartnerCategoryRates.AsNoTracking().Where(r => r.PartnerId == partnerId)
            .ToDictionaryAsync(r => r.Category, r => r.EarnRateBp, StringComparer.OrdinalIgnoreCase, ct);
        var issuance = await Ledger.FindAccountAsync(db, LedgerAccount.KeyFor(AccountKind.PartnerIssuance, partnerId), ct);
        var redemption = await Ledger.FindAccountAsync(db, LedgerAccount.KeyFor(AccountKind.PartnerRedemption, partnerId), ct);
        var rules = new PartnerRules(partner.ProgramType, partner.EarnRateBp, partner.RedemptionCapBp, partner.UsesProgramTiers,
            partner.DiscountBp, categories, issuance, redemption);
        // Rules without both accounts are not kept: the partner's first sale creates them, and the next call reads them.
        if (issuance is not null && redemption is not null) _partners[partnerId] = new Cached<PartnerRules>(rules, Now());
        return rules;
    }

    /// <summary>Drops everything: called after any change to terminals, partners, reward settings or the program.</summary>
    public void Forget()
    {
        _callers.Clear();
        _partners.Clear();
        _program = null;
    }

    private long Now() => clock.GetTimestamp();

    private bool Fresh<T>(Cached<T> cached) => clock.GetElapsedTime(cached.LoadedAt) < Lifetime;

    private sealed record Cached<T>(T Value, long LoadedAt);
}
