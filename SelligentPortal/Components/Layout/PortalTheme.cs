using MudBlazor;

namespace SelligentPortal.Components.Layout;

/// <summary>
/// The portal's palette and type, light and dark. Every colour a filled component paints text on meets
/// WCAG AA (4.5:1) with its contrast text: in dark mode the colours are light, so their text is dark
/// (white on the light primary measured 2.4:1). The browser tests compute these ratios from the page.
/// </summary>
internal static class PortalTheme
{
    // No web fonts: the machines running the portal may have no internet.
    private static readonly string[] FontStack = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    private const string DarkText = "#10131F";

    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2F4BA0",
            Secondary = "#00796B",
            Success = "#18733A",
            Info = "#1565C0",
            Warning = "#B45309",
            Error = "#C62828",
            AppbarBackground = "#1F2F66",
            AppbarText = "#FFFFFF",
            Background = "#F5F6FA",
            DrawerBackground = "#FFFFFF",
            DrawerText = "rgba(0,0,0,0.8)",
            TextSecondary = "rgba(0,0,0,0.66)",
            ActionDisabled = "rgba(0,0,0,0.42)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8EA2FF",
            // A filled button's hover: lighter on a dark page, so its dark text keeps AA (the default darker shade measured 4.2:1).
            PrimaryDarken = "#A9B8FF",
            PrimaryContrastText = DarkText,
            Secondary = "#4DB6AC",
            SecondaryContrastText = DarkText,
            Success = "#66BB6A",
            SuccessContrastText = DarkText,
            Info = "#64B5F6",
            InfoContrastText = DarkText,
            Warning = "#FFB74D",
            WarningContrastText = DarkText,
            Error = "#FF8A80",
            ErrorContrastText = DarkText,
            AppbarBackground = "#161B2E",
            Background = "#10131F",
            Surface = "#1A1F33",
            DrawerBackground = "#161B2E",
            TextSecondary = "rgba(255,255,255,0.72)",
            ActionDisabled = "rgba(255,255,255,0.45)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "248px" },
    };
}
