using Loyalty.Core.Common;

namespace Loyalty.Core.PromoCodes;

public enum CodeApplicationStatus
{
    Submitted,
    Approved,
    Rejected,
}

/// <summary>A manufacturer asks for a number of codes for one product; operator staff approve (which starts a batch) or reject it.</summary>
public class CodeApplication
{
    public const int ReasonMaxLength = 500;
    public const int MaxQuantity = 20_000_000;

    private CodeApplication() { }

    public CodeApplication(Guid partnerId, Guid productId, int quantity, string reason, string submittedBy, DateTime submittedAt)
    {
        var errors = new Dictionary<string, string[]>();
        if (quantity is < 1 or > MaxQuantity) errors["quantity"] = [$"Ask for 1 to {MaxQuantity:N0} codes."];
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5 || reason.Length > ReasonMaxLength)
            errors["reason"] = ["Say what the codes are for (5 to 500 characters), e.g. the print run or promotion."];
        if (errors.Count > 0) throw new ValidationException(errors);
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        ProductId = productId;
        Quantity = quantity;
        Reason = reason.Trim();
        SubmittedBy = submittedBy;
        SubmittedAt = submittedAt;
        Status = CodeApplicationStatus.Submitted;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid ProductId { get; private set; }
    public int Quantity { get; private set; }
    public string Reason { get; private set; } = "";
    public string SubmittedBy { get; private set; } = "";
    public DateTime SubmittedAt { get; private set; }
    public CodeApplicationStatus Status { get; private set; }
    public string? ReviewedBy { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public string? RejectionReason { get; private set; }

    public void Approve(string by, DateTime at)
    {
        if (Status != CodeApplicationStatus.Submitted)
            throw DomainException.Conflict("application-state", $"This application is already {Status}.");
        Status = CodeApplicationStatus.Approved;
        ReviewedBy = by;
        ReviewedAt = at;
    }

    public void Reject(string by, DateTime at, string reason)
    {
        if (Status != CodeApplicationStatus.Submitted)
            throw DomainException.Conflict("application-state", $"This application is already {Status}.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5 || reason.Length > ReasonMaxLength)
            throw ValidationException.For("reason", "Tell the manufacturer why (5 to 500 characters).");
        Status = CodeApplicationStatus.Rejected;
        ReviewedBy = by;
        ReviewedAt = at;
        RejectionReason = reason.Trim();
    }
}
