using Loyalty.Core.Audit;
using Loyalty.Core.Common;
using Loyalty.Core.Points;
using Loyalty.Core.Programs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Core.Customers;

public sealed record RegisterCustomerCommand(
    string Phone,
    string FirstName,
    string? LastName,
    string? Email,
    bool EmailConsent,
    bool SmsConsent,
    string Source,
    Guid? ReferrerId = null,
    string? JoinedAtPartnerSlug = null);

/// <summary>
/// Makes a person a member of the coalition. The phone is the identity: a second registration is refused. A member who
/// joins from a partner's page (<see cref="RegisterCustomerCommand.JoinedAtPartnerSlug"/>) is that partner's new customer:
/// a <c>customer.created</c> event goes to it in the same transaction (decision 0163). A join with no partner tells no partner.
/// </summary>
public sealed class RegisterCustomer(ILoyaltyDbFactory dbs, TimeProvider clock) : IUseCase
{
    public async Task<Customer> HandleAsync(RegisterCustomerCommand command, string defaultRegion, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (!PhoneNumber.TryParse(command.Phone, defaultRegion, out var phone))
            errors["phone"] = ["Enter a valid mobile number with its country code."];
        if (string.IsNullOrWhiteSpace(command.FirstName))
            errors["firstName"] = ["Tell us your first name."];
        else if (command.FirstName.Trim().Length > Customer.NameMaxLength)
            errors["firstName"] = [$"A name has at most {Customer.NameMaxLength} characters."];
        if (errors.Count > 0) throw new ValidationException(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = dbs.Create();
        if (await db.Customers.AnyAsync(c => c.Phone == phone!.Value, ct))
            throw DomainException.Conflict("customer-exists", "A member with this phone number already exists.");

        var customer = new Customer(phone!, command.FirstName, command.LastName, now, command.Source)
        {
            Email = string.IsNullOrWhiteSpace(command.Email) ? null : command.Email.Trim(),
            ReferrerId = command.ReferrerId,
            ReferredAt = command.ReferrerId is null ? null : now,
        };
        customer.SetEmailConsent(command.EmailConsent, now);
        customer.SetSmsConsent(command.SmsConsent, now);

        // The member, their two accounts and the welcome bonus exist together or not at all.
        await using var tx = await db.BeginWriteAsync(ct);
        db.Customers.Add(customer);
        db.AuditEvents.Add(new AuditEvent(now, "customer.registered", phone!.Masked, $"Registered via {command.Source}", customerId: customer.Id));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same phone registered a moment ago by another request (two taps, two nodes): the unique index decides.
            await using var check = dbs.Create();
            if (await check.Customers.AnyAsync(c => c.Phone == phone.Value, ct))
                throw DomainException.Conflict("customer-exists", "A member with this phone number already exists.");
            throw;
        }
        var main = await Ledger.CustomerAccountAsync(db, customer.Id, AccountKind.CustomerMain, ct);
        await Ledger.CustomerAccountAsync(db, customer.Id, AccountKind.CustomerPromo, ct);

        var program = await GetProgram.LoadAsync(db, ct);
        if (program.Settings.WelcomeBonus > 0)
        {
            var operatorAccount = await Ledger.SystemAccountAsync(db, AccountKind.Operator, ct);
            await Ledger.PostAsync(db, now, Reasons.WelcomeBonus, $"Welcome to {program.Settings.Name}!",
                [new Leg(operatorAccount, -program.Settings.WelcomeBonus), new Leg(main, program.Settings.WelcomeBonus)],
                customer.Id, lotExpiresAt: now.AddDays(program.Settings.WelcomeBonusValidityDays), ct: ct);
        }
        if (command.JoinedAtPartnerSlug is { Length: > 0 } slug
            && await db.Partners.Where(p => p.Slug == slug && p.Status == Partners.PartnerStatus.Active).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct) is { } partnerId)
            await Webhooks.Outbox.AddAsync(db, partnerId, Webhooks.WebhookEvents.NewCustomer, now, new Webhooks.NewCustomerEventData(customer.Id, command.Source), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return customer;
    }
}
