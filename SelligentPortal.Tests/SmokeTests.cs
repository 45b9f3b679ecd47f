namespace SelligentPortal.Tests;

public class SmokeTests
{
    [Fact]
    public void Build_Compiles_True() => Assert.True(typeof(Program).Assembly is not null);
}
