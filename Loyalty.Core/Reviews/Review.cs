using Loyalty.Core.Common;

namespace Loyalty.Core.Reviews;

public enum ReviewStatus
{
    Published,

    /// <summary>The partner asked the operator to look at it; hidden from the public until the operator decides.</summary>
    Flagged,

    Hidden,
}

/// <summary>
/// A member's rating (1–5) and words about a partner, tied to one of their purchases there (one review per purchase), so
/// only real customers review. The partner may reply publicly, flag it for moderation, and reward it with points once.
/// </summary>
public class Review
{
    public const int TextMaxLength = 2000;
    public const int ReplyMaxLength = 2000;
    public const string RewardReason = "review-reward";

    private Review() { }

    public Review(ReviewedPurchase purchase, int rating, string? text, DateTime at)
    {
        if (rating is < 1 or > 5) throw ValidationException.For("rating", "Choose from one to five stars.");
        if (text?.Trim().Length > TextMaxLength) throw ValidationException.For("text", "A review has at most 2,000 characters.");
        Id = Guid.CreateVersion7();
        CustomerId = purchase.CustomerId;
        PartnerId = purchase.PartnerId;
        StoreId = purchase.StoreId;
        PurchaseId = purchase.Id;
        PurchasedAt = purchase.OccurredAt;
        Cashier = purchase.Cashier;
        Rating = rating;
        Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        CreatedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid CustomerId { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid StoreId { get; private set; }
    public Guid PurchaseId { get; private set; }

    /// <summary>
    /// The receipt's time and cashier, copied once (a receipt never changes either): staff ratings group the period's
    /// reviews by cashier from the reviews alone, not one receipt lookup per review (0250).
    /// </summary>
    public DateTime PurchasedAt { get; private set; }

    public string? Cashier { get; private set; }

    public int Rating { get; private set; }
    public string? Text { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public ReviewStatus Status { get; private set; }
    public string? Reply { get; private set; }
    public DateTime? RepliedAt { get; private set; }
    public string? FlagReason { get; private set; }

    /// <summary>Points given for the review (hundredths); set once, by a guarded update in the same transaction as the transfer.</summary>
    public long? RewardPoints { get; private set; }

    public DateTime? RewardedAt { get; private set; }

    public void ReplyWith(string? reply, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(reply) || reply.Trim().Length > ReplyMaxLength)
            throw ValidationException.For("reply", "Write a reply of up to 2,000 characters.");
        Reply = reply.Trim();
        RepliedAt = at;
    }

    public void Flag(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length is < 5 or > 500)
            throw ValidationException.For("reason", "Tell the moderator what is wrong, in 5 to 500 characters.");
        Status = ReviewStatus.Flagged;
        FlagReason = reason.Trim();
    }

    /// <summary>The operator's decision on a flagged (or earlier hidden) review: it is fine, show it again.</summary>
    public void Publish()
    {
        if (Status == ReviewStatus.Published) throw DomainException.Conflict("review-not-flagged", "This review is already published.");
        Status = ReviewStatus.Published;
    }

    /// <summary>The operator's decision: the review breaks the rules; it leaves the public page and the average for good.</summary>
    public void Hide()
    {
        if (Status == ReviewStatus.Hidden) throw DomainException.Conflict("review-hidden", "This review is already hidden.");
        Status = ReviewStatus.Hidden;
    }

    /// <summary>Anonymised with its author: the rating stays (it is part of the partner's average), the words go.</summary>
    public void Anonymise() => Text = null;
}

/// <summary>What a review keeps of the receipt it is about.</summary>
public sealed record ReviewedPurchase(Guid Id, Guid CustomerId, Guid PartnerId, Guid StoreId, DateTime OccurredAt, string? Cashier)
{
    /// <summary>The projection a query reads it with.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Purchases.Purchase, ReviewedPurchase>> Of =
        p => new ReviewedPurchase(p.Id, p.CustomerId, p.PartnerId, p.StoreId, p.OccurredAt, p.Cashier);
}
