namespace Loyalty.Benchmarks;

public sealed record BenchmarkOptions(string Scenario, int Seconds, int Connections, int Count, int ChunkSize, bool Keep, int WarmUpSeconds = 30, bool Campaigns = false, bool Jobs = false)
{
    public const string Usage = "Usage: dotnet run -c Release --project Loyalty.Benchmarks -- pos [--seconds 20] [--connections 16] [--warmup 30] [--campaigns 1] [--jobs 1]\n" +
                                "       dotnet run -c Release --project Loyalty.Benchmarks -- codes [--count 14000000] [--chunk 1000000] [--seconds 20] [--connections 8] [--keep 1]" +
                                "\n       dotnet run -c Release --project Loyalty.Benchmarks -- mailings [--members 1000000] [--emails 5000]";

    /// <summary>
    /// Not measured: lets the JIT tier up, the connection pool fill and SQLite's page cache warm. Measured with perf: the
    /// tiered compiler's thread still took a third of the app's CPU 15 s into the load and went quiet only after about
    /// 25 s, so a shorter warm-up measures the JIT rather than the till (a server that runs for days has long tiered up).
    /// </summary>
    public TimeSpan WarmUp => TimeSpan.FromSeconds(WarmUpSeconds);

    public static bool TryParse(string[] args, out BenchmarkOptions options, out string error)
    {
        options = new BenchmarkOptions("pos", 20, 16, 14_000_000, 1_000_000, false);
        error = "";
        if (args.Length == 0 || args[0] is not ("pos" or "codes"))
        {
            error = "The scenarios are 'pos', 'codes' and 'mailings'.";
            return false;
        }
        options = options with { Scenario = args[0], Connections = args[0] == "codes" ? 8 : 16 };

        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out var value) || value <= 0)
            {
                error = $"'{args[i]}' needs a positive whole number.";
                return false;
            }
            switch (args[i])
            {
                case "--seconds": options = options with { Seconds = value }; break;
                case "--connections": options = options with { Connections = value }; break;
                case "--warmup" when options.Scenario == "pos": options = options with { WarmUpSeconds = value }; break;
                case "--count" when options.Scenario == "codes": options = options with { Count = value }; break;
                case "--chunk" when options.Scenario == "codes": options = options with { ChunkSize = value }; break;
                case "--keep" when options.Scenario == "codes": options = options with { Keep = value == 1 }; break;
                case "--campaigns" when options.Scenario == "pos": options = options with { Campaigns = value == 1 }; break;
                case "--jobs" when options.Scenario == "pos": options = options with { Jobs = value == 1 }; break;
                default:
                    error = $"Unknown option '{args[i]}' for '{options.Scenario}'.";
                    return false;
            }
        }
        return true;
    }
}
