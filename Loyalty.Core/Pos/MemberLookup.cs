using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Partners;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.Purchases;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Pos;

/// <summary>Resolves what a cashier types or scans, and the rates that apply to the member at the caller's partner.</summary>
/// <summary>What a till call needs to know about a member.</summary>
/// <param name="MainAccountId">Null only for a member whose main account was never created (an old import).</param>
/// <param name="OwesPoints">Whether a refund left a debt that the member's next earning settles.</param>
internal sealed record Member(Guid Id, CustomerStatus Status, Guid? TierId, string FirstName, long? MainAccountId, bool OwesPoints);

internal static class MemberLookup
{
    private static readonly string MemberColumns = $"""
        SELECT c."Id", c."Status", c."TierId", c."FirstName",
            (SELECT a."Id" FROM "LedgerAccounts" a WHERE a."CustomerId" = c."Id" AND a."Kind" = {(int)AccountKind.CustomerMain}),
            CASE WHEN EXISTS (SELECT 1 FROM "PointsDebts" d WHERE d."CustomerId" = c."Id" AND d."Remaining" > 0) THEN 1 ELSE 0 END
        """;

    /// <summary>
    /// A customer id, a card number or a phone number. Plain SQL: every till call starts here (see <see cref="RawSql"/>).
    /// </summary>
    /// <param name="now">Checks the rotating token of the virtual card (<see cref="CardToken"/>).</param>
    public static async Task<Member> FindAsync(ILoyaltyDb db, string? identifier, string defaultRegion, DateTime now, CancellationToken ct)
    {
        identifier = identifier?.Trim();
        if (string.IsNullOrEmpty(identifier) || identifier.Length > 64)
            throw ValidationException.For("customer", "Scan the card or enter the member's card number or phone.");

        var sql = await RawSql.OnAsync(db, ct);
        Member? member = null;
        if (CardToken.TryParse(identifier, out var key, out var code))
        {
            // The phone's rotating QR: one indexed lookup by key, then an HMAC in memory (see decision 0070).
            await using var reader = await sql.ReaderAsync(
                MemberColumns + """, v."Secret" FROM "VirtualCards" v JOIN "Customers" c ON c."Id" = v."CustomerId" WHERE v."Key" = @value""", ct, ("@value", key));
            if (await reader.ReadAsync(ct))
            {
                if (!CardToken.Verify((byte[])reader.GetValue(6), code, now))
                    throw new DomainException("card-token-expired", "This card code has expired. Ask the member to refresh the card on their phone.");
                member = ReadMember(reader);
            }
        }
        else if (Guid.TryParse(identifier, out var id))
        {
            member = await ReadMemberAsync(sql, MemberColumns + """ FROM "Customers" c WHERE c."Id" = @value""", id, ct);
        }
        else if (CardNumber.IsValid(identifier))
        {
            // One statement: the card's status and, when it has one, its owner.
            var number = CardNumber.Normalize(identifier);
            await using var reader = await sql.ReaderAsync(
                MemberColumns + """, k."Status" FROM "Cards" k LEFT JOIN "Customers" c ON c."Id" = k."CustomerId" WHERE k."Number" = @value""", ct, ("@value", number));
            if (await reader.ReadAsync(ct))
            {
                if ((CardStatus)reader.GetInt32(6) == CardStatus.Blocked)
                    throw new DomainException("card-blocked", "This card is blocked. Ask the member for their phone number.");
                if (!reader.IsDBNull(0)) member = ReadMember(reader);
            }
        }
        else if (PhoneNumber.TryParse(identifier, defaultRegion, out var phone))
        {
            member = await ReadMemberAsync(sql, MemberColumns + """ FROM "Customers" c WHERE c."Phone" = @value""", phone!.Value, ct);
        }
        else if (identifier.All(char.IsAsciiDigit) && identifier.Length == CardNumber.Length)
        {
            throw new DomainException("card-check-digit", "The card number's check digit is wrong: check for a typo.");
        }

        if (member is null) throw DomainException.NotFound("customer-not-found", "No member with this card or phone.");
        if (member.Status == CustomerStatus.Blocked) throw new DomainException("customer-blocked", "This membership is blocked.");
        if (member.Status == CustomerStatus.Merged)
            throw new DomainException("customer-merged", "This membership was merged into another one: scan the member's card or use their current phone.");
        return member;
    }

    private static async Task<Member?> ReadMemberAsync(RawSql sql, string query, object value, CancellationToken ct)
    {
        await using var reader = await sql.ReaderAsync(query, ct, ("@value", value));
        return await reader.ReadAsync(ct) ? ReadMember(reader) : null;
    }

    private static Member ReadMember(System.Data.Common.DbDataReader reader)
    {
        return new Member(reader.GetGuid(0), (CustomerStatus)reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.GetInt32(5) == 1);
    }

    /// <summary>The rates that apply to this member at this partner: the tier's, the partner's own, or its discount program's.</summary>
    public static async Task<RewardRates> RatesAsync(ILoyaltyDb db, Guid partnerId, PartnerRules partner, Member customer, ProgramSnapshot program, CancellationToken ct)
    {
        var noCategories = new Dictionary<string, int>();
        if (partner.ProgramType == ProgramType.FlatDiscount)
            return new RewardRates(0, partner.RedemptionCapBp, noCategories, partner.DiscountBp);
        if (partner.ProgramType == ProgramType.CumulativeDiscount)
        {
            var spend = await db.Purchases.Where(p => p.PartnerId == partnerId && p.CustomerId == customer.Id)
                .SumAsync(p => (long?)(p.Amount - p.RefundedAmount), ct) ?? 0;
            var step = await db.PartnerDiscountSteps.Where(s => s.PartnerId == partnerId && s.SpendThreshold <= spend)
                .OrderByDescending(s => s.SpendThreshold).Select(s => (int?)s.DiscountBp).FirstOrDefaultAsync(ct);
            return new RewardRates(0, partner.RedemptionCapBp, noCategories, step ?? 0);
        }
        var tier = customer.TierId is { } tierId ? program.Tiers.FirstOrDefault(t => t.Id == tierId) : null;
        if (partner.UsesProgramTiers && tier is not null)
            return new RewardRates(tier.EarnRateBp, tier.RedemptionCapBp, noCategories);
        return new RewardRates(partner.EarnRateBp, partner.RedemptionCapBp, partner.CategoryRatesBp);
    }

    public static async Task<(long Main, long Promo)> BalancesAsync(ILoyaltyDb db, Guid customerId, CancellationToken ct)
    {
        var sql = await RawSql.OnAsync(db, ct);
        long main = 0, promo = 0;
        await using var reader = await sql.ReaderAsync("""SELECT "Kind", "Balance" FROM "LedgerAccounts" WHERE "CustomerId" = @customer""", ct, ("@customer", customerId));
        while (await reader.ReadAsync(ct))
        {
            var kind = (AccountKind)reader.GetInt32(0);
            if (kind == AccountKind.CustomerMain) main += reader.GetInt64(1);
            else if (kind == AccountKind.CustomerPromo) promo += reader.GetInt64(1);
        }
        return (main, promo);
    }
}
