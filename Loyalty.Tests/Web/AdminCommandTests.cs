using System.Diagnostics;
using Loyalty.Core.Identity;
using Loyalty.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Loyalty.Tests.Web;

public class AdminCommandTests
{
    [Fact]
    public async Task CreateOperator_FromTheCommandLine_CreatesAnOperatorAdmin_AndRefusesADuplicate()
    {
        var database = Path.Combine(Path.GetTempPath(), $"loyalty-cli-{Guid.NewGuid():N}.db");
        try
        {
            var (code, output) = await RunAsync(database, "create-operator", "--email", "ops@example.test", "--password", "S3cure-pass!", "--name", "Ops");
            Assert.True(code == 0, output);
            Assert.Contains("created", output);

            await using (var connection = new SqliteConnection($"Data Source={database}"))
            {
                await connection.OpenAsync();
                var command = connection.CreateCommand();
                command.CommandText = """
                    SELECT r.Name FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId
                    WHERE u.Email = 'ops@example.test'
                    """;
                Assert.Equal(Roles.OperatorAdmin, await command.ExecuteScalarAsync());
            }

            var (again, message) = await RunAsync(database, "create-operator", "--email", "ops@example.test", "--password", "S3cure-pass!");
            Assert.Equal(1, again);
            Assert.Contains("already exists", message);

            var (weak, complaint) = await RunAsync(database, "create-operator", "--email", "weak@example.test", "--password", "123");
            Assert.Equal(1, weak);
            Assert.Contains("Passwords must", complaint);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(database + suffix);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string database, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppProcess.WebProject, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(AppProcess.WebDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Loyalty"] = $"Data Source={database}";
        info.Environment["Jobs__Enabled"] = "false";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}
