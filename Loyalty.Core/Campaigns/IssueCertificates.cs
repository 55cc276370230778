using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Campaigns;

/// <summary>
/// Who gets the certificates: one member by phone, a segment of the issuer's, or — cross-marketing — members of another
/// partner (<paramref name="AudiencePartnerId"/>: those who bought there), whose names the issuer never sees.
/// </summary>
public sealed record CertificateIssue(string? Title, CertificateKind Kind, decimal Value, decimal CapPercent, int ValidDays,
    string? Phone = null, Guid? SegmentId = null, Guid? AudiencePartnerId = null, int MaxCount = 1000);

public sealed record IssuedCertificates(int Count, string? Code);

/// <summary>Issues certificates by hand (docs/decisions/0061-certificates.md); redeemable at the issuer only (the operator's: at every partner).</summary>
public sealed class IssueCertificates(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public const int MaxBatch = 50_000;

    public async Task<IssuedCertificates> HandleAsync(Guid? issuerPartnerId, CertificateIssue issue, string region = "KZ", CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var title = issue.Title?.Trim() ?? "";
        if (title.Length == 0) errors["title"] = ["Give the certificate a title the member will see."];
        else if (title.Length > Certificate.TitleMaxLength) errors["title"] = [$"A title has at most {Certificate.TitleMaxLength} characters."];
        long value = 0;
        if (issue.Kind == CertificateKind.Points)
        {
            if (issue.Value <= 0 || issue.Value > 10_000_000 || !PointValue.TryFromDecimal(issue.Value, out value)) errors["value"] = ["The value is a positive number of points with at most two decimals."];
        }
        else if (issue.Value <= 0) errors["value"] = ["The discount must be greater than zero."];
        else value = Percent.ToBasisPoints(issue.Value, "value", "The discount", errors);
        var capBp = Percent.ToBasisPoints(issue.CapPercent, "capPercent", "The cap", errors);
        if (issue.ValidDays is < 1 or > 3650) errors["validDays"] = ["A certificate is valid 1 to 3,650 days."];
        var audiences = (issue.Phone is not null ? 1 : 0) + (issue.SegmentId is not null ? 1 : 0) + (issue.AudiencePartnerId is not null ? 1 : 0);
        if (audiences != 1) errors["audience"] = ["Choose one audience: a member's phone, a segment or another partner's members."];
        if (issue.MaxCount is < 1 or > MaxBatch) errors["maxCount"] = [$"Issue 1 to {MaxBatch:N0} certificates at a time."];
        if (issue.AudiencePartnerId is { } other && other == issuerPartnerId) errors["audience"] = ["Cross-marketing reaches another partner's members."];
        if (errors.Count > 0) throw new ValidationException(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var members = db.Customers.AsNoTracking().Where(c => c.Status == CustomerStatus.Active);
        CertificateSource source = CertificateSource.Manual;
        if (issue.Phone is { } phoneText)
        {
            if (!PhoneNumber.TryParse(phoneText, region, out var phone)) throw ValidationException.For("phone", "Enter the member's phone number.");
            members = members.Where(c => c.Phone == phone!.Value);
        }
        else if (issue.SegmentId is { } segment)
        {
            if (!await db.Segments.AnyAsync(s => s.Id == segment && (s.OwnerPartnerId == issuerPartnerId || s.OwnerPartnerId == null), ct))
                throw ValidationException.For("segmentId", "Choose one of your segments.");
            members = members.Where(c => db.SegmentMembers.Any(m => m.SegmentId == segment && m.CustomerId == c.Id));
        }
        else if (issue.AudiencePartnerId is { } audience)
        {
            if (!await db.Partners.AnyAsync(p => p.Id == audience, ct)) throw ValidationException.For("audience", "No such partner.");
            source = CertificateSource.CrossMarketing;
            members = members.Where(c => db.Purchases.Any(p => p.CustomerId == c.Id && p.PartnerId == audience));
        }
        var ids = await members.OrderBy(c => c.Id).Select(c => c.Id).Take(issue.MaxCount).ToListAsync(ct);
        if (ids.Count == 0)
            throw issue.Phone is not null ? DomainException.NotFound("customer-not-found", "No member with this phone.") : new DomainException("audience-empty", "Nobody is in this audience.");

        string? code = null;
        await using var tx = await db.BeginWriteAsync(ct);
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var id in chunk)
            {
                var certificate = new Certificate(CertificateCodes.New(), id, issuerPartnerId, issue.Kind, value, capBp, now, now.AddDays(issue.ValidDays),
                    source, title, null, issue.AudiencePartnerId, now);
                code ??= certificate.Code;
                db.Certificates.Add(certificate);
                await Webhooks.CertificateEvents.AddAsync(db, certificate, ct);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync(ct);
        return new IssuedCertificates(ids.Count, ids.Count == 1 ? code : null);
    }
}

public sealed record MyCertificate(string Code, string Title, string Where, CertificateKind Kind, decimal Value, decimal CapPercent, DateTime ExpiresAt, DateTime? RedeemedAt, bool Expired);

/// <summary>A member's certificates, usable first, for /me/certificates.</summary>
public sealed class ListMyCertificates(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<IReadOnlyList<MyCertificate>> HandleAsync(Guid customerId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        var rows = await db.Certificates.AsNoTracking().Where(c => c.CustomerId == customerId && c.CancelledAt == null)
            .OrderByDescending(c => c.IssuedAt).Take(100)
            .Select(c => new { c.Code, c.Title, Partner = db.Partners.Where(p => p.Id == c.IssuerPartnerId).Select(p => p.Name).FirstOrDefault(),
                c.Kind, c.Value, c.CapBp, c.ExpiresAt, c.RedeemedAt })
            .ToListAsync(ct);
        return rows.Select(c => new MyCertificate(c.Code, c.Title, c.Partner ?? "", c.Kind, c.Kind == CertificateKind.Points ? PointValue.ToDecimal(c.Value) : c.Value / 100m,
                c.CapBp / 100m, c.ExpiresAt, c.RedeemedAt, c.ExpiresAt <= now))
            .OrderBy(c => c.RedeemedAt is not null || c.Expired).ThenBy(c => c.ExpiresAt).ToList();
    }
}
