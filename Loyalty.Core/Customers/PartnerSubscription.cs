namespace Loyalty.Core.Customers;

/// <summary>A member follows a partner's news without (yet) having bought there; such a member is in the partner's audience.</summary>
public class PartnerSubscription
{
    private PartnerSubscription() { }

    public PartnerSubscription(Guid customerId, Guid partnerId, DateTime subscribedAt)
    {
        CustomerId = customerId;
        PartnerId = partnerId;
        SubscribedAt = subscribedAt;
    }

    public Guid CustomerId { get; private set; }
    public Guid PartnerId { get; private set; }
    public DateTime SubscribedAt { get; private set; }
}
