using System.Text.Json;
using Loyalty.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Loyalty.Web.Infrastructure;

/// <summary>
/// Turns any exception on an API path into RFC 7807 ProblemDetails with a stable <c>type</c>; pages fall through
/// to the friendly error page. Unexpected errors never leak their message.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public const string TypeBase = "https://loyalty.local/problems/";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // By now the middleware has pointed Request.Path at the error page; the feature keeps the original path.
        var path = context.Features.Get<IExceptionHandlerFeature>()?.Path ?? context.Request.Path;
        if (!path.StartsWith("/api", StringComparison.OrdinalIgnoreCase)) return false;

        var problem = exception switch
        {
            ValidationException v => new ValidationProblemDetails(v.Errors) { Status = v.Status, Type = TypeBase + v.Code, Title = v.Message },
            DomainException d => new ProblemDetails { Status = d.Status, Type = TypeBase + d.Code, Title = d.Message },
            BadHttpRequestException { InnerException: JsonException json } => new ProblemDetails
            {
                Status = 400, Type = TypeBase + "bad-request", Title = "The request body is not valid JSON for this endpoint.",
                Detail = json.Path is null ? json.Message : $"Malformed JSON, or a value of the wrong type or out of range, at '{json.Path}'.",
            },
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Type = TypeBase + (b.StatusCode == 413 ? "body-too-large" : "bad-request"), Title = "The request could not be read.", Detail = b.Message },
            _ when DatabaseFaults.IsTransient(exception) => new ProblemDetails
            {
                Status = 503, Type = TypeBase + DatabaseFaults.ProblemType,
                Title = "The database is busy or unavailable. Nothing was recorded; send the same request again (same Idempotency-Key) in a few seconds.",
            },
            _ => null,
        };
        if (problem?.Status == 503)
        {
            logger.LogWarning(exception, "Database unavailable on {Path}: answered 503, retryable", context.Request.Path);
            context.Response.Headers.RetryAfter = "2";
        }
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
            problem = new ProblemDetails { Status = 500, Type = TypeBase + "internal", Title = "Something went wrong on our side. The operation was not applied." };
        }

        problem.Extensions["traceId"] = context.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? context.TraceIdentifier;
        context.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
