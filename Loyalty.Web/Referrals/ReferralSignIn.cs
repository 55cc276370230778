using Loyalty.Core.Common;
using Loyalty.Core.Referrals;

namespace Loyalty.Web.Referrals;

/// <summary>
/// What a member sign-in does for referrals: remembers the browser (for the self-referral guard) and, for a member who
/// has just registered, attaches the referral code they arrived with. A refused link never blocks the registration.
/// </summary>
public sealed class ReferralSignIn(IHttpContextAccessor http, JoinByReferral join, RecordMemberDevice devices, ILogger<ReferralSignIn> logger)
{
    public async Task OnSignedInAsync(Guid customerId, bool registered, CancellationToken ct = default)
    {
        var context = http.HttpContext;
        var device = ReferralCookies.DeviceHash(context);
        if (registered && ReferralCookies.CodeOf(context) is { } code)
        {
            try
            {
                await join.HandleAsync(customerId, code, device, ct);
            }
            catch (DomainException refused)
            {
                logger.LogInformation("Referral code {Code} not attached to new member {Customer}: {Reason}", code, customerId, refused.Code);
            }
            if (context is { Response.HasStarted: false }) ReferralCookies.ForgetCode(context);
        }
        // The new member's own device is recorded after the link: otherwise every friend would share a device with themselves.
        if (device is not null) await devices.HandleAsync(customerId, device, ct);
    }
}
