using System.Text.RegularExpressions;
using Loyalty.Tests.Infrastructure;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Loyalty.Tests.Data;

/// <summary>
/// The hot path's plain SQL (ADR 0008) runs on SQLite in every other test. SQL Server cannot run here, so this proves
/// the other half as far as this machine can: every statement, spelled as <c>RawSql</c> spells it for SQL Server,
/// parses as T-SQL.
/// </summary>
public class PlainSqlDialectTests
{
    private static readonly Regex RawStrings = new("\\$?\"\"\"(?<sql>.*?)\"\"\"", RegexOptions.Singleline);

    public static TheoryData<string> SourceFiles()
    {
        var core = Path.Combine(AppProcess.SolutionRoot(), "Loyalty.Core");
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                     .Where(f => !f.EndsWith("RawSql.cs"))
                     .Where(f => File.ReadAllText(f) is var text && text.Contains("RawSql") && text.Contains("\"\"\"")))
            files.Add(Path.GetRelativePath(core, file));
        return files;
    }

    [Theory]
    [MemberData(nameof(SourceFiles))]
    public void EveryStatement_ParsesAsTSql(string file)
    {
        var source = File.ReadAllText(Path.Combine(AppProcess.SolutionRoot(), "Loyalty.Core", file));
        var statements = RawStrings.Matches(source).Select(m => m.Groups["sql"].Value)
            .Where(sql => Regex.IsMatch(sql, @"\b(SELECT|INSERT|UPDATE|DELETE)\b")).ToList();
        Assert.NotEmpty(statements);

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        foreach (var statement in statements)
        {
            var tsql = AsSqlServer(statement);
            parser.Parse(new StringReader(tsql), out var errors);
            Assert.True(errors.Count == 0, $"{file}: {tsql}\n{string.Join("\n", errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void TheCheck_RefusesSqliteOnlySpelling()
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(AsSqlServer("""SELECT "Id" FROM "PointLots" LIMIT 32""")), out var errors);
        Assert.NotEmpty(errors);
    }

    /// <summary>What RawSql's dialect helpers produce on SQL Server; any other interpolation is a number.</summary>
    private static string AsSqlServer(string statement)
    {
        var sql = Regex.Replace(statement, @"\{sql\.Top\((\d+)\)\}", "TOP ($1) ");
        sql = Regex.Replace(sql, @"\{sql\.Limit\(\d+\)\}", "");
        sql = sql.Replace("{sql.OutputId}", "OUTPUT INSERTED.\"Id\" ").Replace("{sql.ReturningId}", "");
        return Regex.Replace(sql, @"\{[^}]+\}", "0");
    }
}
