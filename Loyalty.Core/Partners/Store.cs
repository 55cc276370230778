namespace Loyalty.Core.Partners;

/// <summary>An outlet of a partner; a web shop is a store too.</summary>
public class Store
{
    public const int NameMaxLength = 200;

    private Store() { }

    public Store(Guid partnerId, string name, string city, string address, string timeZone)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        Name = name;
        City = city;
        Address = address;
        TimeZone = timeZone;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public string Name { get; set; } = "";
    public string City { get; set; } = "";
    public string Address { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public string? OpeningHours { get; set; }
    public bool IsOnline { get; set; }
}
