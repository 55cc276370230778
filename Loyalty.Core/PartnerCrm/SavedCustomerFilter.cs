using System.Text.Json;
using System.Text.Json.Serialization;
using Loyalty.Core.Common;
using Loyalty.Core.Segments;

namespace Loyalty.Core.PartnerCrm;

/// <summary>
/// What the customers grid is narrowed by: quick search (phone, card, name), a tag, a group (static or dynamic segment)
/// and any dynamic-segment rules. Saved as JSON so new fields can be added freely.
/// </summary>
public sealed record CustomerFilter(string? Search = null, string? Tag = null, Guid? GroupId = null, SegmentRules? Rules = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static CustomerFilter None { get; } = new();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CustomerFilter FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? None : JsonSerializer.Deserialize<CustomerFilter>(json, Json) ?? None;
}

/// <summary>A named customers-grid filter of one partner, shared by its admins and marketers.</summary>
public class SavedCustomerFilter
{
    public const int NameMaxLength = 100;

    private SavedCustomerFilter() { }

    public SavedCustomerFilter(Guid partnerId, string name, CustomerFilter filter, string createdBy, DateTime now)
    {
        Id = Guid.CreateVersion7();
        PartnerId = partnerId;
        Name = ValidName(name);
        FilterJson = filter.ToJson();
        CreatedBy = createdBy;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public string Name { get; private set; } = "";
    public string FilterJson { get; private set; } = "{}";
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    public static string ValidName(string? name)
    {
        name = name?.Trim() ?? "";
        return name.Length is >= 2 and <= NameMaxLength ? name : throw ValidationException.For("name", $"Name the filter (2 to {NameMaxLength} characters).");
    }
}
