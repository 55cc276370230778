using Loyalty.Core.Identity;
using Loyalty.Data;
using Loyalty.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace Loyalty.Web.Infrastructure;

/// <summary>
/// Command-line admin tasks: <c>dotnet run --project Loyalty.Web -- create-operator --email a@b.c --password …</c>,
/// <c>backup --to file</c> (online) and <c>restore --from file</c> (all nodes stopped).
/// They run against the configured database and exit without serving requests.
/// </summary>
public static class AdminCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) return false;
        var command = args[0];
        var options = ParseOptions(args.Skip(1).ToArray());

        // Backup and restore work on the file as it is: no migration first (a restore may bring back an older schema,
        // which the next start migrates).
        if (command is "backup" or "restore")
        {
            Environment.ExitCode = await BackupCommandAsync(app.Services, command, options);
            return true;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await RoleSeeder.EnsureRolesAsync(scope.ServiceProvider);

        Environment.ExitCode = command switch
        {
            "create-operator" => await CreateOperatorAsync(scope.ServiceProvider, options),
            "migrate" => 0,
            _ => Unknown(command),
        };
        return true;
    }

    private static async Task<int> CreateOperatorAsync(IServiceProvider services, IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("email", out var email) || !options.TryGetValue("password", out var password))
        {
            Console.Error.WriteLine("Usage: create-operator --email <e-mail> --password <password> [--name <display name>] [--staff]");
            return 2;
        }
        var users = services.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            Console.Error.WriteLine($"A user with e-mail {email} already exists.");
            return 1;
        }
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = options.GetValueOrDefault("name") ?? email,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors) Console.Error.WriteLine(error.Description);
            return 1;
        }
        await users.AddToRoleAsync(user, options.ContainsKey("staff") ? Roles.OperatorStaff : Roles.OperatorAdmin);
        Console.WriteLine($"Operator {email} created.");
        return 0;
    }

    private static async Task<int> BackupCommandAsync(IServiceProvider services, string command, IReadOnlyDictionary<string, string> options)
    {
        var database = services.GetRequiredService<Loyalty.Data.ConnectionInfo>();
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            Console.Error.WriteLine("On SQL Server use BACKUP DATABASE / RESTORE DATABASE (or the managed service's point-in-time restore); see docs/deployment.md.");
            return 2;
        }
        try
        {
            if (command == "backup")
            {
                if (!options.TryGetValue("to", out var to))
                {
                    Console.Error.WriteLine("Usage: backup --to <file>   (online: tills may keep writing)");
                    return 2;
                }
                var result = await SqliteBackup.BackupAsync(database.ConnectionString, to);
                Console.WriteLine($"Backup written to {result.Path} ({result.Bytes:N0} bytes, {result.Took.TotalSeconds:0.0} s), integrity ok.");
                return 0;
            }
            if (!options.TryGetValue("from", out var from))
            {
                Console.Error.WriteLine("Usage: restore --from <file>   (stop every app node first)");
                return 2;
            }
            var kept = await SqliteBackup.RestoreAsync(database.ConnectionString, from, DateTime.UtcNow);
            Console.WriteLine(kept is null ? $"Restored from {from}." : $"Restored from {from}; the previous database was kept as {kept}.");
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{command} failed: {e.Message}");
            return 1;
        }
    }

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"Unknown command '{command}'. Commands: create-operator, migrate, backup, restore.");
        return 2;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--")) continue;
            var key = args[i][2..];
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--");
            result[key] = hasValue ? args[++i] : "true";
        }
        return result;
    }
}
