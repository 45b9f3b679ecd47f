using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Core.Configuration.Shadow;

namespace SelligentPortal.Tests.Core.Configuration;

/// <summary>The processor time shadow comparisons may take: a share of the machine, on a fake clock.</summary>
public class ShadowBudgetTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void PerSecond_IsTheShareOfEveryProcessor()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(80), new ShadowBudget(0.04, 2, _clock).PerSecond);
    }

    [Fact]
    public void HasTime_UntilTheSavedShareIsSpent_ThenAgainAsTimePasses()
    {
        var budget = new ShadowBudget(0.04, 2, _clock);
        Assert.True(budget.HasTime);

        // Five seconds' share (400 ms) to start with, so a slow first comparison is still made.
        budget.Spend(TimeSpan.FromMilliseconds(399));
        Assert.True(budget.HasTime);
        budget.Spend(TimeSpan.FromMilliseconds(21));
        Assert.False(budget.HasTime);

        // 20 ms in debt: refilled at 80 ms per second, it has time again after 250 ms.
        _clock.Advance(TimeSpan.FromMilliseconds(240));
        Assert.False(budget.HasTime);
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(budget.HasTime);
    }

    [Fact]
    public void Saved_IsAtMostFiveSecondsShare()
    {
        var budget = new ShadowBudget(0.04, 2, _clock);
        budget.Spend(TimeSpan.FromMilliseconds(400));
        _clock.Advance(TimeSpan.FromMinutes(10));

        // An idle stretch does not buy a long burst: 400 ms saved at most.
        budget.Spend(TimeSpan.FromMilliseconds(401));
        Assert.False(budget.HasTime);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(-0.1, 2)]
    [InlineData(1.5, 2)]
    [InlineData(0.04, 0)]
    public void Constructor_OutOfRange_Throws(double share, int processors)
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new ShadowBudget(share, processors, _clock));
    }
}
