namespace Loyalty.Core.TopUps;

public enum TopUpStatus
{
    /// <summary>Points reserved; waiting for (the next attempt of) sending.</summary>
    Pending,

    /// <summary>Handed to the gateway; the outcome is not recorded yet. After a crash this is reconciled by asking the gateway.</summary>
    Sending,

    Succeeded,

    /// <summary>Failed for good; the reserved points went back to the member's promo account.</summary>
    Failed,

    /// <summary>No mobile operator matches the number, or the gateway's answer needs a person; operator staff resolve it.</summary>
    NeedsReview,
}

/// <summary>
/// One mobile top-up for a member's phone, paid from promo points reserved when it was created. Its id is the
/// idempotency key the gateway sees on every attempt, so however often it is sent it is paid at most once.
/// </summary>
public class TopUpRequest
{
    private TopUpRequest() { }

    public TopUpRequest(Guid customerId, string phone, Guid? mobileOperatorId, string? operatorName, string country,
        long points, long amount, string currency, long reserveTransferId, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        CustomerId = customerId;
        Phone = phone;
        MobileOperatorId = mobileOperatorId;
        OperatorName = operatorName;
        Country = country;
        Points = points;
        Amount = amount;
        Currency = currency;
        ReserveTransferId = reserveTransferId;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        Status = mobileOperatorId is null ? TopUpStatus.NeedsReview : TopUpStatus.Pending;
        LastError = mobileOperatorId is null ? "No mobile operator matches this number." : null;
    }

    public Guid Id { get; private set; }
    public Guid CustomerId { get; private set; }
    public string Phone { get; private set; } = "";
    public Guid? MobileOperatorId { get; private set; }
    public string? OperatorName { get; private set; }
    public string Country { get; private set; } = "";

    /// <summary>Reserved promo points, hundredths.</summary>
    public long Points { get; private set; }

    /// <summary>Phone credit in the currency's minor unit.</summary>
    public long Amount { get; private set; }

    public string Currency { get; private set; } = "";
    public long ReserveTransferId { get; private set; }
    public TopUpStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTime NextAttemptAt { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    public string? ProviderReference { get; private set; }
    public string? LastError { get; private set; }
    public string? ResolvedBy { get; private set; }
}
