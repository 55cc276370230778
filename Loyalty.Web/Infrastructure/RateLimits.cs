using System.Threading.RateLimiting;
using Loyalty.Web.Pos;
using Microsoft.AspNetCore.RateLimiting;

namespace Loyalty.Web.Infrastructure;

/// <summary>
/// Two limits, both per process (with several nodes the effective limit is per node, docs/decisions/0006):
/// <list type="bullet">
/// <item>POS API: a token bucket per API key. A till makes a few calls a second, so the default (200/s, burst 400)
/// only stops a runaway script.</item>
/// <item>Phone sign-in: form posts per IP address in a 10-minute window (default 30, about 15 sign-ins), on top of the
/// 5 codes per phone per hour the use case enforces, so one address cannot spray SMS codes over many numbers.</item>
/// </list>
/// </summary>
internal static class RateLimits
{
    public const string SignInPolicy = "sign-in";

    public static IServiceCollection AddLoyaltyRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var posPerSecond = configuration.GetValue("Pos:RateLimitPerSecond", 200);
        var signInPosts = configuration.GetValue("Account:SignInPostsPerIpPer10Minutes", 30);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                if (http.Request.Path.StartsWithSegments("/api"))
                {
                    http.Response.Headers.RetryAfter = "1";
                    await TypedResults.Problem(statusCode: 429, title: "Too many requests from this terminal. Retry in a second.",
                        type: ApiExceptionHandler.TypeBase + "rate-limited").ExecuteAsync(http);
                    return;
                }
                http.Response.Headers.RetryAfter = "600";
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync("Too many sign-in attempts from your network. Please wait 10 minutes and try again.", ct);
            };
            options.AddPolicy(PosApi.RateLimitPolicy, http =>
            {
                var key = http.Request.Headers[PosApi.ApiKeyHeader].ToString();
                var partition = key.Length > 0 ? "key:" + Core.Partners.PosTerminal.HashKey(key) : "ip:" + http.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = posPerSecond * 2,
                    TokensPerPeriod = posPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.AddPolicy(SignInPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter("ip:" + http.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = signInPosts,
                    Window = TimeSpan.FromMinutes(10),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("page"));
        });
        return services;
    }
}
