using Loyalty.Core.Support;
using MudBlazor;

namespace Loyalty.Web.Components.Support;

/// <summary>English keys (localised with L[...]) and colours of the ticket enums, shared by the cabinet and the console.</summary>
public static class TicketLabels
{
    public static string Category(TicketCategory category) => category switch
    {
        TicketCategory.Question => "Question",
        TicketCategory.Technical => "Technical problem",
        TicketCategory.PosTerminals => "POS terminals",
        TicketCategory.PointsAndRewards => "Points and rewards",
        TicketCategory.Settlements => "Settlements",
        _ => "Other",
    };

    public static string Status(TicketStatus status) => status switch
    {
        TicketStatus.New => "New",
        TicketStatus.InProgress => "In progress",
        TicketStatus.WaitingForPartner => "Waiting for partner",
        TicketStatus.Resolved => "Resolved",
        _ => "Closed",
    };

    public static Color StatusColor(TicketStatus status) => status switch
    {
        TicketStatus.New => Color.Info,
        TicketStatus.InProgress => Color.Primary,
        TicketStatus.WaitingForPartner => Color.Warning,
        TicketStatus.Resolved => Color.Success,
        _ => Color.Default,
    };

    public static Color PriorityColor(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => Color.Error,
        TicketPriority.High => Color.Warning,
        TicketPriority.Normal => Color.Info,
        _ => Color.Default,
    };
}

/// <summary>What the reply box hands its parent: the text as typed and the files already read.</summary>
public sealed record TicketDraft(string Body, IReadOnlyList<IncomingFile> Files);
