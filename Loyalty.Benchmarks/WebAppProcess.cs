using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Loyalty.Benchmarks;

/// <summary>
/// Loyalty.Web in its own process on a free loopback port with a fresh SQLite file, so the benchmark measures the
/// real host (Kestrel, middleware, rate limiter, EF Core) and never touches the developer's database.
/// </summary>
public sealed class WebAppProcess : IAsyncDisposable
{
    private const int KeptLogLines = 200;
    private const int StartFailureLogLines = 40;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _logTail = new();
    private int _errorLines;
    private int _warningLines;

    private WebAppProcess(Process process, Uri baseAddress, string databasePath)
    {
        _process = process;
        BaseAddress = baseAddress;
        DatabasePath = databasePath;
    }

    public Uri BaseAddress { get; }
    public string DatabasePath { get; }

    /// <summary>Lines the console logger wrote at Error or Critical ("fail:"/"crit:"), counted over the whole run.</summary>
    public int ErrorLines => Volatile.Read(ref _errorLines);

    /// <summary>Warning entries ("warn:"), start-up included; reported but not a failure.</summary>
    public int WarningLines => Volatile.Read(ref _warningLines);

    /// <summary>Where the warnings came from ("Category[event id]"), each once: enough to tell start-up notices from trouble.</summary>
    public IReadOnlyList<string> WarningSources => _warningSources.Distinct().ToList();

    private const int KeptWarningSources = 50;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _warningSources = new();

    /// <summary>The app was already gone when we came to stop it: it crashed or shut itself down under load.</summary>
    public bool ExitedOnItsOwn { get; private set; }

    /// <summary>User plus system CPU time the app has used since it started.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The app's resident memory now, in bytes.</summary>
    public long WorkingSet()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public IReadOnlyList<string> LogTail(int lines) => _logTail.TakeLast(lines).ToList();

    /// <param name="jobs">Keep the background jobs on (the minute jobs fold the load into profiles and roll-ups as it runs).</param>
    public static async Task<WebAppProcess> StartAsync(WebAppLocation app, CancellationToken ct, bool jobs = false)
    {
        var port = FreeLoopbackPort();
        var databasePath = Path.Combine(Path.GetTempPath(), $"loyalty-bench-{Guid.NewGuid():N}.db");
        var process = new Process { StartInfo = StartInfo(app, port, databasePath, jobs), EnableRaisingEvents = true };
        var web = new WebAppProcess(process, new Uri($"http://127.0.0.1:{port}"), databasePath);
        process.OutputDataReceived += (_, e) => web.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => web.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await web.WaitUntilHealthyAsync(ct);
            return web;
        }
        catch
        {
            await web.DisposeAsync();
            web.DeleteDatabase();
            throw;
        }
    }

    private static ProcessStartInfo StartInfo(WebAppLocation app, int port, string databasePath, bool jobs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = app.ProjectFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(app.Dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        // Development seeds the demo coalition (the POS key and the 300 customers) into the empty database.
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__Loyalty"] = $"Data Source={databasePath}";
        // Background jobs compete for the database (pos --jobs 1 measures that); the limiter would cap the tills at 200/s.
        info.Environment["Jobs__Enabled"] = jobs ? "true" : "false";
        info.Environment["Pos__RateLimitPerSecond"] = "1000000";
        // Per-request Information logs cost CPU the server needs; warnings and errors still show.
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        return info;
    }

    // Binding port 0 lets the OS pick; releasing it straight away leaves a tiny race we accept for a manual tool.
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            Interlocked.Increment(ref _errorLines);
        else if (line.StartsWith("warn:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warningLines);
            if (_warningSources.Count < KeptWarningSources) _warningSources.Enqueue(line[5..].Trim());
        }
        _logTail.Enqueue(line);
        while (_logTail.Count > KeptLogLines) _logTail.TryDequeue(out _);
    }

    private async Task WaitUntilHealthyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < StartTimeout)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(ct); // also drains the redirected output, so the tail is complete
                throw StartFailure($"The app exited with code {_process.ExitCode} before /health answered.");
            }
            if (await IsHealthyAsync(http, ct))
            {
                Console.WriteLine($"App answered /health after {started.Elapsed.TotalSeconds:F1} s at {BaseAddress}");
                return;
            }
            await Task.Delay(250, ct);
        }
        throw StartFailure($"/health did not return 200 within {StartTimeout.TotalSeconds:F0} s.");
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("/health", ct);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false; // the 5 s per-try timeout, e.g. while migrations run
        }
    }

    private BenchmarkSetupException StartFailure(string reason) =>
        new($"{reason}\nLast lines of the app's output:\n  {string.Join("\n  ", LogTail(StartFailureLogLines))}");

    /// <summary>Asks the host to shut down like a service manager would, so SQLite is closed cleanly; kills it if it hangs.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            ExitedOnItsOwn = true;
            return;
        }
        if (!OperatingSystem.IsWindows() && Posix.kill(_process.Id, Posix.SigTerm) == 0)
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"The app did not stop within {StopTimeout.TotalSeconds:F0} s of SIGTERM; killing it.");
            }
        }
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Removes the database file and its WAL companions; call only once the app has stopped.</summary>
    public void DeleteDatabase()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    // .NET has no portable "send SIGTERM"; Process.Kill is SIGKILL, which skips the host's graceful shutdown.
    private static class Posix
    {
        public const int SigTerm = 15;

        [DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int sig);
    }
}
