namespace Loyalty.Core.Customers;

/// <summary>
/// A print run of plastic cards: <see cref="Count"/> consecutive numbers starting at <see cref="FirstNumber"/> (a
/// 15-digit body; each card adds the Luhn check digit). Cards are created with the batch, status Issued (0093).
/// </summary>
public class CardBatch
{
    public const int NameMaxLength = 100;
    /// <summary>A large print order in one batch (0170); issuing it holds the writer for a few seconds, once.</summary>
    public const int MaxCount = 250_000;

    private CardBatch() { }

    public CardBatch(string name, long firstBody, int count, string createdBy, DateTime createdAt)
    {
        Id = Guid.CreateVersion7();
        Name = name;
        FirstBody = firstBody;
        Count = count;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";

    /// <summary>The first card's number without its check digit.</summary>
    public long FirstBody { get; private set; }

    public int Count { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public int Downloads { get; private set; }

    public string FirstNumber => CardNumber.Complete(FirstBody.ToString("D15"));
    public string LastNumber => CardNumber.Complete((FirstBody + Count - 1).ToString("D15"));
}
