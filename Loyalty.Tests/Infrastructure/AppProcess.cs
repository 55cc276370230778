using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Loyalty.Tests.Infrastructure;

/// <summary>
/// The real app as a separate process (`dotnet Loyalty.Web.dll`) on a free loopback port with its own SQLite file,
/// in Development so that the demo coalition is seeded exactly as a newcomer sees it.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process, string baseUrl, string databasePath)
    {
        _process = process;
        BaseUrl = baseUrl;
        DatabasePath = databasePath;
    }

    /// <summary>Generous: the shared 2-core machine was measured at a load average of 85, where start-up took 105 s and sometimes more than 180 s.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(300);

    public string BaseUrl { get; }
    public string DatabasePath { get; }
    public TimeSpan StartupTime { get; private set; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<AppProcess> StartAsync(string? databasePath = null, IDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var ownsDatabase = databasePath is null;
        databasePath ??= Path.Combine(Path.GetTempPath(), $"loyalty-e2e-{Guid.NewGuid():N}.db");
        var webProject = WebProject;
        var dll = WebDll;

        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls {baseUrl}")
        {
            WorkingDirectory = webProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__Loyalty"] = $"Data Source={databasePath}";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["PromoCodes__PrintFilesPath"] = databasePath + ".print-files";
        if (environment is not null)
            foreach (var (key, value) in environment) info.Environment[key] = value;

        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        var app = new AppProcess(process, baseUrl, databasePath) { _ownsDatabase = ownsDatabase };
        process.OutputDataReceived += (_, e) => { lock (app._output) app._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (app._output) app._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited during start-up:\n{app.Output}");
            try
            {
                if ((await http.GetAsync(baseUrl + "/health")).StatusCode == HttpStatusCode.OK)
                {
                    app.StartupTime = stopwatch.Elapsed;
                    return app;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"The app did not answer within {StartTimeout.TotalSeconds:0} s:\n{app.Output}");
    }

    /// <summary>Kills the app like a crash or `kill -9` would, keeping its database and files for the next start.</summary>
    private bool _ownsDatabase;

    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        // A database the caller passed in outlives this process (a restart, then checks): the caller deletes it.
        if (!_ownsDatabase) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        }
        try { if (Directory.Exists(DatabasePath + ".print-files")) Directory.Delete(DatabasePath + ".print-files", recursive: true); } catch (IOException) { }
    }

    private static string BuildConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static string WebProject => Path.Combine(SolutionRoot(), "Loyalty.Web");

    /// <summary>The app built in the same configuration as these tests.</summary>
    public static string WebDll
    {
        get
        {
            var dll = Path.Combine(WebProject, "bin", BuildConfiguration, "net10.0", "Loyalty.Web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first", dll);
        }
    }

    public static string SolutionRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Loyalty.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Loyalty.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
