namespace Loyalty.Benchmarks;

/// <summary>Where the already-built Loyalty.Web lives. The benchmark never builds it, so the figures are for a Release build.</summary>
public sealed record WebAppLocation(string ProjectFolder, string Dll)
{
    public static WebAppLocation Find()
    {
        var root = FindRepositoryRoot();
        var project = Path.Combine(root, "Loyalty.Web");
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "Loyalty.Web.dll");
        if (!File.Exists(dll))
        {
            throw new BenchmarkSetupException(
                $"{dll} is missing. Build the app in Release first: dotnet build -c Release Loyalty.Web");
        }
        return new WebAppLocation(project, dll);
    }

    // Walk up from our own binaries rather than trusting the current directory: dotnet run keeps the caller's.
    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Loyalty.sln"))) return dir.FullName;
        }
        throw new BenchmarkSetupException($"Could not find Loyalty.sln above {AppContext.BaseDirectory}.");
    }
}
