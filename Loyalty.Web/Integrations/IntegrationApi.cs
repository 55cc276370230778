using System.Text;
using Loyalty.Core.Imports;
using Loyalty.Core.Integrations;
using Loyalty.Core.Pos;
using Loyalty.Core.PromoCodes;
using Loyalty.Web.Infrastructure;
using Loyalty.Web.Pos;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Loyalty.Web.Integrations;

/// <summary>
/// The integration API for partners' web shops and back offices, under <c>/api/v1</c> (decision 0100). Same key
/// header, idempotency, errors, limits and sales use cases as the POS API (decision 0006); each key carries scopes and an
/// endpoint refuses a key without its scope (403 <c>insufficient-scope</c>).
/// </summary>
public static class IntegrationApi
{
    public const string DocumentName = "v1";
    public const string BasePath = "/api/v1";

    /// <summary>Upload bodies we take; Excel types are accepted only to answer with a useful message.</summary>
    private static readonly string[] UploadTypes = ["text/csv", "text/plain", "application/octet-stream", "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];

    public static IEndpointRouteBuilder MapIntegrationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath)
            .WithGroupName(DocumentName)
            .WithTags("Integration")
            .RequireRateLimiting(PosApi.RateLimitPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(PosApi.MaxBodyBytes))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var sales = api.MapGroup("").WithTags("Sales").WithMetadata(new RequiredScope(IntegrationScopes.Sales));
        sales.MapPost("/customers/identify", IdentifyAsync).WithName("Identify").WithSummary("Find a member by card number, phone or id");
        sales.MapPost("/purchases/quote", QuoteAsync).WithName("Quote").WithSummary("What an order would earn and how much may be paid with points; changes nothing");
        sales.MapPost("/purchases", PurchaseAsync).WithName("Purchase").WithSummary("Record an online order as a purchase (Idempotency-Key required)");
        sales.MapPost("/purchases/{transactionId:guid}/refunds", RefundAsync).WithName("Refund").WithSummary("Refund part or all of an order (Idempotency-Key required)");

        var read = api.MapGroup("").WithTags("Customers").WithMetadata(new RequiredScope(IntegrationScopes.CustomersRead));
        read.MapGet("/customers/lookup", LookupAsync).WithName("LookupCustomer").WithSummary("Find a member by phone or card: name, tier and balances");
        read.MapGet("/customers/{customerId:guid}/transactions", HistoryAsync).WithName("CustomerHistory").WithSummary("The member's recent points at this partner");
        api.MapPut("/customers", UpsertAsync).WithTags("Customers").WithMetadata(new RequiredScope(IntegrationScopes.CustomersWrite))
            .WithName("UpsertCustomer").WithSummary("Register a shopper, or fill in what we do not know about a member (phone is the identity)");

        api.MapPost("/promo-codes/activate", ActivateAsync).WithTags("Promo codes").WithMetadata(new RequiredScope(IntegrationScopes.PromoCodes))
            .WithName("ActivatePromoCode").WithSummary("Activate a promo code for a signed-in shopper");
        api.MapGet("/offers", OffersAsync).WithTags("Offers").WithMetadata(new RequiredScope(IntegrationScopes.Offers))
            .WithName("Offers").WithSummary("Earning rates, running campaigns, news and offer posts, promo-code products");

        var exports = api.MapGroup("/exports").WithTags("Exports").WithMetadata(new RequiredScope(IntegrationScopes.Exports));
        exports.MapGet("/transactions", ExportTransactionsAsync).WithName("ExportTransactions").WithSummary("This partner's purchases, oldest first, cursor-paged");
        exports.MapGet("/customers", ExportCustomersAsync).WithName("ExportCustomers").WithSummary("This partner's customers, cursor-paged");

