using SelligentPortal.Components.Shared;

namespace SelligentPortal.Tests.Web.Components.Shared;

public class KeysetPagerTests
{
    [Fact]
    public void NextAndPrevious_FollowTheServersCursorsAndComeBackToTheSamePages()
    {
        var pager = new KeysetPager { NextCursor = "c2" };

        pager.Next();
        pager.NextCursor = "c3";
        pager.Next();
        pager.NextCursor = null;

        Assert.Equal((2, "c3", false), (pager.PageIndex, pager.Cursor, pager.HasNext));
        pager.Previous();
        Assert.Equal((1, "c2", true), (pager.PageIndex, pager.Cursor, pager.HasPrevious));
        pager.Previous();
        pager.Previous();
        Assert.Equal((0, (string?)null, false), (pager.PageIndex, pager.Cursor, pager.HasPrevious));
    }

    [Fact]
    public void Next_OnTheLastPage_StaysAndReset_GoesToTheFirst()
    {
        var pager = new KeysetPager { NextCursor = "c2" };
        pager.Next();

        pager.Next(); // no next cursor yet: the page was not read
        Assert.Equal(1, pager.PageIndex);

        pager.NextCursor = "c3";
        pager.Reset();
        Assert.Equal((0, (string?)null, (string?)null), (pager.PageIndex, pager.Cursor, pager.NextCursor));
    }
}
