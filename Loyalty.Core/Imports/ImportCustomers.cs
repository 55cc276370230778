using System.Globalization;
using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Integrations;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Imports;

/// <summary>
/// Merges a partner's customer base into the coalition (decision 0103). A row is matched by phone (E.164) and by card:
/// <list type="bullet">
/// <item>no match: a new member (phone required), contactable only with marketing consent;</item>
/// <item>one member: their empty fields are filled, nothing they have is overwritten (differences are reported as
/// conflicts), an unlinked card is linked, consent given is recorded with its source and date;</item>
/// <item>phone and card point to two members: a duplicate, reported and merged into the phone's member only;</item>
/// <item>the same member twice in the file: reported as a duplicate.</item>
/// </list>
/// Rows are processed in batches, each in one transaction with the progress, so a restart resumes after the last batch.
/// Customer bases are small next to receipt histories; this path uses EF per row, which is fine up to a few hundred
/// thousand rows.
/// </summary>
internal sealed class ImportCustomers(ILoyaltyDbFactory dbs, TimeProvider clock)
{
    private const int Batch = 500;

    public async Task RunAsync(DataImport import, CancellationToken ct)
    {
        string region;
        await using (var read = dbs.Create()) region = (await GetProgram.LoadAsync(read, ct)).Settings.DefaultRegion;
        using var rows = TabularRows.Open(import.StoredPath);
        var header = rows.ReadHeader() ?? [];
        int phone = ReceiptColumns.Index(header, CustomerColumns.Phone), card = ReceiptColumns.Index(header, CustomerColumns.Card),
            first = ReceiptColumns.Index(header, CustomerColumns.FirstName), last = ReceiptColumns.Index(header, CustomerColumns.LastName),
            email = ReceiptColumns.Index(header, CustomerColumns.Email), birth = ReceiptColumns.Index(header, CustomerColumns.BirthDate),
            consent = ReceiptColumns.Index(header, CustomerColumns.Consent), source = ReceiptColumns.Index(header, CustomerColumns.ConsentSource),
            consentDate = ReceiptColumns.Index(header, CustomerColumns.ConsentDate);
        var partnerName = "";
        await using (var read = dbs.Create()) partnerName = await read.Partners.Where(p => p.Id == import.PartnerId).Select(p => p.Name).FirstAsync(ct);

        var done = false;
        while (!done)
        {
            ct.ThrowIfCancellationRequested();
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = dbs.Create();
            await using var tx = await db.BeginWriteAsync(ct);
            int total = 0, imported = 0, rejected = 0, duplicates = 0, created = 0, matched = 0, lastLine = import.StagedThroughLine;
            while (total < Batch)
            {
                var f = rows.Read(out var line);
                if (f is null) { done = true; break; }
                if (line <= import.StagedThroughLine) continue;
                lastLine = line;
                if (f.Length == 1 && f[0].Length == 0) continue;
                total++;
                void Issue(ImportIssueKind kind, string reason) => db.ImportIssues.Add(new ImportIssue(import.Id, line, kind, reason));
                if (f.Length != header.Count) { Issue(ImportIssueKind.Rejected, $"The line has {f.Length} fields; the header has {header.Count}."); rejected++; continue; }
                string? Get(int i) => i < 0 ? null : f[i].Trim() is { Length: > 0 } v ? v : null;

                PhoneNumber? parsedPhone = null;
                if (Get(phone) is { } p && !PhoneNumber.TryParse(p, region, out parsedPhone))
                { Issue(ImportIssueKind.Rejected, $"The phone \"{p}\" is not a valid mobile number."); rejected++; continue; }
                string? cardNumber = null;
                if (Get(card) is { } c)
                {
                    if (!CardNumber.IsValid(c)) { Issue(ImportIssueKind.Rejected, $"The card number \"{c}\" or its check digit is wrong."); rejected++; continue; }
                    cardNumber = CardNumber.Normalize(c);
                }
                if (parsedPhone is null && cardNumber is null) { Issue(ImportIssueKind.Rejected, "Neither a phone nor a card number."); rejected++; continue; }
                DateOnly? birthDate = null;
                if (Get(birth) is { } b)
                {
                    if (!DateOnly.TryParseExact(b, ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) || d.Year < 1900 || d > DateOnly.FromDateTime(now))
                    { Issue(ImportIssueKind.Rejected, $"The birth date \"{b}\" is not a date (write 1990-05-17)."); rejected++; continue; }
                    birthDate = d;
                }
                var mail = Get(email);
                if (mail is not null && (!mail.Contains('@') || mail.Length > Customer.EmailMaxLength)) { Issue(ImportIssueKind.Rejected, $"The e-mail \"{mail}\" is not valid."); rejected++; continue; }
                var consentGiven = Get(consent) is { } yes && (yes.Equals("yes", StringComparison.OrdinalIgnoreCase) || yes == "1" ||
                    yes.Equals("true", StringComparison.OrdinalIgnoreCase) || yes.Equals("да", StringComparison.OrdinalIgnoreCase));
                var consentAt = Get(consentDate) is { } cd && DateTime.TryParse(cd, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsedAt) && parsedAt <= now
                    ? parsedAt : now;
                var consentSource = Get(source) ?? partnerName;

                var byPhone = parsedPhone is null ? null : db.Customers.Local.FirstOrDefault(x => x.Phone == parsedPhone.Value)
                    ?? await db.Customers.FirstOrDefaultAsync(x => x.Phone == parsedPhone.Value, ct);
                var cardRow = cardNumber is null ? null : await db.Cards.FirstOrDefaultAsync(x => x.Number == cardNumber, ct);
                var byCard = cardRow?.CustomerId is { } owner ? db.Customers.Local.FirstOrDefault(x => x.Id == owner) ?? await db.Customers.FirstOrDefaultAsync(x => x.Id == owner, ct) : null;

                Customer target;
                if (byPhone is null && byCard is null)
                {
                    if (parsedPhone is null) { Issue(ImportIssueKind.Rejected, "The card is not known and the row has no phone to register the member by."); rejected++; continue; }
                    target = new Customer(parsedPhone, Get(first) ?? "", Get(last), now, "import") { Email = mail, BirthDate = birthDate };
                    db.Customers.Add(target);
                    // The importing partner hears about the members its file created, in the batch's transaction (decision 0163).
                    await Webhooks.Outbox.AddAsync(db, import.PartnerId, Webhooks.WebhookEvents.NewCustomer, now, new Webhooks.NewCustomerEventData(target.Id, "import"), ct);
                    created++;
                }
                else
                {
                    target = byPhone ?? byCard!;
                    if (byPhone is not null && byCard is not null && byPhone.Id != byCard.Id)
                    { Issue(ImportIssueKind.Duplicate, "The phone and the card belong to two different members; merged into the phone's member only."); duplicates++; }
                    else if (await SeenAsync(db, import.Id, target.Id, ct))
                    { Issue(ImportIssueKind.Duplicate, "The same member appears earlier in this file."); duplicates++; }
                    else if (byPhone is null && parsedPhone is not null)
                        Issue(ImportIssueKind.Conflict, "The card's member has another phone; their phone was kept.");
                    var before = PersonalDataSnapshot.Of(target);
                    var conflicts = CustomerMerge.FillBlanks(target, Get(first), Get(last), mail, birthDate);
                    if (conflicts.Count > 0)
                    {
                        Issue(ImportIssueKind.Conflict, $"Kept the member's own {string.Join(", ", conflicts)}; yours are kept as your contact details for this member.");
                        await CustomerMerge.KeepPartnerValuesAsync(db, import.PartnerId, target.Id, conflicts, Get(first), Get(last), mail, birthDate,
                            $"import {import.FileName}", now, ct);
                    }
                    if (before.Diff(target) is { Count: > 0 } filled)
                        db.AuditEvents.Add(new AuditEvent(now, "customer.profile", import.CreatedBy,
                            $"Profile filled in by import {import.FileName}, line {line}", import.PartnerId, target.Id, changes: filled));
                    matched++;
                }
                if (consentGiven)
                {
                    target.SetEmailConsent(true, consentAt);
                    target.SetSmsConsent(true, consentAt);
                    db.AuditEvents.Add(new AuditEvent(now, "consent.imported", import.CreatedBy,
                        $"Marketing consent from {consentSource} on {consentAt:yyyy-MM-dd} (import {import.FileName}, line {line})", import.PartnerId, target.Id));
                }
                if (cardRow is not null && cardRow.CustomerId is null && cardRow.Status != CardStatus.Blocked) cardRow.LinkTo(target.Id, now);
                db.ImportedMembers.Add(new ImportedMember(import.Id, target.Id));
                imported++;
            }
            await db.SaveChangesAsync(ct);
            await db.DataImports.Where(i => i.Id == import.Id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.StagedThroughLine, lastLine).SetProperty(i => i.BytesRead, done ? import.SizeBytes : rows.BytesRead)
                .SetProperty(i => i.TotalRows, i => i.TotalRows + total).SetProperty(i => i.ImportedRows, i => i.ImportedRows + imported)
                .SetProperty(i => i.RejectedRows, i => i.RejectedRows + rejected).SetProperty(i => i.DuplicateRows, i => i.DuplicateRows + duplicates)
                .SetProperty(i => i.CreatedCustomers, i => i.CreatedCustomers + created).SetProperty(i => i.MatchedCustomers, i => i.MatchedCustomers + matched)
                .SetProperty(i => i.Status, ImportStatus.Staging), ct);
            await tx.CommitAsync(ct);
            import = await db.DataImports.AsNoTracking().FirstAsync(i => i.Id == import.Id, ct);
        }
    }

    private static async Task<bool> SeenAsync(ILoyaltyDb db, Guid importId, Guid customerId, CancellationToken ct) =>
        db.ImportedMembers.Local.Any(m => m.ImportId == importId && m.CustomerId == customerId) ||
        await db.ImportedMembers.AnyAsync(m => m.ImportId == importId && m.CustomerId == customerId, ct);
}

/// <summary>Which members a customer-base import touched: finds the same member twice in one file, and feeds the report.</summary>
public class ImportedMember
{
    private ImportedMember() { }

    public ImportedMember(Guid importId, Guid customerId)
    {
        ImportId = importId;
        CustomerId = customerId;
    }

    public long Id { get; private set; }
    public Guid ImportId { get; private set; }
    public Guid CustomerId { get; private set; }
}
