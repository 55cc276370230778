using Loyalty.Core.Common;

namespace Loyalty.Core.Settlements;

public enum SettlementStatus
{
    Draft,
    Confirmed,
    Paid,
}

/// <summary>
/// The clearing between the operator and one partner for one calendar month (UTC): what the partner owes for the points
/// it issued, what the operator reimburses for the points spent at it, the operator's fee and the net amount. The
/// figures are fixed when the period is closed (docs/decisions/0022); only the status moves afterwards.
/// </summary>
public class Settlement
{
    public const int ReferenceMaxLength = 100;

    private Settlement() { }

    internal Settlement(Guid partnerId, DateTime periodStart, DateTime periodEnd, string currency, long pointValueMinor, int feeBp,
        long issuedPoints, long redeemedPoints, DateTime closedAt)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Currency = currency;
        PointValueMinor = pointValueMinor;
        FeeBp = feeBp;
        IssuedPoints = issuedPoints;
        RedeemedPoints = redeemedPoints;
        IssuedAmount = ValueOf(issuedPoints, pointValueMinor);
        RedeemedAmount = ValueOf(redeemedPoints, pointValueMinor);
        FeeAmount = RoundHalfAwayFromZero(IssuedAmount * (decimal)feeBp / 10_000m);
        NetAmount = IssuedAmount + FeeAmount - RedeemedAmount;
        Status = SettlementStatus.Draft;
        ClosedAt = closedAt;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }

    /// <summary>First instant of the month (UTC), inclusive.</summary>
    public DateTime PeriodStart { get; private set; }

    /// <summary>First instant of the next month (UTC), exclusive.</summary>
    public DateTime PeriodEnd { get; private set; }

    public string Currency { get; private set; } = "";

    /// <summary>The contract's point value when the period was closed (minor units per whole point).</summary>
    public long PointValueMinor { get; private set; }

    public int FeeBp { get; private set; }

    /// <summary>Hundredths of a point the partner issued in the period, net of refund reversals and settled refund debts.</summary>
    public long IssuedPoints { get; private set; }

    /// <summary>Hundredths of a point members spent at the partner in the period, net of points given back on refunds.</summary>
    public long RedeemedPoints { get; private set; }

    /// <summary>Minor units: what the partner owes for the points it issued.</summary>
    public long IssuedAmount { get; private set; }

    /// <summary>Minor units: what the operator reimburses for the points spent at the partner.</summary>
    public long RedeemedAmount { get; private set; }

    public long FeeAmount { get; private set; }

    /// <summary>Minor units; positive: the partner pays the operator, negative: the operator pays the partner.</summary>
    public long NetAmount { get; private set; }

    public SettlementStatus Status { get; private set; }
    public DateTime ClosedAt { get; private set; }
    public DateTime? ConfirmedAt { get; private set; }
    public string? ConfirmedBy { get; private set; }
    public DateTime? PaidAt { get; private set; }
    public string? PaidBy { get; private set; }

    /// <summary>The bank transfer's reference, typed by whoever recorded the payment.</summary>
    public string? PaymentReference { get; private set; }

    public void Confirm(DateTime at, string actor)
    {
        if (Status != SettlementStatus.Draft)
            throw DomainException.Conflict("settlement-state", $"Only a draft can be confirmed; this statement is {Status}.");
        Status = SettlementStatus.Confirmed;
        ConfirmedAt = at;
        ConfirmedBy = actor;
    }

    public void MarkPaid(DateTime at, string actor, string reference)
    {
        if (Status != SettlementStatus.Confirmed)
            throw DomainException.Conflict("settlement-state", $"Only a confirmed statement can be marked paid; this statement is {Status}.");
        reference = reference.Trim();
        if (reference.Length is 0 or > ReferenceMaxLength)
            throw ValidationException.For("reference", "Type the payment's reference (1 to 100 characters).");
        Status = SettlementStatus.Paid;
        PaidAt = at;
        PaidBy = actor;
        PaymentReference = reference;
    }

    /// <summary>
    /// Money for an amount of points: hundredths × minor-per-point / 100, rounded half away from zero once, on the
    /// period's total (never per transfer, so the statement equals the ledger's total to the minor unit).
    /// </summary>
    public static long ValueOf(long hundredths, long pointValueMinor) =>
        RoundHalfAwayFromZero((decimal)hundredths * pointValueMinor / PointValue.Scale);

    private static long RoundHalfAwayFromZero(decimal value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);
}
