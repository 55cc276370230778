namespace Loyalty.Web.Components;

/// <summary>Per-visitor display choices read from cookies on the first render and cascaded to every layout.</summary>
public sealed record UiPreferences(bool DarkMode);
