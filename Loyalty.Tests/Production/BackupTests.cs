using System.Diagnostics;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Data;
using Loyalty.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Production;

/// <summary>The online backup is one consistent snapshot taken while purchases keep committing; a restore brings it back whole.</summary>
public class BackupTests : ScenarioTest
{
    [Fact]
    public async Task Backup_while_a_till_keeps_buying_is_a_consistent_snapshot_and_restores_with_a_reconciled_ledger()
    {
        var members = new List<Guid>();
        for (var i = 0; i < 5; i++) members.Add((await Scenario.RegisterAsync($"+7701555{i:D4}")).Id);
        var backup = Database.FilePath + ".backup";
        var restored = Database.FilePath + ".restored";
        using var stop = new CancellationTokenSource();
        var bought = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Scenario.BuyAsync(members[bought % members.Count], 1_000m + bought, redeem: bought % 3 == 0 ? 10m : 0m);
                Interlocked.Increment(ref bought);
            }
        });
        try
        {
            while (Volatile.Read(ref bought) < 50) await Task.Delay(10);
            var connection = Database.Get<ConnectionInfo>().ConnectionString;
            var result = await SqliteBackup.BackupAsync(connection, backup);
            var afterBackup = Volatile.Read(ref bought);
            while (Volatile.Read(ref bought) < afterBackup + 20) await Task.Delay(10); // the till kept going
            await stop.CancelAsync();
            await writer;
            Assert.True(result.Bytes > 0);

            await SqliteBackup.RestoreAsync($"Data Source={restored}", backup, DateTime.UtcNow);
            await using var services = TestDatabase.BuildServices(restored);
            var report = await services.GetRequiredService<ReconcileLedger>().HandleAsync();
            Assert.True(report.IsHealthy, $"restored ledger: total {report.EntriesTotal}, {report.Mismatches.Count} mismatches, {report.UnbalancedTransfers.Count} unbalanced");
            await using var db = services.GetRequiredService<ILoyaltyDbFactory>().Create();
            var inBackup = await db.Purchases.CountAsync();
            Assert.InRange(inBackup, 50, afterBackup);
            Assert.True(inBackup < Volatile.Read(ref bought), "the backup is a snapshot, not the final state");
        }
        finally
        {
            await stop.CancelAsync();
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { backup, restored, restored + "-wal", restored + "-shm" }) File.Delete(file);
        }
    }

    [Fact]
    public async Task Backup_and_restore_commands_round_trip_and_keep_the_replaced_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loyalty-cli-backup-{Guid.NewGuid():N}.db");
        var backup = path + ".bak";
        try
        {
            var (created, output) = await RunAsync(path, "create-operator", "--email", "first@example.test", "--password", "S3cure-pass!");
            Assert.True(created == 0, output);
            var (code, said) = await RunAsync(path, "backup", "--to", backup);
            Assert.True(code == 0, said);
            Assert.Contains("integrity ok", said);

            Assert.Equal(0, (await RunAsync(path, "create-operator", "--email", "second@example.test", "--password", "S3cure-pass!")).Code);
            Assert.Equal(2, await UsersAsync(path));

            var (restoredCode, restoredSaid) = await RunAsync(path, "restore", "--from", backup);
            Assert.True(restoredCode == 0, restoredSaid);
            Assert.Equal(1, await UsersAsync(path));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".before-restore-*"));

            var (missing, complaint) = await RunAsync(path, "restore", "--from", path + ".nothing");
            Assert.Equal(1, missing);
            Assert.Contains("No backup", complaint);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*")) File.Delete(file);
        }
    }

    private static async Task<long> UsersAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AspNetUsers";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task<(int Code, string Output)> RunAsync(string database, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppProcess.WebProject, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(AppProcess.WebDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Loyalty"] = $"Data Source={database}";
        info.Environment["PromoCodes__HmacKey"] = TestDatabase.TestHmacKeyBase64;
        info.Environment["Jobs__Enabled"] = "false";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}
