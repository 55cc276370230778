namespace Loyalty.Tests.Infrastructure;

/// <summary>A fresh real database with one partner, store and terminal for every test (see <see cref="Infrastructure.Scenario"/>).</summary>
public abstract class ScenarioTest : IAsyncLifetime
{
    protected TestDatabase Database { get; private set; } = default!;

    protected Scenario Scenario { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Scenario = await Scenario.CreateAsync(Database.Services);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
