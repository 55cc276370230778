using Loyalty.Core.Common;

namespace Loyalty.Core.Customers;

public enum CardStatus
{
    Issued,
    Active,
    Blocked,
}

/// <summary>A plastic card, printed in a batch by the operator and linked to one customer.</summary>
public class Card
{
    private Card() { }

    public Card(string number, DateTime issuedAt, Guid? batchId = null)
    {
        if (!CardNumber.IsValid(number)) throw ValidationException.For(nameof(Number), "The card number or its check digit is wrong.");
        Id = Guid.CreateVersion7();
        Number = CardNumber.Normalize(number);
        IssuedAt = issuedAt;
        BatchId = batchId;
        Status = CardStatus.Issued;
    }

    public Guid Id { get; private set; }
    public string Number { get; private set; } = "";
    public Guid? BatchId { get; private set; }
    public Guid? CustomerId { get; private set; }
    public CardStatus Status { get; private set; }
    public DateTime IssuedAt { get; private set; }
    public DateTime? LinkedAt { get; private set; }

    public void LinkTo(Guid customerId, DateTime at)
    {
        if (Status == CardStatus.Blocked) throw new DomainException("card-blocked", "This card is blocked.");
        if (CustomerId is not null && CustomerId != customerId) throw DomainException.Conflict("card-taken", "This card belongs to another member.");
        CustomerId = customerId;
        LinkedAt = at;
        Status = CardStatus.Active;
    }

    public void Block() => Status = CardStatus.Blocked;

    /// <summary>A blocked card comes back linked (Active) when it has an owner, otherwise as a fresh Issued card.</summary>
    public void Unblock() => Status = CustomerId is null ? CardStatus.Issued : CardStatus.Active;

    /// <summary>Frees the card for another member (a card handed out by mistake); a blocked card stays blocked.</summary>
    public void Unlink()
    {
        CustomerId = null;
        LinkedAt = null;
        if (Status != CardStatus.Blocked) Status = CardStatus.Issued;
    }
}
