namespace Loyalty.Benchmarks;

public sealed record BenchmarkOptions(int Seconds, int Connections)
{
    public const string Usage = "Usage: dotnet run -c Release --project Loyalty.Benchmarks -- pos [--seconds 20] [--connections 16] | mailings [--members 1000000] [--emails 5000]";

    /// <summary>Not measured: lets the JIT tier up, the connection pool fill and SQLite's page cache warm.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public static bool TryParse(string[] args, out BenchmarkOptions options, out string error)
    {
        options = new BenchmarkOptions(20, 16);
        error = "";
        if (args.Length == 0 || args[0] != "pos")
        {
            error = "Scenarios: 'pos', 'mailings'.";
            return false;
        }

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
                default:
                    error = $"Unknown option '{args[i]}'.";
                    return false;
            }
        }
        return true;
    }
}
