using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Partners;

/// <summary>The money side of a partner's contract, as people type it: 1.00 KZT per point, 1.5 % fee.</summary>
public sealed record ContractTerms(decimal PointValue, decimal FeePercent);

/// <summary>
/// Operator staff set what a point is worth in this partner's settlements and the operator's fee. Statements already
/// drafted keep the terms they were closed with; the next period closed uses these. Audited.
/// </summary>
public sealed class UpdatePartnerContract(ILoyaltyDbFactory dbs, TimeProvider clock, PosReferenceData reference) : IUseCase
{
    public async Task HandleAsync(Guid partnerId, ContractTerms terms, string actor, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        await using var tx = await db.BeginWriteAsync(ct);
        var partner = await db.Partners.FirstOrDefaultAsync(p => p.Id == partnerId, ct)
            ?? throw DomainException.NotFound("partner-not-found", "This partner does not exist.");
        var (value, fee) = Parse(terms, partner.Currency);
        partner.SetContract(value, fee);
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, "partner.contract-changed", actor,
            $"point value {terms.PointValue} {partner.Currency}, fee {terms.FeePercent} %", partnerId));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        reference.Forget();
    }

    /// <summary>Exact conversion of typed terms, with a message per field; shared with approving an application.</summary>
    public static (long PointValueMinor, int FeeBp) Parse(ContractTerms terms, string currency)
    {
        var errors = new Dictionary<string, string[]>();
        var fee = Percent.ToBasisPoints(terms.FeePercent, "feePercent", "The fee", errors);
        if (!Money.TryToMinor(terms.PointValue, currency, out var value) || value <= 0 || value > 1_000_000_00)
            errors["pointValue"] = [$"A point is worth a positive amount of {currency} with at most {Money.Exponent(currency)} decimals."];
        if (errors.Count > 0) throw new ValidationException(errors);
        return (value, fee);
    }
}
