using Loyalty.Core.Common;
using Loyalty.Core.Pos;
using Loyalty.Core.PromoCodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Loyalty.Web.Pos;

/// <summary>
/// The API cash registers call, under <c>/api/pos/v1</c>. Every call carries the terminal's key in <c>X-Api-Key</c>;
/// state-changing calls carry an <c>Idempotency-Key</c>. Errors are ProblemDetails with a stable <c>type</c>.
/// </summary>
public static class PosApi
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string RateLimitPolicy = "pos";
    public const string BasePath = "/api/pos/v1";

    /// <summary>A receipt with 500 lines is about 60 KB of JSON; anything much larger is not a receipt.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapPosApi(this IEndpointRouteBuilder app)
    {
        var pos = app.MapGroup(BasePath)
            .WithTags("POS")
            .RequireRateLimiting(RateLimitPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        pos.MapPost("/customers/identify", IdentifyAsync).WithSummary("Find a member by card number, phone or id");
        pos.MapPost("/purchases/quote", QuoteAsync).WithSummary("What a purchase would earn and how much may be paid with points; changes nothing");
        pos.MapPost("/purchases", PurchaseAsync).WithSummary("Record a purchase (Idempotency-Key required)");
        pos.MapPost("/purchases/{transactionId:guid}/refunds", RefundAsync).WithSummary("Refund part or all of a purchase (Idempotency-Key required)");
        pos.MapPost("/receipts/anonymous", AnonymousReceiptsAsync)
            .WithSummary("Report receipts paid WITHOUT a card: a count and their total (Idempotency-Key required); they earn nothing and feed the card-share figures");
        pos.MapGet("/customers/{customerId:guid}/transactions", TransactionsAsync).WithSummary("The member's recent points at this partner");
        pos.MapPost("/promo-codes/activate", ActivatePromoCodeAsync).WithSummary("Activate a manufacturer's promo code for a member; a code activates once");
        return app;
    }

    public sealed record IdentifyRequest(string? Identifier);

    private static async Task<Ok<IdentifiedCustomer>> IdentifyAsync(IdentifyRequest request, HttpContext http, IdentifyCustomer identify, CancellationToken ct) =>
        TypedResults.Ok(await identify.HandleAsync(http.PosCaller(), request.Identifier, ct));

    private static async Task<Ok<PurchaseQuote>> QuoteAsync(PurchaseRequest request, HttpContext http, QuotePurchase quote, CancellationToken ct) =>
        TypedResults.Ok(await quote.HandleAsync(http.PosCaller(), request, ct));

    private static async Task<Created<PurchaseReceipt>> PurchaseAsync(
        PurchaseRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, RecordPurchase record, CancellationToken ct)
    {
        var result = await record.HandleAsync(http.PosCaller(), idempotencyKey, request, ct);
        if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/pos/v1/purchases/{result.Body.TransactionId}", result.Body);
    }

    private static async Task<Created<RefundReceipt>> RefundAsync(
        Guid transactionId, RefundRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, RefundPurchase refund, CancellationToken ct)
    {
        var result = await refund.HandleAsync(http.PosCaller(), transactionId, idempotencyKey, request, ct);
        if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/pos/v1/purchases/{transactionId}/refunds/{result.Body.RefundId}", result.Body);
    }

    private static async Task<Created<AnonymousReceiptsRecorded>> AnonymousReceiptsAsync(
        AnonymousReceiptsRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, RecordAnonymousReceipts record, CancellationToken ct)
    {
        var result = await record.HandleAsync(http.PosCaller(), idempotencyKey, request, ct);
        if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/pos/v1/receipts/anonymous/{result.Body.Id}", result.Body);
    }

    private static async Task<Ok<IReadOnlyList<PointsMovement>>> TransactionsAsync(Guid customerId, int? take, HttpContext http, GetCustomerTransactions history, CancellationToken ct) =>
        TypedResults.Ok(await history.HandleAsync(http.PosCaller(), customerId, take ?? 20, ct));

    private static async Task<Ok<TillActivationResponse>> ActivatePromoCodeAsync(TillActivationRequest request, HttpContext http, ActivatePromoCodeAtTill activate, CancellationToken ct) =>
        TypedResults.Ok(await activate.HandleAsync(http.PosCaller(), request, http.Connection.RemoteIpAddress?.ToString(), ct));

    internal static PosCaller PosCaller(this HttpContext http) =>
        http.Items[typeof(PosCaller)] as PosCaller ?? throw new InvalidOperationException("The POS key gate did not run.");
}

/// <summary>
/// Resolves the calling terminal from its key before anything reads the request; unknown and revoked keys get 401. A
/// middleware, not an endpoint filter: a filter runs after the body is bound (400) and the content type judged (415), so
/// a caller without a key would learn how its request parses (the authorization matrix test checks this order).
/// </summary>
internal sealed class PosKeyGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AuthenticateTerminal authenticate)
    {
        var caller = await authenticate.HandleAsync(http.Request.Headers[PosApi.ApiKeyHeader].ToString(), http.RequestAborted);
        if (caller is null)
        {
            await TypedResults.Problem(statusCode: 401, title: "The X-Api-Key header is missing, unknown or revoked.",
                type: Infrastructure.ApiExceptionHandler.TypeBase + "invalid-api-key").ExecuteAsync(http);
            return;
        }
        http.Items[typeof(PosCaller)] = caller;
        await next(http);
    }
}
