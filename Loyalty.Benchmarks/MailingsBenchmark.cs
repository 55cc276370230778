using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Loyalty.Core;
using Loyalty.Core.Common;
using Loyalty.Core.Messaging;
using Loyalty.Data;
using Loyalty.Web.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Loyalty.Benchmarks;

/// <summary>
/// <c>mailings [--members 1000000] [--emails 5000] [--workers 4]</c>: on a fresh SQLite file, queues one personalised mailing to every member
/// (the real INSERT … SELECT fan-out), renders every message as the dispatcher would (recipients loaded in batches, Fluid
/// template), then sends <c>--emails</c> of them through the real dispatcher and MailKit to a local aiosmtpd, reusing connections.
/// </summary>
public static class MailingsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var members = 1_000_000;
        var emails = 5_000;
        var workers = 4;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!int.TryParse(args[i + 1], out var value) || value <= 0) { Console.Error.WriteLine($"'{args[i]}' needs a positive whole number."); return Program.ExitUsage; }
            if (args[i] == "--members") members = value;
            else if (args[i] == "--emails") emails = value;
            else if (args[i] == "--workers") workers = value;
            else { Console.Error.WriteLine($"Unknown option '{args[i]}'."); return Program.ExitUsage; }
        }
        emails = Math.Min(emails, members);

        var path = Path.Combine(Path.GetTempPath(), $"loyalty-mailings-bench-{Guid.NewGuid():N}.db");
        await using var smtp = await CountingSmtp.StartAsync();
        var options = new MessagingOptions { PublicBaseUrl = "https://onecard.example", LinkSecret = "bench", EmailPerSecond = 0, Workers = workers, BatchSize = 200 };
        await using var services = Services(path, options, smtp.Port);
        try
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            Console.WriteLine($"Mailings benchmark: {members:N0} members, {emails:N0} e-mails over SMTP, {Environment.ProcessorCount} cores");

            var clock = Stopwatch.StartNew();
            await InsertMembersAsync(path, members);
            Console.WriteLine($"  setup: {members:N0} members inserted in {clock.Elapsed.TotalSeconds:F1} s (not part of the figures)");

            var mailingId = await services.GetRequiredService<SaveMailing>().HandleAsync(null, null, new MailingDraft("Benchmark", MessageChannel.Email,
                "News for {{ first_name }}", "Hello {{ first_name }},\n\nyou have {{ balance }} points. {{ offer }}\n\nDetails: https://onecard.example/deals", "Double points this weekend", AudienceDefinition.All), "bench");
            await services.GetRequiredService<ScheduleMailing>().HandleAsync(null, mailingId, MailingAction.SendNow, null, "bench");

            clock.Restart();
            var queued = await services.GetRequiredService<QueueDueMailings>().HandleAsync();
            var queueTime = clock.Elapsed;
            Console.WriteLine($"  queue:  {queued:N0} outbox rows in {queueTime.TotalSeconds:F1} s ({queued / queueTime.TotalSeconds:N0} rows/s), INSERT … SELECT in slices of {options.FanOutSlice:N0}");

            clock.Restart();
            var (rendered, bytes) = await RenderAllAsync(services, mailingId);
            var renderTime = clock.Elapsed;
            Console.WriteLine($"  render: {rendered:N0} personalised messages (subject, text, HTML; {bytes / 1_048_576.0:N0} MiB) in {renderTime.TotalSeconds:F1} s ({rendered / renderTime.TotalSeconds:N0}/s)");
            Console.WriteLine($"  render + queue: {(queueTime + renderTime).TotalSeconds:F1} s for {rendered:N0} messages (target ≤ 300 s)");

            // Keep the first --emails rows for the SMTP run; the rest would take an hour at any real mail server's pace.
            await using (var db = services.GetRequiredService<ILoyaltyDbFactory>().Create())
            {
                var cut = await db.OutgoingMessages.Where(m => m.MailingId == mailingId).OrderBy(m => m.Id).Skip(emails).Select(m => m.Id).FirstOrDefaultAsync();
                if (cut > 0) await db.OutgoingMessages.Where(m => m.Id >= cut).ExecuteDeleteAsync();
            }
            clock.Restart();
            var report = await services.GetRequiredService<DispatchOutbox>().HandleAsync();
            var dispatchTime = clock.Elapsed;
            await smtp.WaitForAsync(emails, TimeSpan.FromSeconds(30));
            Console.WriteLine($"  dispatch: {report.Sent:N0} sent, {report.Failed:N0} failed in {dispatchTime.TotalSeconds:F1} s = {report.Sent / dispatchTime.TotalSeconds:N0} e-mails/s " +
                $"(render + lease + mark Sending + SMTP + mark Sent; {options.Workers} workers, pooled connections); server received {smtp.Received:N0}");

            var sender = services.GetRequiredService<IEmailSender>();
            var raw = Math.Min(emails, 5_000);
            var before = smtp.Received;
            clock.Restart();
            await Parallel.ForAsync(0, raw, new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, async (i, ct) =>
                await sender.SendAsync(new EmailMessage($"raw{i}@bench.example", null, "Raw", "<p>Hi</p>", "Hi", "https://onecard.example/u/x", $"raw{i}"), ct));
            var rawTime = clock.Elapsed;
            await smtp.WaitForAsync(before + raw, TimeSpan.FromSeconds(30));
            Console.WriteLine($"  smtp only: {raw:N0} e-mails in {rawTime.TotalSeconds:F1} s = {raw / rawTime.TotalSeconds:N0} e-mails/s over {options.Workers} reused connections");
            return report.Failed == 0 && report.Sent == emails ? Program.ExitOk : Program.ExitFailed;
        }
        finally
        {
            await services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    private static ServiceProvider Services(string path, MessagingOptions options, int smtpPort)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Loyalty"] = $"Data Source={path}" }).Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Error)).AddLoyaltyData(configuration, Path.GetTempPath()).AddLoyaltyCore();
        services.Replace(ServiceDescriptor.Singleton(options));
        services.Configure<SmtpOptions>(o =>
        {
            (o.Host, o.Port, o.Security, o.FromAddress, o.MaxConnections) = ("127.0.0.1", smtpPort, MailKit.Security.SecureSocketOptions.None, "news@onecard.example", options.Workers);
        });
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        services.AddSingleton<ISmsSender, DevOutboxSmsSender>();
        return services.BuildServiceProvider();
    }

    private static async Task InsertMembersAsync(string path, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var tx = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO "Customers" ("Id", "Phone", "FirstName", "Email", "Gender", "Language", "Status", "RegisteredAt", "Source", "EmailConsentAt")
            VALUES ($id, $phone, $name, $email, 0, 'en', 0, $now, 'bench', $now)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var phone = command.Parameters.Add("$phone", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var email = command.Parameters.Add("$email", SqliteType.Text);
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        await command.PrepareAsync();
        for (var i = 0; i < count; i++)
        {
            id.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
            phone.Value = "+7709" + i.ToString("D7", CultureInfo.InvariantCulture);
            name.Value = "Member" + i.ToString(CultureInfo.InvariantCulture);
            email.Value = $"member{i}@bench.example";
            await command.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    /// <summary>What the dispatcher does before each hand-over, for every row: recipients in batches, then the template.</summary>
    private static async Task<(int Count, long Bytes)> RenderAllAsync(IServiceProvider services, Guid mailingId)
    {
        var dbs = services.GetRequiredService<ILoyaltyDbFactory>();
        var renderer = services.GetRequiredService<MessageRenderer>();
        await using var db = dbs.Create();
        var m = await db.Mailings.AsNoTracking().SingleAsync(x => x.Id == mailingId);
        var content = new MailingContent(m.Id, m.UpdatedAt, m.Channel, m.Subject, m.Body, m.Offer, await Recipients.SenderNameAsync(db, null, default));
        long last = 0, bytes = 0;
        var count = 0;
        while (true)
        {
            var rows = await db.OutgoingMessages.AsNoTracking().Where(x => x.MailingId == mailingId && x.Id > last).OrderBy(x => x.Id).Take(2_000)
                .Select(x => new { x.Id, x.CustomerId }).ToListAsync();
            if (rows.Count == 0) return (count, bytes);
            var recipients = await Recipients.LoadAsync(db, rows.Select(r => r.CustomerId!.Value).ToList(), default);
            foreach (var row in rows)
            {
                var rendered = renderer.Render(content, recipients[row.CustomerId!.Value].Model(content.SenderName), row.Id);
                bytes += rendered.Text.Length + (rendered.Html?.Length ?? 0);
                count++;
            }
            last = rows[^1].Id;
        }
    }

    /// <summary>aiosmtpd that only counts what it accepts (Debian's python3).</summary>
    private sealed class CountingSmtp : IAsyncDisposable
    {
        private const string Script = """
            import sys
            from aiosmtpd.controller import Controller
            class Handler:
                count = 0
                async def handle_DATA(self, server, session, envelope):
                    Handler.count += 1
                    return '250 OK'
            c = Controller(Handler(), hostname='127.0.0.1', port=int(sys.argv[1]))
            c.start()
            print('READY', flush=True)
            for line in sys.stdin:
                print(Handler.count, flush=True)
            c.stop()
            """;

        private readonly Process _process;
        private readonly string _script;

        private CountingSmtp(Process process, string script, int port) => (_process, _script, Port) = (process, script, port);

        public int Port { get; }

        public int Received
        {
            get
            {
                _process.StandardInput.WriteLine("count");
                _process.StandardInput.Flush();
                return int.Parse(_process.StandardOutput.ReadLine()!, CultureInfo.InvariantCulture);
            }
        }

        public static async Task<CountingSmtp> StartAsync()
        {
            var script = Path.Combine(Path.GetTempPath(), $"smtp-count-{Guid.NewGuid():N}.py");
            await File.WriteAllTextAsync(script, Script);
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, port.ToString(CultureInfo.InvariantCulture)])
            { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false })
                ?? throw new BenchmarkSetupException("python3 did not start.");
            if (await process.StandardOutput.ReadLineAsync() != "READY")
                throw new BenchmarkSetupException("aiosmtpd did not start: install Debian's python3-aiosmtpd.");
            return new CountingSmtp(process, script, port);
        }

        public async Task WaitForAsync(int count, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (Received < count && DateTime.UtcNow < until) await Task.Delay(100);
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000)) _process.Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
            File.Delete(_script);
        }
    }
}
