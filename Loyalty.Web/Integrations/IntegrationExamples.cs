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
            return Task.CompletedTask;
        });
        return options;
    }
}
