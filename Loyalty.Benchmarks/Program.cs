namespace Loyalty.Benchmarks;

/// <summary>
/// Entry point: <c>pos [--seconds 20] [--connections 16]</c>, <c>codes [--count 14000000] …</c> or
/// <c>mailings [--members 1000000] [--emails 5000]</c> or <c>segments [--customers 1000000] [--purchases 20000000] [--db path]</c>
/// or <c>contests [--customers 100000] [--purchases 1000000] [--db path]</c>,
/// or <c>soak [--minutes 10] [--rate 150]</c>, or <c>cards [--count 200000]</c>.
/// See README.md.
/// </summary>
public static class Program
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "mailings") return await MailingsBenchmark.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "segments") return await SegmentsBenchmark.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "customers") return await CustomersBenchmark.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "cabinet") return await CabinetBenchmark.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "console-customers") return await ConsoleCustomersBenchmark.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "contests") return await ContestsBenchmark.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "soak") return await SoakBenchmark.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "import") return await ImportBenchmark.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "cards") return await CardsBenchmark.RunAsync(args[1..]);
        if (!BenchmarkOptions.TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(BenchmarkOptions.Usage);
            return ExitUsage;
        }

        // Ctrl+C must still stop the app we started, so cancel cooperatively instead of letting the runtime exit.
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            return options.Scenario == "codes"
                ? await CodesBenchmark.RunAsync(options, cancel.Token)
                : await PosBenchmark.RunAsync(options, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled.");
            return ExitFailed;
        }
        catch (BenchmarkSetupException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitUsage;
        }
    }
}

/// <summary>The environment is not ready (app not built, app did not start): a message for the person running it, no stack trace.</summary>
public sealed class BenchmarkSetupException(string message) : Exception(message);
