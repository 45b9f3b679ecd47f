namespace SelligentPortal.Components.Shared;

/// <summary>
/// Previous/next over keyset pages without a total: the cursor of every page visited is kept, so
/// going back re-reads the same page and going forward follows the server's next cursor.
/// </summary>
public sealed class KeysetPager
{
    private readonly List<string?> _cursors = [null];

    /// <summary>Zero-based index of the page shown.</summary>
    public int PageIndex { get; private set; }

    /// <summary>The cursor to read the page shown with (null: the first page).</summary>
    public string? Cursor => _cursors[PageIndex];

    /// <summary>The cursor the server gave for the page after this one (null: this is the last).</summary>
    public string? NextCursor { get; set; }

    public bool HasPrevious => PageIndex > 0;

    public bool HasNext => NextCursor is not null;

    public void Next()
    {
        if (NextCursor is null)
        {
            return;
        }

        _cursors.RemoveRange(PageIndex + 1, _cursors.Count - PageIndex - 1);
        _cursors.Add(NextCursor);
        PageIndex++;
        // Unknown until the page is read: a second click meanwhile must not skip ahead with a stale cursor.
        NextCursor = null;
    }

    public void Previous()
    {
        if (PageIndex > 0)
        {
            PageIndex--;
            NextCursor = _cursors[PageIndex + 1];
        }
    }

    /// <summary>Back to the first page (filters or sort changed).</summary>
    public void Reset()
    {
        _cursors.RemoveRange(1, _cursors.Count - 1);
        PageIndex = 0;
        NextCursor = null;
    }
}
