namespace SelligentPortal.Core.Configuration.Shadow;

/// <summary>
/// The processor time shadow comparisons may use: a share of the machine, accrued continuously, with at
/// most <see cref="SavedSeconds"/> seconds' worth saved up, so a burst or a slow first comparison (the
/// JIT, a busy moment) is still compared. A token bucket in seconds of processor time. While it is
/// empty, events are not compared (and counted so), so a shadow run can never take ingestion's
/// processor time at full load. Not thread-safe: the one comparison loop owns it.
/// </summary>
public sealed class ShadowBudget
{
    private readonly TimeProvider _clock;
    /// <summary>How many seconds' share can be saved up.</summary>
    public const int SavedSeconds = 5;

    private readonly double _perSecond;
    private double _available;
    private long _updated;

    /// <param name="share">The share of the machine's processor time, 0 to 1 (0.04: 4%).</param>
    /// <param name="processors">The processors the share is of.</param>
    /// <param name="clock">Where the wall time comes from.</param>
    public ShadowBudget(double share, int processors, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(share);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(share, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(processors);
        _clock = clock;
        _perSecond = share * processors;
        _available = _perSecond * SavedSeconds;
        _updated = clock.GetTimestamp();
    }

    /// <summary>Processor time per second of wall time the comparisons may use.</summary>
    public TimeSpan PerSecond => TimeSpan.FromSeconds(_perSecond);

    /// <summary>Whether there is time left for the next comparison.</summary>
    public bool HasTime
    {
        get
        {
            Accrue();
            return _available > 0;
        }
    }

    /// <summary>Takes what a comparison used; the balance may go below zero, and the next ones wait for it.</summary>
    public void Spend(TimeSpan used)
    {
        Accrue();
        _available -= used.TotalSeconds;
    }

    private void Accrue()
    {
        var now = _clock.GetTimestamp();
        _available = Math.Min(_perSecond * SavedSeconds, _available + _clock.GetElapsedTime(_updated, now).TotalSeconds * _perSecond);
        _updated = now;
    }
}
