using Loyalty.Core.Messaging;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Loyalty.Web.Components.Messaging;

/// <summary>Human names and colours for channels and statuses, shared by the cabinet, the console and the log.</summary>
public static class MessagingLabels
{
    public static string Channel(IStringLocalizer l, MessageChannel channel) => channel switch
    {
        MessageChannel.Email => l["E-mail"],
        MessageChannel.Sms => l["SMS"],
        _ => l["In-app"],
    };

    public static string ChannelIcon(MessageChannel channel) => channel switch
    {
        MessageChannel.Email => Icons.Material.Outlined.Email,
        MessageChannel.Sms => Icons.Material.Outlined.Sms,
        _ => Icons.Material.Outlined.NotificationsActive,
    };

    public static string Status(IStringLocalizer l, MailingStatus status) => status switch
    {
        MailingStatus.Draft => l["Draft"],
        MailingStatus.Scheduled => l["Scheduled"],
        MailingStatus.Sending => l["Sending"],
        MailingStatus.Completed => l["Completed"],
        _ => l["Cancelled"],
    };

    public static Color StatusColor(MailingStatus status) => status switch
    {
        MailingStatus.Scheduled => Color.Info,
        MailingStatus.Sending => Color.Warning,
        MailingStatus.Completed => Color.Success,
        MailingStatus.Cancelled => Color.Error,
        _ => Color.Default,
    };

    public static string Status(IStringLocalizer l, MessageStatus status) => status switch
    {
        MessageStatus.Queued => l["Queued"],
        MessageStatus.Sending => l["Sending"],
        MessageStatus.Sent => l["Sent"],
        MessageStatus.Delivered => l["Delivered"],
        MessageStatus.Failed => l["Failed"],
        MessageStatus.Uncertain => l["Outcome unknown"],
        _ => l["Skipped"],
    };

    public static Color StatusColor(MessageStatus status) => status switch
    {
        MessageStatus.Sent or MessageStatus.Delivered => Color.Success,
        MessageStatus.Failed => Color.Error,
        MessageStatus.Uncertain => Color.Warning,
        MessageStatus.Queued or MessageStatus.Sending => Color.Info,
        _ => Color.Default,
    };
}
