using System.Globalization;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Messaging;

/// <summary>What the dispatcher needs about one member: addresses, consents (checked again at send time) and template values.</summary>
public sealed record RecipientData(Guid Id, string FirstName, string? LastName, string? Email, string Phone, bool EmailConsent, bool SmsConsent, bool IsActive, long Balance, string? Tier)
{
    public RecipientModel Model(string? partner) =>
        new(FirstName, string.IsNullOrWhiteSpace(LastName) ? FirstName : $"{FirstName} {LastName}", PointValue.Format(Balance, CultureInfo.InvariantCulture), Tier, partner);

    /// <summary>The address for the channel, or null when the member cannot (or may not) receive marketing on it now.</summary>
    public string? AddressFor(MessageChannel channel) => !IsActive ? null : channel switch
    {
        MessageChannel.Email => EmailConsent ? Email : null,
        MessageChannel.Sms => SmsConsent ? Phone : null,
        _ => Id.ToString(),
    };

    public static RecipientData Sample { get; } = new(Guid.Empty, "Dana", "Sample", "dana@example.com", "+77010000000", true, true, true, 1_234_50, "Silver");
}

public static class Recipients
{
    /// <summary>One query for a batch of members, with their main balance and tier name.</summary>
    public static async Task<Dictionary<Guid, RecipientData>> LoadAsync(ILoyaltyDb db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var rows = await (
            from c in db.Customers.AsNoTracking()
            where ids.Contains(c.Id)
            select new
            {
                c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.EmailConsentAt, c.SmsConsentAt, c.Status,
                Balance = db.LedgerAccounts.Where(a => a.CustomerId == c.Id && a.Kind == AccountKind.CustomerMain).Select(a => a.Balance).FirstOrDefault(),
                Tier = db.Tiers.Where(t => t.Id == c.TierId).Select(t => t.Name).FirstOrDefault(),
            }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new RecipientData(r.Id, r.FirstName, r.LastName, r.Email, r.Phone,
            r.EmailConsentAt != null, r.SmsConsentAt != null, r.Status == Customers.CustomerStatus.Active, r.Balance, r.Tier));
    }

    /// <summary>The partner's name for its mailings, the program's name for the operator's.</summary>
    public static async Task<string> SenderNameAsync(ILoyaltyDb db, Guid? ownerPartnerId, CancellationToken ct) =>
        ownerPartnerId is { } partner
            ? await db.Partners.Where(p => p.Id == partner).Select(p => p.Name).FirstAsync(ct)
            : (await GetProgram.LoadAsync(db, ct)).Settings.Name;
}
