using Microsoft.AspNetCore.Diagnostics;

namespace Loyalty.Web.Infrastructure;

/// <summary>
/// API requests never get the HTML status pages: an error status that left the body empty (unknown route, wrong
/// method or content type, body too large) is answered with ProblemDetails instead.
/// </summary>
internal sealed class ApiStatusProblems(RequestDelegate next, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        await next(context);

        var status = context.Response.StatusCode;
        if (context.Response.HasStarted || status < 400 || context.Response.ContentLength > 0 || context.Response.ContentType is not null) return;
        var (code, title) = status switch
        {
            404 => ("no-such-endpoint", "There is no such API endpoint."),
            405 => ("method-not-allowed", "This HTTP method is not allowed on this endpoint."),
            413 => ("body-too-large", "The request body is too large."),
            415 => ("unsupported-media-type", "Send JSON with Content-Type: application/json."),
            _ => ("http-" + status, "The request failed."),
        };
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Type = ApiExceptionHandler.TypeBase + code },
        });
    }
}
