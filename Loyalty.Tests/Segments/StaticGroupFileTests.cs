using System.Text;
using ClosedXML.Excel;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Segments;
using Loyalty.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Segments;

/// <summary>Static groups from real uploaded files: a generated .xlsx and a .csv, read by the import itself, bad rows reported by line.</summary>
public class StaticGroupFileTests : ScenarioTest
{
    private DateTime Now => Database.Clock.GetUtcNow().UtcDateTime;

    private async Task<(Guid Aliya, Guid Bolat, string Card)> MembersAsync()
    {
        var aliya = await Scenario.RegisterAsync("+77015550001", "Aliya");
        var bolat = await Scenario.RegisterAsync("+77015550002", "Bolat");
        var card = new Card(CardNumber.Complete("642000000000001"), Now);
        card.LinkTo(bolat.Id, Now);
        await using var db = Database.Open();
        db.Cards.Add(card);
        await db.SaveChangesAsync();
        return (aliya.Id, bolat.Id, card.Number);
    }

    private async Task<HashSet<Guid>> MembersOfAsync(Guid segment)
    {
        await using var db = Database.Open();
        return (await db.SegmentMembers.Where(m => m.SegmentId == segment).Select(m => m.CustomerId).ToListAsync()).ToHashSet();
    }

    [Fact]
    public async Task AnExcelWorkbook_WithAHeader_AddsItsMembers_AndReportsBadRowsByExcelRow()
    {
        var (aliya, bolat, card) = await MembersAsync();
        using var stream = new MemoryStream();
        using (var book = new XLWorkbook())
        {
            var sheet = book.AddWorksheet("Members");
            sheet.Cell(1, 1).Value = "Phone or card";
            sheet.Cell(1, 2).Value = "Comment";
            sheet.Cell(2, 1).Value = "8 701 555 0001";
            sheet.Cell(3, 1).SetValue(card); // a card number typed as text keeps its digits
            sheet.Cell(3, 2).Value = "card holder";
            sheet.Cell(4, 1).Value = "hello";
            sheet.Cell(6, 1).Value = "+7 701 555 99 99"; // row 5 is blank
            sheet.Cell(7, 1).Value = "+7 701 555 00 01";
            book.SaveAs(stream);
        }
        stream.Position = 0;

        var result = await Database.Get<ImportStaticGroup>().HandleFileAsync(Scenario.Partner.Id, "VIP list", stream, "vip.xlsx", "KZ");

        Assert.Equal(5, result.Rows);
        Assert.Equal(2, result.Matched);
        Assert.Equal([(4, "hello", GroupIssueKind.Unreadable), (6, "+7 701 555 99 99", GroupIssueKind.NoMember), (7, "+7 701 555 00 01", GroupIssueKind.Duplicate)],
            result.Issues.Select(i => (i.Line, i.Value, i.Kind)).ToArray());
        Assert.Equal(new[] { aliya, bolat }.Order(), (await MembersOfAsync(result.SegmentId)).Order());
        await using var db = Database.Open();
        var segment = await db.Segments.SingleAsync(s => s.Id == result.SegmentId);
        Assert.Equal((SegmentKind.Static, Scenario.Partner.Id, "VIP list"), (segment.Kind, segment.OwnerPartnerId, segment.Name));
    }

    [Fact]
    public async Task ACsvFile_SemicolonsAndQuotes_WithoutAHeader_ReportsBadRowsByLine()
    {
        var (aliya, bolat, card) = await MembersAsync();
        var csv = "\uFEFF+77015550001;Aliya\r\n\"" + card + "\";\"Bolat; card\"\r\n\r\n;no phone here\r\n12345\r\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));

        var result = await Database.Get<ImportStaticGroup>().HandleFileAsync(null, "From the till", stream, "list.csv", "KZ");

        Assert.Equal(4, result.Rows);
        Assert.Equal(2, result.Matched);
        Assert.Equal([(4, "", GroupIssueKind.Unreadable), (5, "12345", GroupIssueKind.Unreadable)], result.Issues.Select(i => (i.Line, i.Value, i.Kind)).ToArray());
        Assert.Equal(new[] { aliya, bolat }.Order(), (await MembersOfAsync(result.SegmentId)).Order());
    }

    [Theory]
    [InlineData("list.pdf", "Upload an Excel (.xlsx) or CSV file.")]
    [InlineData("broken.xlsx", "This file could not be read as an Excel workbook.")]
    public async Task AFileThatIsNotAList_IsRefusedWithAHumanMessage_AndNoGroupIsMade(string name, string message)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("not a workbook at all"));
        var error = await Assert.ThrowsAsync<ValidationException>(() => Database.Get<ImportStaticGroup>().HandleFileAsync(null, "Broken", stream, name, "KZ"));
        Assert.Equal(message, error.Errors["file"][0]);
        await using var db = Database.Open();
        Assert.False(await db.Segments.AnyAsync());
    }
}
