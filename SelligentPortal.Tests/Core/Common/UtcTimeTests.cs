using SelligentPortal.Core.Common;

namespace SelligentPortal.Tests.Core.Common;

public class UtcTimeTests
{
    [Theory]
    [InlineData("2026-12-03T10:00:00Z", "2026-12-03T10:00:00Z")]
    [InlineData("2026-12-03T10:00", "2026-12-03T10:00:00Z")] // a datetime-local input: no zone means UTC
    [InlineData("2026-12-03T11:30:00+01:30", "2026-12-03T10:00:00Z")]
    public void TryParse_ReadsAsUtc(string text, string expected)
    {
        Assert.True(UtcTime.TryParse(text, out var utc));
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(expected, UtcTime.Iso(utc));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("13/45/2026")]
    [InlineData(" ")]
    [InlineData(null)]
    public void TryParse_Unreadable_False(string? text) => Assert.False(UtcTime.TryParse(text, out _));

    [Fact]
    public void Input_DatetimeLocalValue() =>
        Assert.Equal("2026-12-03T10:05", UtcTime.Input(new DateTime(2026, 12, 3, 10, 5, 59, DateTimeKind.Utc)));
}