        var imports = api.MapGroup("/imports").WithTags("Imports").WithMetadata(new RequiredScope(IntegrationScopes.Imports));
        imports.MapPost("/receipts", (HttpContext http, bool? earnPoints, StartImport start, CancellationToken ct) => UploadAsync(http, ImportKind.Receipts, earnPoints ?? false, start, ct))
            .WithMetadata(new RequestSizeLimitAttribute(1L << 30)).Accepts<string>(UploadTypes[0], UploadTypes[1..])
            .WithName("ImportReceipts").WithSummary("Upload a CSV or Excel (.xlsx) file of historical receipts (body: the file); processed in the background");
        imports.MapPost("/customers", (HttpContext http, StartImport start, CancellationToken ct) => UploadAsync(http, ImportKind.Customers, false, start, ct))
            .WithMetadata(new RequestSizeLimitAttribute(1L << 30)).Accepts<string>(UploadTypes[0], UploadTypes[1..])
            .WithName("ImportCustomers").WithSummary("Upload a CSV or Excel (.xlsx) file of your customer base; merged in the background");
        imports.MapGet("/{importId:guid}", ImportStatusAsync).WithName("ImportStatus").WithSummary("Progress and counts of an import");
        imports.MapGet("/{importId:guid}/report", ImportReportAsync).WithName("ImportReport").WithSummary("Every rejected or reported row with its line number and reason (CSV)");
        return app;
    }

    private static IntegrationCaller Caller(this HttpContext http) =>
        http.Items[typeof(IntegrationCaller)] as IntegrationCaller ?? throw new InvalidOperationException("The integration key gate did not run.");

    private static async Task<Ok<IdentifiedCustomer>> IdentifyAsync(PosApi.IdentifyRequest request, HttpContext http, IdentifyCustomer identify, CancellationToken ct) =>
        TypedResults.Ok(await identify.HandleAsync(http.Caller().Pos, request.Identifier, ct));

    private static async Task<Ok<PurchaseQuote>> QuoteAsync(PurchaseRequest request, HttpContext http, QuotePurchase quote, CancellationToken ct) =>
        TypedResults.Ok(await quote.HandleAsync(http.Caller().Pos, request, ct));

    private static async Task<Created<PurchaseReceipt>> PurchaseAsync(
        PurchaseRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, RecordPurchase record, CancellationToken ct)
    {
        var result = await record.HandleAsync(http.Caller().Pos, idempotencyKey, request, ct);
        if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/v1/purchases/{result.Body.TransactionId}", result.Body);
    }

    private static async Task<Created<RefundReceipt>> RefundAsync(
        Guid transactionId, RefundRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http, RefundPurchase refund, CancellationToken ct)
    {
        var result = await refund.HandleAsync(http.Caller().Pos, transactionId, idempotencyKey, request, ct);
        if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/v1/purchases/{transactionId}/refunds/{result.Body.RefundId}", result.Body);
    }

    private static async Task<Ok<IdentifiedCustomer>> LookupAsync(string? phone, string? card, HttpContext http, IdentifyCustomer identify, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(phone) == string.IsNullOrWhiteSpace(card))
            throw Core.Common.ValidationException.For("phone", "Give either phone or card.");
        return TypedResults.Ok(await identify.HandleAsync(http.Caller().Pos, phone ?? card, ct));
    }

    private static async Task<Ok<IReadOnlyList<PointsMovement>>> HistoryAsync(Guid customerId, int? take, HttpContext http, GetCustomerTransactions history, CancellationToken ct) =>
        TypedResults.Ok(await history.HandleAsync(http.Caller().Pos, customerId, take ?? 20, ct));

    private static async Task<IResult> UpsertAsync(CustomerUpsert request, HttpContext http, UpsertCustomer upsert, CancellationToken ct)
    {
        var result = await upsert.HandleAsync(http.Caller().PartnerId, request, ct);
        return result.Created ? TypedResults.Created($"/api/v1/customers/{result.CustomerId}", result) : TypedResults.Ok(result);
    }

    public sealed record ShopperActivationRequest(Guid? CustomerId, string? Code);

    private static async Task<Ok<TillActivationResponse>> ActivateAsync(ShopperActivationRequest request, HttpContext http, ActivatePromoCode activate,
        IdentifyCustomer identify, CancellationToken ct)
    {
        var caller = http.Caller();
        if (request.CustomerId is not { } customerId) throw Core.Common.ValidationException.For("customerId", "Give the signed-in shopper's member id.");
        // The shop's end user is the "device" for anti-guessing: a shop used to probe codes locks out like a phone would.
        var result = await activate.HandleAsync(new ActivationSource(customerId, http.Request.Headers["X-Shopper-Ip"].FirstOrDefault() ?? http.Connection.RemoteIpAddress?.ToString(),
            $"integration:{caller.IntegrationId:N}"), request.Code, ActivationChannel.PartnerApi, ct);
        return TypedResults.Ok(new TillActivationResponse(customerId, result.ProductName, result.Brand, result.Points,
            Core.Common.PointValue.ToDecimal(result.PromoBalance), result.TopUpRequested));
    }

    private static async Task<Ok<OfferCatalogue>> OffersAsync(HttpContext http, ListOffers offers, CancellationToken ct) =>
        TypedResults.Ok(await offers.HandleAsync(http.Caller().PartnerId, ct));

    public sealed record ExportResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

    private static async Task<Ok<ExportResponse<TransactionExportRow>>> ExportTransactionsAsync(string? cursor, int? limit, DateTime? from, HttpContext http,
        ExportTransactions export, ExportCursor cursors, CancellationToken ct)
    {
        var caller = http.Caller();
        var page = await export.HandleAsync(caller.PartnerId, cursors.Read(cursor, "transactions", caller.PartnerId), limit ?? 100,
            from is { } f ? DateTime.SpecifyKind(f.ToUniversalTime(), DateTimeKind.Utc) : null, ct);
        return TypedResults.Ok(new ExportResponse<TransactionExportRow>(page.Items, cursors.Write(page.Next, "transactions", caller.PartnerId)));
    }

    private static async Task<Ok<ExportResponse<CustomerExportRow>>> ExportCustomersAsync(string? cursor, int? limit, HttpContext http,
        ExportCustomers export, ExportCursor cursors, CancellationToken ct)
    {
        var caller = http.Caller();
        var page = await export.HandleAsync(caller.PartnerId, cursors.Read(cursor, "customers", caller.PartnerId), limit ?? 100, ct);
        return TypedResults.Ok(new ExportResponse<CustomerExportRow>(page.Items, cursors.Write(page.Next, "customers", caller.PartnerId)));
    }

    public sealed record ImportAccepted(Guid ImportId, string Status);

    private static async Task<IResult> UploadAsync(HttpContext http, ImportKind kind, bool earnPoints, StartImport start, CancellationToken ct)
    {
        var caller = http.Caller();
        // The file's name says what it is; without one, an Excel content type means a workbook.
        var extension = http.Request.ContentType?.StartsWith("application/vnd.openxmlformats-officedocument.spreadsheetml", StringComparison.OrdinalIgnoreCase) == true
            ? ".xlsx" : ".csv";
        var name = http.Request.Headers["X-File-Name"].FirstOrDefault() ?? (kind == ImportKind.Receipts ? "receipts" : "customers") + extension;
        var id = await start.HandleAsync(caller.PartnerId, kind, name, http.Request.Body, earnPoints, $"api:{caller.Name}", ct);
        return TypedResults.Accepted($"/api/v1/imports/{id}", new ImportAccepted(id, "queued"));
    }

    private static async Task<Ok<ImportView>> ImportStatusAsync(Guid importId, HttpContext http, GetImport get, CancellationToken ct) =>
        TypedResults.Ok(await get.HandleAsync(http.Caller().PartnerId, importId, ct));

    private static async Task ImportReportAsync(Guid importId, HttpContext http, WriteImportReport report, CancellationToken ct)
    {
        // Checked before the first byte goes out, so "not found" is still a ProblemDetails.
        var partnerId = http.Caller().PartnerId;
        await using var buffer = new StringWriter();
        await report.HandleAsync(partnerId, importId, TextWriter.Null, ct);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=import-{importId:N}-report.csv";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        await report.HandleAsync(partnerId, importId, writer, ct);
    }
}

