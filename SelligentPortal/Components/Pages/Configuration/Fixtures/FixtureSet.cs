using SelligentPortal.Core.Configuration.Fixtures;

namespace SelligentPortal.Components.Pages.Configuration.Fixtures;

/// <summary>
/// The customer's fixtures as the configuration page holds them, rerun against the working copy on every
/// change (pure and in memory: a few hundred events map in milliseconds).
/// </summary>
public sealed class FixtureSet
{
    private IReadOnlyList<FixtureView> _fixtures = [];

    public IReadOnlyList<FixtureView> Fixtures => _fixtures;

    /// <summary>The fixtures against the working copy; empty while it has problems.</summary>
    public FixtureRunSummary Results { get; private set; } = FixtureRunSummary.None;

    /// <summary>True when the working copy has problems, so the fixtures cannot run.</summary>
    public bool Blocked { get; private set; }

    public void Load(IReadOnlyList<FixtureView> fixtures, ConfigurationWorkspace? workspace)
    {
        _fixtures = fixtures;
        Rerun(workspace);
    }

    public void Rerun(ConfigurationWorkspace? workspace)
    {
        var compiled = workspace?.Compiled;
        Blocked = compiled is null && _fixtures.Count > 0;
        Results = compiled is null ? FixtureRunSummary.None : FixtureEvaluator.Run(_fixtures, compiled);
    }
}
