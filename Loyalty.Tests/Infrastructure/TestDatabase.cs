using Loyalty.Core;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Core.PromoCodes;
using Loyalty.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Infrastructure;

/// <summary>
/// A real SQLite database file (WAL, the app's own migrations) with the Core use cases wired as in the app.
/// The migrated schema is built once per test run and copied per test, so every test starts from an empty, real database.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Template = new(BuildTemplateAsync);

    private TestDatabase(string path, ServiceProvider services)
    {
        FilePath = path;
        Services = services;
    }

    public string FilePath { get; }
    public ServiceProvider Services { get; }
    public ILoyaltyDbFactory Dbs => Services.GetRequiredService<ILoyaltyDbFactory>();
    public FakeTimeProvider Clock => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();
    public RecordingSmsSender Sms => (RecordingSmsSender)Services.GetRequiredService<ISmsSender>();
    public RecordingEmailSender Email => (RecordingEmailSender)Services.GetRequiredService<IEmailSender>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public ILoyaltyDb Open() => Dbs.Create();

    /// <summary>Tests only; the app reads its key from configuration.</summary>
    public static readonly byte[] TestHmacKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static string TestHmacKeyBase64 => Convert.ToBase64String(TestHmacKey);

    public string PrintFilesPath => FilePath + ".print-files";

    public static async Task<TestDatabase> CreateAsync(Action<IServiceCollection>? configure = null)
    {
        var template = await Template.Value;
        var path = Path.Combine(Path.GetTempPath(), $"loyalty-test-{Guid.NewGuid():N}.db");
        File.Copy(template, path);
        return new TestDatabase(path, BuildServices(path, configure));
    }

    public static ServiceProvider BuildServices(string path, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Loyalty"] = $"Data Source={path}" })
            .Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddLoyaltyData(configuration, Path.GetTempPath())
            .AddLoyaltyCore();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)));
        services.AddSingleton<ISmsSender, RecordingSmsSender>();
        services.AddSingleton<IEmailSender, RecordingEmailSender>();
        services.AddPromoCodes(new PromoCodeSettings { PrintFilesPath = path + ".print-files", ChunkSize = 100, PublicBaseUrl = "https://onecard.test" },
            new PromoCodeHasher(TestHmacKey));
        // Draw seeds: the app's real protector over an in-memory key ring.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<Loyalty.Core.Contests.ISeedProtector, Loyalty.Web.Contests.DataProtectionSeedProtector>();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    private static async Task<string> BuildTemplateAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"loyalty-template-{Guid.NewGuid():N}.db");
        await using var services = BuildServices(path);
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(FilePath + suffix); } catch (IOException) { }
        }
        try { if (Directory.Exists(PrintFilesPath)) Directory.Delete(PrintFilesPath, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A real ISmsSender that keeps what it was asked to send, for asserting on sign-in codes.</summary>
public sealed class RecordingSmsSender : ISmsSender
{
    private readonly List<(string To, string Body)> _sent = [];

    public IReadOnlyList<(string To, string Body)> Sent { get { lock (_sent) return _sent.ToList(); } }

    public Task<SendResult> SendAsync(string toE164, string body, CancellationToken cancellationToken, long? statusCallbackId = null)
    {
        lock (_sent) _sent.Add((toE164, body));
        return Task.FromResult(SendResult.Ok("recording", Guid.NewGuid().ToString("N")));
    }

    public string LastCodeFor(string phone) =>
        System.Text.RegularExpressions.Regex.Match(Sent.Last(s => s.To == phone).Body, @"\d{6}").Value;
}

/// <summary>
/// Keeps the e-mails it was asked to send; addresses listed in <see cref="Refuse"/> get the given outcome instead, so
/// retry and permanent-failure paths are exercised. Real SMTP is covered by the aiosmtpd tests.
/// </summary>
public sealed class RecordingEmailSender : IEmailSender
{
    private readonly List<EmailMessage> _sent = [];

    public Dictionary<string, SendResult> Refuse { get; } = [];

    public IReadOnlyList<EmailMessage> Sent { get { lock (_sent) return _sent.ToList(); } }

    public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (Refuse.TryGetValue(message.To, out var refusal)) return Task.FromResult(refusal);
        lock (_sent) _sent.Add(message);
        return Task.FromResult(SendResult.Ok("recording", message.MessageKey));
    }
}
