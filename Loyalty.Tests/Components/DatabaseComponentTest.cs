using System.Security.Claims;
using Bunit;
using Loyalty.Core.Identity;
using Loyalty.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components;

/// <summary>
/// bUnit over the real use cases and a real SQLite file: a fresh database with one partner (<see cref="Infrastructure.Scenario"/>)
/// behind the component's services, rendered as an interactive server circuit would.
/// </summary>
public abstract class DatabaseComponentTest : ComponentTestContext, IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = default!;

    protected Scenario Scenario { get; private set; } = default!;

    /// <summary>The test's database; override to change its services (a real clock, say).</summary>
    protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync();

    /// <summary>A member of the scenario partner's staff signed in for every test, with their role; none by default.</summary>
    protected virtual (string Email, string Role)? SignedInStaff => null;

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        Scenario = await Scenario.CreateAsync(Database.Services);
        Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        Services.AddFallbackServiceProvider(Database.Services);
        if (SignedInStaff is { } staff)
        {
            var auth = AddAuthorization();
            auth.SetAuthorized(staff.Email);
            auth.SetRoles(staff.Role);
            auth.SetClaims(new Claim(LoyaltyClaims.PartnerId, Scenario.Partner.Id.ToString()));
        }
        // Last: asking for the renderer closes the service collection.
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
