namespace SelligentPortal.Tests.Browser;

/// <summary>
/// The browser tests, one after another once the rest of the suite is done: each drives Chromium,
/// a test host and (on PostgreSQL) the database server, with 30-second waits, and on two cores
/// beside the other tests' hosts a page sometimes took longer than that (CI, PostgreSQL run).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
