using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Loyalty.Core.Identity;
using Loyalty.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Loyalty.Tests.Production;

/// <summary>
/// Every page and endpoint in the app's route table, walked over real HTTP as each kind of user. The table is read
/// from the running app, so a page or endpoint added later is covered the day it is merged — and one under a path
/// this test does not know fails it until someone decides who may open it (add it to <see cref="Classify"/>).
/// Pages are checked both ways: the [Authorize] metadata on the endpoint (the interactive pages' own attribute)
/// and what the server answers each user.
/// </summary>
public class AuthorizationMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private enum Area
    {
        /// <summary>Open to everyone (portal, sign-in, static files, health).</summary>
        Public,
        /// <summary>Cookie-authenticated, roles from the endpoint's metadata, which must stay within the area's roles.</summary>
        Operator,
        Partner,
        Member,
        /// <summary>Staff downloads (operator and partner office staff, never cashiers or members): the roles in the metadata decide.</summary>
        StaffFile,
        /// <summary>Till API: a terminal key, never a cookie.</summary>
        PosApi,
        /// <summary>Partner integration API (issue 10): an API key, never a cookie.</summary>
        IntegrationApi,
        /// <summary>Anyone may call, but only with a valid signed token or provider signature.</summary>
        Signed,
        /// <summary>Blazor's own plumbing (circuit hub, framework scripts).</summary>
        Framework,
        /// <summary>Shown only in Development.</summary>
        DevelopmentOnly,
        Unknown,
    }

    private sealed record Persona(string Name, string[] Roles);

    private static readonly Persona Anonymous = new("anonymous", []);
    private static readonly Persona[] SignedIn =
    [
        new("customer", [Roles.Customer]),
        new("cashier", [Roles.PartnerCashier]),
        new("partner marketer", [Roles.PartnerMarketer]),
        new("partner admin of another partner", [Roles.PartnerAdmin]),
        new("operator", [Roles.OperatorAdmin]),
    ];

    /// <summary>The most each area may admit; an endpoint's own policy decides within it.</summary>
    private static readonly Dictionary<Area, string[]> AreaRoles = new()
    {
        [Area.Operator] = [Roles.OperatorAdmin, Roles.OperatorStaff],
        [Area.Partner] = Roles.PartnerRoles,
        [Area.Member] = [Roles.Customer],
        [Area.StaffFile] = [Roles.OperatorAdmin, Roles.OperatorStaff, Roles.PartnerAdmin, Roles.PartnerMarketer],
    };

    /// <summary>Public pages and endpoints outside the areas, by exact route pattern. A new one must be added here on purpose.</summary>
    private static readonly HashSet<string> PublicRoutes =
    [
        "/", "/error", "/not-found", "/health", "/openapi/{documentName}.json", "/scalar/{documentName?}",
        "/account/login", "/account/phone", "/account/set-password", "/account/access-denied", "/account/logout",
        "/preferences/culture", "/preferences/theme",
        "/join", "/invite/{code}", "/business", "/rules", "/offer", "/faq", "/partners", "/partners/{Slug}",
        "/draws", "/draws/{Id:guid}", "/c/{Code}", "/draws/{id:guid}/entries.csv", "/draws/{id:guid}/draw.json", "/lib/jsqr/LICENSE",
        // A post picture: public while its post is on the portal, otherwise only to the post's partner (0152).
        "/news/images/{postId:guid}",
    ];

    // /c/{code} (public above) is the QR on a promo pack: anyone may open it; it explains the product, sends a signed-out
    // visitor to sign in, then activates — a mistyped code shows only "not found".
    private static readonly HashSet<string> SignedRoutes = ["/u/{token}", "/m/o/{token}", "/m/c/{token}", "/api/messaging/twilio/status"];

    private static Area Classify(RouteEndpoint endpoint)
    {
        var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
        if (PublicRoutes.Contains(pattern)) return Area.Public;
        if (pattern.StartsWith("/operator")) return Area.Operator;
        if (pattern.StartsWith("/partner")) return Area.Partner;
        if (pattern == "/me" || pattern.StartsWith("/me/")) return Area.Member;
        if (pattern.StartsWith("/files/")) return Area.StaffFile;
        if (pattern.StartsWith("/api/pos/")) return Area.PosApi;
        if (pattern.StartsWith("/api/v1/")) return Area.IntegrationApi;
        if (SignedRoutes.Contains(pattern)) return Area.Signed;
        if (pattern.StartsWith("/_blazor") || pattern.StartsWith("/_framework") || pattern.StartsWith("/_content")) return Area.Framework;
        // The static-file fallback MapStaticAssets adds for files outside the build manifest.
        if (pattern == "/{**path:file}") return Area.Framework;
        if (pattern.StartsWith("/dev/")) return Area.DevelopmentOnly;
        if (PublicRoutes.Contains(pattern)) return Area.Public;
        // MapStaticAssets: fingerprinted files from wwwroot and packages, no parameters.
        if (!pattern.Contains('{') && Regex.IsMatch(pattern, @"\.[a-z0-9]+(\.gz|\.br)?$") && endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            return Area.Public;
        return Area.Unknown;
    }

    private readonly LoyaltyWebFactory _app = new();
    private readonly Dictionary<string, HttpClient> _clients = [];
    private Scenario _partnerA = default!;

    public async Task InitializeAsync()
    {
        _app.Settings["Jobs:Enabled"] = "false";
        _app.UseKestrel(0);
        _app.StartServer();
        _partnerA = await Scenario.CreateAsync(_app.Services);
        var partnerB = await Scenario.CreateAsync(_app.Services);
        await _app.CreateStaffAsync("cashier@a.test", Roles.PartnerCashier, _partnerA.Partner.Id);
        await _app.CreateStaffAsync("marketer@a.test", Roles.PartnerMarketer, _partnerA.Partner.Id);
        await _app.CreateStaffAsync("admin@b.test", Roles.PartnerAdmin, partnerB.Partner.Id);
        await _app.CreateStaffAsync("operator@test.local", Roles.OperatorAdmin);

        _clients["anonymous"] = BrowserLikeClient();
        foreach (var (name, email) in new[] { ("cashier", "cashier@a.test"), ("partner marketer", "marketer@a.test"), ("partner admin of another partner", "admin@b.test"), ("operator", "operator@test.local") })
        {
            var client = BrowserLikeClient();
            var signIn = await FormSignIn.StaffAsync(client, email, "Passw0rd!");
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect,
                $"{name} could not sign in: {(int)signIn.StatusCode} " + Regex.Match(await signIn.Content.ReadAsStringAsync(), "class=\"[^\"]*(error|alert)[^\"]*\"[^>]*>([^<]*)").Value);
            _clients[name] = client;
        }
        _clients["customer"] = await CustomerAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// Inside the partner cabinet a cashier has the cashier view only (decision 0082; physical prizes are handed over there,
    /// 0290), plus the cabinet's home, which sends a cashier on to the till. Any other cabinet route that admits a cashier is
    /// a hole, whatever its metadata says.
    /// </summary>
    private static readonly HashSet<string> CashierRoutes = ["/partner", "/partner/cashier"];

    [Fact]
    public async Task Every_route_is_classified_and_answers_each_user_as_its_metadata_says()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null || e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .ToList();
        var failures = new List<string>();
        var checkedCount = 0;
        var unknown = endpoints.Where(e => Classify(e) == Area.Unknown).Select(e => e.RoutePattern.RawText).Distinct().ToList();
        foreach (var route in unknown)
            failures.Add($"{route}: not classified — decide who may open it and add it to AuthorizationMatrixTests.Classify");

        foreach (var endpoint in endpoints.Where(e => Classify(e) != Area.Unknown))
        {
            var area = Classify(endpoint);
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            // What the endpoint itself demands: its [Authorize] attributes, named policies and RequireAuthorization
            // policies combined exactly as the authorization middleware combines them.
            var policy = await EffectivePolicyAsync(endpoint);
            var admitted = new HashSet<string>();
            foreach (var role in Roles.All)
                if (await AdmitsAsync(policy, Principal(role)))
                    admitted.Add(role);
            var anonymousAllowed = policy is null || await AdmitsAsync(policy, new ClaimsPrincipal(new ClaimsIdentity()));

            switch (area)
            {
                case Area.Operator or Area.Partner or Area.Member or Area.StaffFile:
                {
                    if (anonymousAllowed) { failures.Add($"{pattern}: in the {area} area but open to anonymous users"); continue; }
                    if (admitted.Count == 0) failures.Add($"{pattern}: no role satisfies its authorization policy");
                    var outsiders = admitted.Except(AreaRoles[area]).ToList();
                    if (outsiders.Count > 0) failures.Add($"{pattern}: the {area} area admits {string.Join(", ", outsiders)}");
                    if (area == Area.Partner && admitted.Contains(Roles.PartnerCashier) && !CashierRoutes.Contains(pattern))
                        failures.Add($"{pattern}: admits cashiers, who have only the cashier view (decision 0082)");
                    if (!methods.Contains("GET")) continue;
                    var url = Sample(pattern);
                    checkedCount++;
                    Expect(failures, pattern, Anonymous, await GetAsync("anonymous", url), allowed: false);
                    foreach (var persona in SignedIn)
                        Expect(failures, pattern, persona, await GetAsync(persona.Name, url), allowed: persona.Roles.Any(admitted.Contains));
                    break;
                }
                case Area.PosApi or Area.IntegrationApi:
                {
                    if (policy is not null) failures.Add($"{pattern}: an API route with a cookie policy; API routes are keyed, never cookie-authorised");
                    // No key: refused for everyone, whatever cookie the caller carries and whatever the body.
                    checkedCount++;
                    foreach (var name in _clients.Keys)
                    {
                        foreach (var (label, body) in Bodies)
                        {
                            var response = await SendAsync(name, methods.First(), Sample(pattern), body);
                            if (response.StatusCode != HttpStatusCode.Unauthorized)
                                failures.Add($"{methods.First()} {pattern} as {name} without an API key, {label}: {(int)response.StatusCode}, expected 401");
                            if (methods.First() == "GET") break;
                        }
                    }
                    break;
                }
                case Area.Signed:
                {
                    checkedCount++;
                    var response = await SendAsync("anonymous", methods.First(), Sample(pattern), Bodies[0].Body);
                    if (response.IsSuccessStatusCode && response.Content.Headers.ContentLength is > 2000)
                        failures.Add($"{methods.First()} {pattern} with a forged token answered {(int)response.StatusCode} with content");
                    if ((int)response.StatusCode >= 500) failures.Add($"{pattern} with a forged token: {(int)response.StatusCode}");
                    break;
                }
                case Area.DevelopmentOnly:
                {
                    checkedCount++;
                    var response = await GetAsync("anonymous", Sample(pattern));
                    if (response.IsSuccessStatusCode && !(await response.Content.ReadAsStringAsync()).Contains("only in Development", StringComparison.OrdinalIgnoreCase)
                        && response.StatusCode != HttpStatusCode.NotFound)
                        output.WriteLine($"note: {pattern} answers {(int)response.StatusCode} outside Development");
                    break;
                }
                case Area.Public when methods.Contains("GET") && !pattern.Contains('.') :
                {
                    if (!anonymousAllowed) failures.Add($"{pattern}: listed as public, but its policy turns anonymous users away");
                    checkedCount++;
                    var response = await GetAsync("anonymous", Sample(pattern));
                    if (IsSentToSignIn(response)) failures.Add($"{pattern}: public, but anonymous users are sent to sign in");
                    break;
                }
            }
        }
        output.WriteLine($"{endpoints.Count} endpoints in the route table, {checkedCount} checked over HTTP as {SignedIn.Length + 1} users");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedCount > 40, $"only {checkedCount} routes checked: is the route table read correctly?");
    }

    /// <summary>Bodies a caller without a key might send: the key check must come before the body is read, parsed or its type judged.</summary>
    private static readonly (string Label, HttpContent? Body)[] Bodies =
    [
        ("JSON body", new StringContent("{}", Encoding.UTF8, "application/json")),
        ("malformed JSON", new StringContent("{\"amount\":", Encoding.UTF8, "application/json")),
        ("a file of the wrong type", new StringContent("<html></html>", Encoding.UTF8, "text/html")),
    ];

    private async Task<AuthorizationPolicy?> EffectivePolicyAsync(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return null;
        var provider = _app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        return await AuthorizationPolicy.CombineAsync(provider, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
    }

    private async Task<bool> AdmitsAsync(AuthorizationPolicy? policy, ClaimsPrincipal user) =>
        policy is null || (await _app.Services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(user, null, policy)).Succeeded;

    /// <summary>A signed-in user of one role with the claims the app's sign-in gives that role (partner staff carry their partner).</summary>
    private static ClaimsPrincipal Principal(string role)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new(ClaimTypes.Name, role + "@matrix.test"), new(ClaimTypes.Role, role) };
        if (Roles.PartnerRoles.Contains(role)) claims.Add(new Claim(LoyaltyClaims.PartnerId, Guid.NewGuid().ToString()));
        if (role == Roles.Customer) claims.Add(new Claim(LoyaltyClaims.CustomerId, Guid.NewGuid().ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "matrix", ClaimTypes.Name, ClaimTypes.Role));
    }

    [Fact]
    public async Task Forms_without_an_antiforgery_token_are_refused_and_the_session_cookie_is_http_only_and_same_site()
    {
        var client = BrowserLikeClient();
        var forged = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "staff-login", ["Input.Email"] = "operator@test.local", ["Input.Password"] = "Passw0rd!",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(forged.Headers.TryGetValues("Set-Cookie", out var none) ? none : [], c => c.StartsWith("loyalty.auth"));

        var signIn = await FormSignIn.StaffAsync(BrowserLikeClient(), "operator@test.local", "Passw0rd!");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("loyalty.auth"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var page = await _clients["anonymous"].GetAsync("/account/login");
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
    }

    private static void Expect(List<string> failures, string pattern, Persona persona, HttpResponseMessage response, bool allowed)
    {
        var refused = IsSentToSignIn(response) || IsDenied(response);
        if (allowed && refused) failures.Add($"{pattern}: {persona.Name} should get in, got {(int)response.StatusCode} {response.Headers.Location}");
        if (!allowed && !refused) failures.Add($"{pattern}: {persona.Name} should be refused, got {(int)response.StatusCode}");
        if (!allowed && persona == Anonymous && !IsSentToSignIn(response) && response.StatusCode != HttpStatusCode.Unauthorized)
            failures.Add($"{pattern}: anonymous should be sent to sign in, got {(int)response.StatusCode} {response.Headers.Location}");
    }

    private static bool IsSentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsDenied(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
        || response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/account/access-denied", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A concrete URL for a pattern: ids that exist nowhere (the check is who gets in, not what they see).</summary>
    private static string Sample(string pattern) => Regex.Replace(pattern, @"\{\*?(\w+)(:(\w+))?\??\}", m => m.Groups[3].Value switch
    {
        "guid" => Guid.NewGuid().ToString(),
        "int" or "long" => "1",
        _ => "sample",
    });

    private Task<HttpResponseMessage> GetAsync(string persona, string url) => _clients[persona].GetAsync(url);

    private Task<HttpResponseMessage> SendAsync(string persona, string method, string url, HttpContent? body) =>
        _clients[persona].SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "GET" || body is null ? null : Clone(body),
        });

    private static ByteArrayContent Clone(HttpContent body)
    {
        var copy = new ByteArrayContent(body.ReadAsByteArrayAsync().GetAwaiter().GetResult());
        copy.Headers.ContentType = body.Headers.ContentType;
        return copy;
    }

    private async Task<HttpClient> CustomerAsync()
    {
        const string phone = "+77015558801";
        await _partnerA.RegisterAsync(phone, "Madina");
        var client = BrowserLikeClient();
        var page = await client.GetStringAsync("/account/phone");
        var sent = await client.PostAsync("/account/phone", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "request-code", ["__RequestVerificationToken"] = Token(page), ["Request.Phone"] = phone,
        }));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var signedIn = await client.PostAsync("/account/phone", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "verify-code", ["__RequestVerificationToken"] = Token(await sent.Content.ReadAsStringAsync()),
            ["Verify.Phone"] = phone, ["Verify.IsNew"] = "false", ["Verify.Code"] = _app.Sms.LastCodeFor(phone),
        }));
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>Real HTTP to the app's Kestrel port, cookies kept, redirects not followed.</summary>
    private HttpClient BrowserLikeClient()
    {
        // Our own handler: the factory's Kestrel client follows redirects inside its socket handler whatever it is told.
        _baseAddress ??= _app.CreateClient().BaseAddress;
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = _baseAddress,
        };
    }

    private Uri? _baseAddress;

    private static string Token(string page) =>
        Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
}
