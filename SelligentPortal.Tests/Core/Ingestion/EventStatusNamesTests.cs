using SelligentPortal.Core.Ingestion;

namespace SelligentPortal.Tests.Core.Ingestion;

public class EventStatusNamesTests
{
    [Theory]
    [InlineData("failed", EventStatus.Failed)]
    [InlineData("Applied", EventStatus.Applied)]
    [InlineData(" DELETED ", EventStatus.Deleted)]
    public void TryParse_NameInAnyCase_Reads(string text, EventStatus expected)
    {
        Assert.True(EventStatusNames.TryParse(text, out var status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("failed2")]
    [InlineData("exploded")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NumberOrUnknown_Refused(string? text) => Assert.False(EventStatusNames.TryParse(text, out _));

    [Fact]
    public void All_EveryNameInOrder() =>
        Assert.Equal("applied, duplicate, failed, skipped, deleted", EventStatusNames.All);
}