/// <summary>Endpoint metadata: the scope a key needs for this endpoint.</summary>
public sealed record RequiredScope(string Scope);

/// <summary>Resolves the integration from its key and checks the endpoint's scope before any handler runs.</summary>
/// <summary>
/// The key check for every <c>/api/v1</c> request, as middleware rather than an endpoint filter: a filter runs only after
/// routing has judged the content type (415) and the body has been bound (400), so a caller without a key learnt how
/// its request would have been parsed. Here nothing about the request is looked at before the key (the authorization
/// matrix test sends keyless requests with wrong and malformed bodies). Then the scopes the chosen endpoint requires.
/// </summary>
internal sealed class IntegrationKeyGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, IntegrationKeys keys)
    {
        var caller = await keys.AuthenticateAsync(http.Request.Headers[PosApi.ApiKeyHeader].ToString(), http.RequestAborted);
        if (caller is null)
        {
            await TypedResults.Problem(statusCode: 401, title: "The X-Api-Key header is missing, unknown or revoked.",
                type: ApiExceptionHandler.TypeBase + "invalid-api-key").ExecuteAsync(http);
            return;
        }
        if (http.GetEndpoint()?.Metadata.GetOrderedMetadata<RequiredScope>() is { Count: > 0 } required &&
            required.FirstOrDefault(r => !caller.Can(r.Scope)) is { } missing)
        {
            await TypedResults.Problem(statusCode: 403, title: $"This key does not have the \"{missing.Scope}\" scope.",
                type: ApiExceptionHandler.TypeBase + "insufficient-scope").ExecuteAsync(http);
            return;
        }
        http.Items[typeof(IntegrationCaller)] = caller;
        await next(http);
    }
}

/// <summary>
/// Export cursors are opaque and tamper-proof: the keyset position, the export and the partner, protected with the
/// app's Data Protection keys. A cursor from another export or partner, or an edited one, is a 400.
/// </summary>
public sealed class ExportCursor(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Loyalty.Integration.ExportCursor.v1");

    public string? Write(ExportPosition? position, string export, Guid partnerId) => position is null ? null :
        _protector.Protect($"{export}|{partnerId:N}|{position.At.Ticks}|{position.Id:N}");

    public ExportPosition? Read(string? cursor, string export, Guid partnerId)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        string plain;
        try { plain = _protector.Unprotect(cursor); }
        catch (System.Security.Cryptography.CryptographicException) { throw Invalid(); }
        var parts = plain.Split('|');
        if (parts.Length != 4 || parts[0] != export || parts[1] != partnerId.ToString("N")) throw Invalid();
        return new ExportPosition(new DateTime(long.Parse(parts[2]), DateTimeKind.Utc), Guid.Parse(parts[3]));
    }

    private static Core.Common.DomainException Invalid() => new("invalid-cursor", "This cursor is not valid here. Start again without a cursor, then pass nextCursor as given.", 400);
}
