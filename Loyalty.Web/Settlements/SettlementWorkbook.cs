using ClosedXML.Excel;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Settlements;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Settlements;

/// <summary>
/// The Excel statement a partner's accountant files: the summary (points, money, fee, net and who pays whom) and the
/// ledger's lines by reason. Numbers are real numbers with formats, so the accountant can add them up.
/// Column widths are set by hand: ClosedXML 0.95's AdjustToContents needs GDI+, which Linux lacks.
/// </summary>
public static class SettlementWorkbook
{
    public static byte[] Build(SettlementStatement statement, IStringLocalizer L)
    {
        var s = statement.Settlement;
        var moneyFormat = Money.Exponent(s.Currency) == 0 ? "#,##0" : "#,##0." + new string('0', Money.Exponent(s.Currency));
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(L["Statement"].Value);
        sheet.Column(1).Width = 44;
        sheet.Column(2).Width = 22;
        sheet.Column(3).Width = 22;
        sheet.Column(4).Width = 14;

        sheet.Cell(1, 1).Value = L["Settlement statement"].Value;
        sheet.Cell(1, 1).Style.Font.Bold = true;
        sheet.Cell(1, 1).Style.Font.FontSize = 16;
        var row = 3;
        void Field(string label, object? value, string? format = null)
        {
            sheet.Cell(row, 1).Value = label;
            sheet.Cell(row, 1).Style.Font.FontColor = XLColor.Gray;
            var cell = sheet.Cell(row, 2);
            // Names, tax ids and payment references are typed by people: never let one become a formula.
            cell.Value = value is string text ? Core.Common.SpreadsheetText.Safe(text) : value;
            if (format is not null) cell.Style.NumberFormat.Format = format;
            row++;
        }
        Field(L["Partner"].Value, statement.PartnerName);
        if (statement.LegalName is not null) Field(L["Legal name"].Value, statement.LegalName);
        if (statement.TaxId is not null) Field(L["Tax ID"].Value, statement.TaxId);
        Field(L["Period"].Value, $"{s.PeriodStart:yyyy-MM-dd} — {s.PeriodEnd.AddDays(-1):yyyy-MM-dd} (UTC)");
        Field(L["Status"].Value, L[s.Status.ToString()].Value);
        Field(L["Currency"].Value, s.Currency);
        Field(L["Point value"].Value, Money.ToMajor(s.PointValueMinor, s.Currency), moneyFormat);
        Field(L["Fee on issued points, %"].Value, s.FeeBp / 100m, "0.00");
        row++;
        Field(L["Points issued by the partner"].Value, PointValue.ToDecimal(s.IssuedPoints), "#,##0.00");
        Field(L["Points redeemed at the partner"].Value, PointValue.ToDecimal(s.RedeemedPoints), "#,##0.00");
        row++;
        Field(L["Owed by the partner for points issued"].Value, Money.ToMajor(s.IssuedAmount, s.Currency), moneyFormat);
        Field(L["Operator's fee"].Value, Money.ToMajor(s.FeeAmount, s.Currency), moneyFormat);
        Field(L["Reimbursed by the operator for points redeemed"].Value, -Money.ToMajor(s.RedeemedAmount, s.Currency), moneyFormat);
        Field(s.NetAmount >= 0 ? L["Net: the partner pays the operator"].Value : L["Net: the operator pays the partner"].Value,
            Money.ToMajor(Math.Abs(s.NetAmount), s.Currency), moneyFormat);
        sheet.Range(row - 1, 1, row - 1, 2).Style.Font.Bold = true;
        sheet.Range(row - 1, 1, row - 1, 2).Style.Border.TopBorder = XLBorderStyleValues.Thin;
        if (s.PaymentReference is not null) Field(L["Payment reference"].Value, s.PaymentReference);
        Field(L["Closed"].Value, s.ClosedAt, "yyyy-mm-dd hh:mm");

        row += 2;
        sheet.Cell(row, 1).Value = L["Ledger movements by reason"].Value;
        sheet.Cell(row, 1).Style.Font.Bold = true;
        row++;
        string[] headers = [L["Reason"].Value, L["Points issued"].Value, L["Points redeemed"].Value, L["Transfers"].Value];
        for (var i = 0; i < headers.Length; i++) sheet.Cell(row, i + 1).Value = headers[i];
        sheet.Range(row, 1, row, 4).Style.Font.Bold = true;
        sheet.Range(row, 1, row, 4).Style.Fill.BackgroundColor = XLColor.FromHtml("#EEF2F7");
        var first = ++row;
        foreach (var line in statement.Lines)
        {
            sheet.Cell(row, 1).Value = $"{L[ReasonLabel(line.Reason)].Value} ({line.Reason})";
            sheet.Cell(row, 2).Value = PointValue.ToDecimal(line.IssuedPoints);
            sheet.Cell(row, 3).Value = PointValue.ToDecimal(line.RedeemedPoints);
            sheet.Cell(row, 4).Value = line.Transfers;
            row++;
        }
        sheet.Cell(row, 1).Value = L["Total"].Value;
        sheet.Cell(row, 2).FormulaA1 = $"SUM(B{first}:B{row - 1})";
        sheet.Cell(row, 3).FormulaA1 = $"SUM(C{first}:C{row - 1})";
        sheet.Cell(row, 4).FormulaA1 = $"SUM(D{first}:D{row - 1})";
        sheet.Range(row, 1, row, 4).Style.Font.Bold = true;
        sheet.Range(first, 2, row, 3).Style.NumberFormat.Format = "#,##0.00";

        using var stream = new MemoryStream();
        Exports.SafeWorkbook.Save(workbook, stream);
        return stream.ToArray();
    }

    /// <summary>English label for a reason code; the localizer translates it.</summary>
    public static string ReasonLabel(string reason) => reason switch
    {
        Reasons.PurchaseEarn => "Points for purchases",
        Reasons.PurchaseRedeem => "Points spent on purchases",
        Reasons.RefundEarnReversal => "Points taken back on refunds",
        Reasons.RefundRedeemReturn => "Points given back on refunds",
        Reasons.DebtSettled => "Refund debts settled",
        Reasons.PromoCode => "Promo codes",
        _ => "Other",
    };

    public static string FileName(SettlementStatement statement) =>
        $"statement-{Slug(statement.PartnerName)}-{statement.Settlement.PeriodStart:yyyy-MM}.xlsx";

    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
