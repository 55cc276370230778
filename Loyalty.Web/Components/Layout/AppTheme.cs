using MudBlazor;

namespace Loyalty.Web.Components.Layout;

/// <summary>The brand: deep navy and a warm amber accent, one theme for every area.</summary>
public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1D4ED8",
            Secondary = "#F59E0B",
            Tertiary = "#0EA5A4",
            Success = "#16A34A",
            Error = "#DC2626",
            AppbarBackground = "#0B1F4B",
            AppbarText = "#FFFFFF",
            Background = "#F4F6FB",
            Surface = "#FFFFFF",
            DrawerBackground = "#FFFFFF",
            DrawerText = "#1F2937",
            TextPrimary = "#111827",
            TextSecondary = "#4B5563",
            LinesDefault = "#E5E7EB",
            TableLines = "#EEF0F5",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7C9BFF",
            Secondary = "#FBBF24",
            Tertiary = "#2DD4BF",
            AppbarBackground = "#0A1328",
            Background = "#0E1525",
            Surface = "#162036",
            DrawerBackground = "#111A2E",
            TextPrimary = "#E5E9F5",
            TextSecondary = "#A3ADC2",
            LinesDefault = "#26324D",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
            H4 = new H4Typography { FontWeight = "700" },
            H5 = new H5Typography { FontWeight = "700" },
            H6 = new H6Typography { FontWeight = "600" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "12px", DrawerWidthLeft = "248px" },
    };
}
