namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// The SDK's install (<see cref="SegmentNodeSdk"/>): the SQLite and PostgreSQL test runs may ask for it
/// at once, so one process installs while the other waits, and nobody reinstalls what is current.
/// </summary>
public sealed class SegmentNodeSdkTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "selligentportal-sdk-" + Guid.NewGuid().ToString("N"));

    public SegmentNodeSdkTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "node_modules"));
        File.WriteAllText(Path.Combine(_folder, "package-lock.json"), """{"lockfileVersion":3}""");
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        File.Delete(SegmentNodeSdk.InstallLock.PathFor(_folder));
    }

    [Fact]
    public async Task InstallLock_Held_IsNotGivenToAnotherUntilReleased()
    {
        var first = await SegmentNodeSdk.InstallLock.AcquireAsync(_folder, TimeSpan.Zero);
        Assert.NotNull(first);

        var whileHeld = SegmentNodeSdk.InstallLock.TryAcquire(_folder);
        var waitedInVain = await SegmentNodeSdk.InstallLock.AcquireAsync(_folder, TimeSpan.Zero);
        first.Dispose();
        using var afterwards = SegmentNodeSdk.InstallLock.TryAcquire(_folder);

        Assert.Null(whileHeld);
        Assert.Null(waitedInVain);
        Assert.NotNull(afterwards);
    }

    [Fact]
    public void IsCurrent_AfterAnInstall_UntilTheLockFileChanges()
    {
        var fresh = SegmentNodeSdk.IsCurrent(_folder);
        SegmentNodeSdk.MarkCurrent(_folder);
        var installed = SegmentNodeSdk.IsCurrent(_folder);
        File.WriteAllText(Path.Combine(_folder, "package-lock.json"), """{"lockfileVersion":3,"packages":{}}""");

        Assert.False(fresh);
        Assert.True(installed);
        Assert.False(SegmentNodeSdk.IsCurrent(_folder));
    }
}
