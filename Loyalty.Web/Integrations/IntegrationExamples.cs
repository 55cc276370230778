using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;

namespace Loyalty.Web.Integrations;

/// <summary>Request examples in the integration API's OpenAPI document, by endpoint name (the same values as the guide).</summary>
public static class IntegrationExamples
{
    private static readonly Dictionary<string, string> Requests = new()
    {
        ["Identify"] = """{ "identifier": "+77010000001" }""",
        ["Quote"] = """{ "customer": "+77010000001", "amount": 12500.00, "redeemPoints": 100 }""",
        ["Purchase"] = """{ "customer": "+77010000001", "receiptNumber": "WEB-100234", "amount": 12500.00, "redeemPoints": 0, "items": [ { "sku": "SKU-1", "name": "Headphones", "category": "Electronics", "quantity": 1, "price": 12500.00 } ] }""",
        ["Refund"] = """{ "amount": 2500.00 }""",
        ["UpsertCustomer"] = """{ "phone": "+77015550123", "firstName": "Aigerim", "lastName": "Sadykova", "email": "aigerim@example.com", "birthDate": "1992-04-18", "marketingConsent": true }""",
        ["ActivatePromoCode"] = """{ "customerId": "0194f0c2-5b7e-7c1a-9a53-2d4c8f1e0a11", "code": "7KQ2-M9XD-4TZP-H8R3-W" }""",
    };

    /// <summary>Success-response examples (the guide shows the same ones).</summary>
    private static readonly Dictionary<string, string> Responses = new()
    {
        ["Offers"] = """
            { "earnPercent": 5, "redemptionCapPercent": 20, "categoryEarnPercent": { "Electronics": 3 }, "promoCodeProducts": [],
              "campaigns": [ { "campaignId": "0194f0c2-5b7e-7c1a-9a53-2d4c8f1e0a12", "name": "Double points weekend", "description": null, "type": "purchaseBonus",
                "reward": "multiplier", "value": 2, "minAmount": 5000.00, "skus": [], "categories": [], "firstPurchaseOnly": false, "forSegmentOnly": false,
                "startsAt": "2026-11-20T00:00:00Z", "endsAt": "2026-11-30T00:00:00Z" } ],
              "posts": [ { "postId": "0194f0c2-5b7e-7c1a-9a53-2d4c8f1e0a13", "kind": "offer", "title": "Winter coats −20 %", "body": "All coats until the end of the month.",
                "publishedAt": "2026-11-20T09:00:00Z", "endsAt": null } ],
              "note": "Earning rates, the purchase campaigns running now, the partner's current news and offer posts, and promo-code products." }
            """,
    };

    public static OpenApiOptions AddIntegrationExamples(this OpenApiOptions options)
    {
        // Only this API: endpoints without a group (the POS API) belong to the "pos" document.
        options.ShouldInclude = description => description.GroupName == IntegrationApi.DocumentName;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "OneCard integration API";
            document.Info.Description = "For partners' web shops and back offices. Send the integration key in X-Api-Key. See docs/integration-guide.md.";
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
            if (name is not null && Requests.TryGetValue(name, out var example) && operation.RequestBody?.Content is { } content &&
                content.TryGetValue("application/json", out var media))
            {
                media.Example = JsonNode.Parse(example);
            }
            if (name is not null && Responses.TryGetValue(name, out var answer) && operation.Responses?.TryGetValue("200", out var ok) == true &&
                ok.Content is { } okContent && okContent.TryGetValue("application/json", out var okMedia))
            {
                okMedia.Example = JsonNode.Parse(answer);
            }
            return Task.CompletedTask;
        });
        return options;
    }
}
