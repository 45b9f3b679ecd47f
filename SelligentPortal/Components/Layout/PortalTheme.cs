using MudBlazor;

namespace SelligentPortal.Components.Layout;

/// <summary>The portal's palette and type, light and dark.</summary>
internal static class PortalTheme
{
    // No web fonts: the machines running the portal may have no internet.
    private static readonly string[] FontStack = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Create() => new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2F4BA0",
            Secondary = "#00897B",
            AppbarBackground = "#1F2F66",
            AppbarText = "#FFFFFF",
            Background = "#F5F6FA",
            DrawerBackground = "#FFFFFF",
            DrawerText = "rgba(0,0,0,0.8)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8EA2FF",
            Secondary = "#4DB6AC",
            AppbarBackground = "#161B2E",
            Background = "#10131F",
            Surface = "#1A1F33",
            DrawerBackground = "#161B2E",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "248px" },
    };
}
