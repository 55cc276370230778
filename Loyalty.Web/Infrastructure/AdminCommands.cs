using Loyalty.Core.Identity;
using Loyalty.Data;
using Loyalty.Data.Identity;
using Microsoft.AspNetCore.Identity;

namespace Loyalty.Web.Infrastructure;

/// <summary>
/// Command-line admin tasks: <c>dotnet run --project Loyalty.Web -- create-operator --email a@b.c --password …</c>.
/// They run against the configured database and exit without serving requests.
/// </summary>
public static class AdminCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) return false;
        var command = args[0];
        var options = ParseOptions(args.Skip(1).ToArray());

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

    private static int Unknown(string command)
    {
        Console.Error.WriteLine($"Unknown command '{command}'. Commands: create-operator, migrate.");
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
