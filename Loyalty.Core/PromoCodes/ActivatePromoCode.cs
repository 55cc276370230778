using Loyalty.Core.Common;
using Loyalty.Core.Customers;
using Loyalty.Core.Pos;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Loyalty.Core.TopUps;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.PromoCodes;

public sealed record ActivationResult(string ProductName, string Brand, int Points, long PromoBalance, bool TopUpRequested);

/// <summary>
/// A member activates a printed code (customer area, QR link, POS or partner API). Exactly once: the code row changes
/// from unused to activated with a guarded UPDATE, and in the same transaction the promo account is credited and the
/// activation recorded (DESIGN.md §4 invariant 6). Of 100 concurrent attempts one wins; the rest read "already used".
/// When the promo balance reaches the threshold, a mobile top-up request reserves the points in the same transaction.
/// </summary>
public sealed class ActivatePromoCode(
    ILoyaltyDbFactory dbs, TimeProvider clock, PromoCodeHasher hasher, PromoCodeSettings settings, WriteBatcher writes, PosReferenceData reference) : IUseCase
{
    /// <summary>The code with its batch and product, in one statement (the batch number is the code id's high bits).</summary>
    private static readonly string CodeQuery = $"""
        SELECT c."Id", c."Status", b."Status", p."Id", p."PartnerId", p."Name", p."Brand", p."PointsPerCode"
        FROM "PromoCodes" c
        JOIN "CodeBatches" b ON b."Number" = c."Id" / {1L << CodeBatch.SerialBits}
        JOIN "Products" p ON p."Id" = b."ProductId"
        WHERE c."Hash" = @hash
        """;

    private static readonly string MemberQuery = $"""
        SELECT c."Status", c."Phone", c."City", (SELECT a."Id" FROM "LedgerAccounts" a WHERE a."CustomerId" = c."Id" AND a."Kind" = {(int)AccountKind.CustomerPromo})
        FROM "Customers" c WHERE c."Id" = @customer
        """;

    public async Task<ActivationResult> HandleAsync(ActivationSource source, string? code, ActivationChannel channel, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Activation is a hot path like the purchase (decision 0008): the reads are plain SQL outside the writer lock,
        // the program and the partner's accounts come from the reference cache, and the write is group-committed.
        await using var db = dbs.Create();
        await GuessGuard.ThrowIfLockedAsync(db, source, now, ct);
        if (!PromoCodeFormat.TryNormalize(code, out var normalized))
            throw ValidationException.For("code", "This is not a valid code. Check every symbol: the last one is a check symbol that catches typos.");

        var sql = await RawSql.OnAsync(db, ct);
        var member = await ReadMemberAsync(sql, source.CustomerId, ct)
            ?? throw DomainException.NotFound("customer-not-found", "No such member.");
        if (member.Status != CustomerStatus.Active) throw new DomainException("customer-blocked", "This membership is blocked.");

        var found = await ReadCodeAsync(sql, hasher.Hash(normalized), ct);
        if (found is null)
        {
            await GuessGuard.RecordFailureAsync(dbs, source, settings, now, ct);
            throw DomainException.NotFound("code-not-found", "We do not know this code. Check it and try again.");
        }
        ThrowIfUnusable(found.Status);
        if (found.BatchStatus == CodeBatchStatus.Blocked) ThrowIfUnusable(PromoCodeStatus.Blocked);

        var program = await reference.ProgramAsync(ct);
        var partner = await reference.PartnerAsync(found.PartnerId, ct);

        // The write is group-committed with other writers (WriteBatcher, decision 0008): it runs in a savepoint of a
        // shared transaction, a refusal thrown here rolls back this activation alone, and the caller hears back only
        // after the commit.
        return await writes.RunAsync(async (w, token) =>
        {
            var write = await RawSql.OnAsync(w, token);
            var won = await write.ExecuteAsync("""UPDATE "PromoCodes" SET "Status" = @activated WHERE "Id" = @id AND "Status" = @generated""",
                token, ("@activated", (byte)PromoCodeStatus.Activated), ("@id", found.Id), ("@generated", (byte)PromoCodeStatus.Generated));
            if (won != 1)
            {
                ThrowIfUnusable((PromoCodeStatus)(await write.ScalarAsync<long>("""SELECT "Status" FROM "PromoCodes" WHERE "Id" = @id""", token, ("@id", found.Id))));
                throw DomainException.Conflict("code-already-used", "This code has already been used.");
            }

            var promo = member.PromoAccountId is { } promoId
                ? LedgerAccount.ExistingForCustomer(promoId, source.CustomerId, AccountKind.CustomerPromo)
                : await Ledger.CustomerAccountAsync(w, source.CustomerId, AccountKind.CustomerPromo, token);
            var issuance = partner.Issuance ?? await Ledger.PartnerAccountAsync(w, found.PartnerId, AccountKind.PartnerIssuance, token);
            var points = found.PointsPerCode * 100L;
            await Ledger.PostAsync(w, now, Reasons.PromoCode, $"Promo code: {found.Brand} {found.ProductName}",
                [new Leg(issuance, -points), new Leg(promo, points)], source.CustomerId, found.PartnerId,
                lotExpiresAt: now.AddMonths(program.Settings.PointsExpiryMonths), ct: token);
            await write.ExecuteAsync(
                """
                INSERT INTO "PromoActivations" ("CodeId", "BatchNumber", "PartnerId", "ProductId", "CustomerId", "Region", "Points", "Channel", "ActivatedAt", "ActivatedOn")
                VALUES (@code, @batch, @partner, @product, @customer, @region, @points, @channel, @at, @on)
                """,
                token, ("@code", found.Id), ("@batch", (int)(found.Id >> CodeBatch.SerialBits)), ("@partner", found.PartnerId), ("@product", found.ProductId),
                ("@customer", source.CustomerId), ("@region", member.City), ("@points", found.PointsPerCode), ("@channel", (byte)channel),
                ("@at", now), ("@on", DateOnly.FromDateTime(now)));

            await Webhooks.Outbox.AddAsync(write, found.PartnerId, Webhooks.WebhookEvents.PromoActivation, now,
                new Webhooks.PromoActivationEventData(source.CustomerId, found.ProductName, found.Brand, found.PointsPerCode, channel.ToString()), token);

            var balance = await write.ScalarAsync<long>("""SELECT "Balance" FROM "LedgerAccounts" WHERE "Id" = @id""", token, ("@id", promo.Id));
            var threshold = settings.TopUpThresholdPoints * 100L;
            var topUp = false;
            if (threshold > 0 && balance >= threshold)
            {
                // Reserve exactly the threshold; points above it stay for the next top-up. Only one activation in
                // (threshold / points) gets here, so what it alone needs is read here rather than on every activation.
                var payout = await Ledger.SystemAccountAsync(w, AccountKind.TopUpPayout, token);
                var mobileOperators = await w.MobileOperators.AsNoTracking().Where(o => o.IsActive).ToListAsync(token);
                var reserve = await Ledger.PostAsync(w, now, Reasons.TopUpReserved, "Mobile top-up requested",
                    [new Leg(promo, -threshold), new Leg(payout, threshold)], source.CustomerId, ct: token);
                var mobile = MobileOperator.Resolve(mobileOperators, member.Phone);
                w.TopUpRequests.Add(new TopUpRequest(source.CustomerId, member.Phone, mobile?.Id, mobile?.Name, mobile?.Country ?? program.Settings.DefaultRegion,
                    threshold, settings.TopUpThresholdPoints * settings.TopUpMinorPerPoint, settings.TopUpCurrency, reserve, now));
                await w.SaveChangesAsync(token);
                balance -= threshold;
                topUp = true;
            }
            return new ActivationResult(found.ProductName, found.Brand, found.PointsPerCode, balance, topUp);
        }, ct);
    }

    private sealed record MemberRow(CustomerStatus Status, string Phone, string? City, long? PromoAccountId);

    private sealed record CodeRow(long Id, PromoCodeStatus Status, CodeBatchStatus BatchStatus, Guid ProductId, Guid PartnerId, string ProductName, string Brand, int PointsPerCode);

    private static async Task<MemberRow?> ReadMemberAsync(RawSql sql, Guid customerId, CancellationToken ct)
    {
        await using var reader = await sql.ReaderAsync(MemberQuery, ct, ("@customer", customerId));
        if (!await reader.ReadAsync(ct)) return null;
        return new MemberRow((CustomerStatus)reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetInt64(3));
    }

    private static async Task<CodeRow?> ReadCodeAsync(RawSql sql, byte[] hash, CancellationToken ct)
    {
        await using var reader = await sql.ReaderAsync(CodeQuery, ct, ("@hash", hash));
        if (!await reader.ReadAsync(ct)) return null;
        return new CodeRow(reader.GetInt64(0), (PromoCodeStatus)reader.GetByte(1), (CodeBatchStatus)reader.GetInt32(2), reader.GetGuid(3), reader.GetGuid(4),
            reader.GetString(5), reader.GetString(6), reader.GetInt32(7));
    }

    private static void ThrowIfUnusable(PromoCodeStatus status)
    {
        if (status == PromoCodeStatus.Activated) throw DomainException.Conflict("code-already-used", "This code has already been used.");
        if (status == PromoCodeStatus.Blocked) throw new DomainException("code-blocked", "This code is blocked and cannot be activated.");
    }
}
