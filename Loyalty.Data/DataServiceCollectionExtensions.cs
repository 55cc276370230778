using Loyalty.Core.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database chosen by <c>Database:Provider</c>. Without a connection string, SQLite uses
    /// <c>App_Data/loyalty.db</c> under <paramref name="contentRoot"/>.
    /// </summary>
    public static IServiceCollection AddLoyaltyData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);

        // Pooled: a till call creates a context or two, and building one from scratch cost more than its queries.
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString = string.IsNullOrWhiteSpace(connectionString)
                    ? $"Data Source={Path.Combine(contentRoot, "App_Data", "loyalty.db")}"
                    : connectionString;
                // Microsoft.Data.Sqlite retries a busy database until the command timeout; it follows the busy timeout
                // so that a write stuck behind another writer fails (retryably) after that long, not later.
                var sqlite = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
                if (!connectionString.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase)) sqlite.DefaultTimeout = options.BusyTimeoutSeconds;
                connectionString = sqlite.ToString();
                services.AddPooledDbContextFactory<SqliteLoyaltyDbContext>(o => o
                    .UseSqlite(connectionString)
                    .AddInterceptors(new SqlitePragmas(options.BusyTimeoutSeconds)));
                services.AddSingleton<LoyaltyDbFactory<SqliteLoyaltyDbContext>>();
                break;
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Loyalty is empty.");
                // No retrying execution strategy: every write unit here opens its own transaction (BeginWriteAsync, the
                // profile and roll-up passes), which EF's retrying strategy refuses outright (0240).
                services.AddPooledDbContextFactory<SqlServerLoyaltyDbContext>(o => o.UseSqlServer(connectionString));
                services.AddSingleton<LoyaltyDbFactory<SqlServerLoyaltyDbContext>>();
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }

        services.AddSingleton(new ConnectionInfo(options.Provider, connectionString));
        services.AddSingleton<IDbContextFactory<LoyaltyDbContext>>(sp => options.Provider == DatabaseProvider.Sqlite
            ? sp.GetRequiredService<LoyaltyDbFactory<SqliteLoyaltyDbContext>>()
            : sp.GetRequiredService<LoyaltyDbFactory<SqlServerLoyaltyDbContext>>());
        services.AddSingleton(sp => (ILoyaltyDbFactory)sp.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>());
        // ASP.NET Core Identity's stores want a scoped context for the length of a request.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContext());
        services.AddTransient<DatabaseInitializer>();
        return services;
    }
}

/// <summary>The resolved provider and connection string, for start-up, health checks and the backup command.</summary>
public sealed record ConnectionInfo(DatabaseProvider Provider, string ConnectionString);
