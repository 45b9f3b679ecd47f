using System.Text.Json;

namespace SelligentPortal.Tests.Web.Hosting;

/// <summary>The runtime settings the app ships with, read from the runtimeconfig.json the build writes beside it.</summary>
public class RuntimeConfigurationTests
{
    [Fact]
    public void App_RunsServerGc_WithoutDynamicAdaptation()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "SelligentPortal.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
    }
}
