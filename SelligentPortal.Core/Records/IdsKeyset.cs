using System.Globalization;
using System.Text;
using SelligentPortal.Core.Common;

namespace SelligentPortal.Core.Records;

/// <summary>How the IDS list is ordered; each order is a keyset on an index.</summary>
public enum IdsSort
{
    /// <summary>Most recently created or changed first: (UpdatedAtUtc, Id) descending.</summary>
    Newest,

    /// <summary>Least recently created or changed first.</summary>
    Oldest,

    /// <summary>Primary key ascending (ordinal), on the unique (CustomerId, PrimaryKey) index.</summary>
    KeyAscending,

    /// <summary>Primary key descending (ordinal).</summary>
    KeyDescending,
}

/// <summary>
/// Filters of the IDS list. Key, email and search are case-sensitive prefixes (search: key or email);
/// <see cref="From"/> (inclusive) and <see cref="To"/> (exclusive) bound the time the record was last
/// created or changed (UTC).
/// </summary>
public sealed record IdsFilter(
    string? Search = null, string? Key = null, string? Email = null, DateTime? From = null, DateTime? To = null, IdsSort Sort = IdsSort.Newest)
{
    /// <summary>The API's and the portal's names of the sort orders.</summary>
    public static IReadOnlyDictionary<string, IdsSort> SortNames { get; } = new Dictionary<string, IdsSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["newest"] = IdsSort.Newest,
        ["oldest"] = IdsSort.Oldest,
        ["key"] = IdsSort.KeyAscending,
        ["key_desc"] = IdsSort.KeyDescending,
    };

    public static string SortName(IdsSort sort) => SortNames.First(s => s.Value == sort).Key;

    /// <summary>Every problem of the filter (a range that ends before it starts), empty when usable.</summary>
    public IReadOnlyList<string> Problems() =>
        From is { } from && To is { } to && to <= from ? ["\"to\" must be later than \"from\"."] : [];
}

/// <summary>
/// The IDS list's cursors: the last row's sort key, so the next page is one index range scan.
/// Time orders use <c>t{ticks}_{id}</c>, key orders <c>k{base64url(key)}</c>; a cursor of another
/// order is refused.
/// </summary>
internal static class IdsKeyset
{
    public const string InvalidCursor = "The cursor is not one this API gave out (or it belongs to another sort order).";

    public static string Cursor(IdsSort sort, IdsRecord last) => sort is IdsSort.Newest or IdsSort.Oldest
        ? string.Create(CultureInfo.InvariantCulture, $"t{last.UpdatedAtUtc.Ticks}_{last.Id}")
        : "k" + Convert.ToBase64String(Encoding.UTF8.GetBytes(last.PrimaryKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static Outcome<IdsPosition?> Parse(IdsSort sort, string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return Outcome<IdsPosition?>.Ok(null);
        }

        if (sort is IdsSort.Newest or IdsSort.Oldest)
        {
            var parts = cursor.StartsWith('t') ? cursor[1..].Split('_') : [];
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? Outcome<IdsPosition?>.Ok(new IdsPosition(new DateTime(ticks, DateTimeKind.Utc), id, null))
                : Outcome<IdsPosition?>.Invalid(InvalidCursor);
        }

        if (!cursor.StartsWith('k'))
        {
            return Outcome<IdsPosition?>.Invalid(InvalidCursor);
        }

        var base64 = cursor[1..].Replace('-', '+').Replace('_', '/');
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='), buffer, out var written)
            ? Outcome<IdsPosition?>.Ok(new IdsPosition(default, 0, Encoding.UTF8.GetString(buffer, 0, written)))
            : Outcome<IdsPosition?>.Invalid(InvalidCursor);
    }

    /// <summary>The exclusive upper bound of a prefix range in SQLite's binary (UTF-8) order.</summary>
    private static string PrefixEnd(string prefix) => prefix + "\U0010FFFF";

    /// <summary>Whether the filter has a key, email or search prefix (the rest is served by the sort order's index).</summary>
    public static bool HasPrefix(IdsFilter filter) => Term(filter.Key) is not null || Term(filter.Email) is not null || Term(filter.Search) is not null;

    /// <summary>The time range and the position after the previous page: bounds on the sort order's index.</summary>
    public static IQueryable<IdsRecord> Bounded(IQueryable<IdsRecord> query, IdsFilter filter, IdsPosition? after)
    {
        if (filter.From is { } from)
        {
            query = query.Where(r => r.UpdatedAtUtc >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(r => r.UpdatedAtUtc < to);
        }

        return filter.Sort switch
        {
            _ when after is null => query,
            IdsSort.Oldest => query.Where(r => r.UpdatedAtUtc >= after.UpdatedAtUtc && (r.UpdatedAtUtc > after.UpdatedAtUtc || r.Id > after.Id)),
            IdsSort.KeyAscending => query.Where(r => string.Compare(r.PrimaryKey, after.PrimaryKey) > 0),
            IdsSort.KeyDescending => query.Where(r => string.Compare(r.PrimaryKey, after.PrimaryKey) < 0),
            // The first bound lets the (CustomerId, UpdatedAtUtc) index seek; the second skips the ties already shown.
            _ => query.Where(r => r.UpdatedAtUtc <= after.UpdatedAtUtc && (r.UpdatedAtUtc < after.UpdatedAtUtc || r.Id < after.Id)),
        };
    }

    /// <summary>
    /// The key, email and search prefixes, as ranges (not LIKE, which SQLite only indexes under NOCASE).
    /// <paramref name="indexed"/>: the search box as a union of the key and email index ranges, not an
    /// OR, which SQLite (without statistics) would rather test row by row along the sort order's index.
    /// </summary>
    public static IQueryable<IdsRecord> Prefixes(IQueryable<IdsRecord> query, IdsFilter filter, bool indexed)
    {
        if (Term(filter.Key) is { } key)
        {
            var end = PrefixEnd(key);
            query = query.Where(r => string.Compare(r.PrimaryKey, key) >= 0 && string.Compare(r.PrimaryKey, end) < 0);
        }

        if (Term(filter.Email) is { } email)
        {
            var end = PrefixEnd(email);
            query = query.Where(r => string.Compare(r.Email, email) >= 0 && string.Compare(r.Email, end) < 0);
        }

        if (Term(filter.Search) is { } search)
        {
            var end = PrefixEnd(search);
            query = indexed
                ? query.Where(r => string.Compare(r.PrimaryKey, search) >= 0 && string.Compare(r.PrimaryKey, end) < 0)
                    .Union(query.Where(r => string.Compare(r.Email, search) >= 0 && string.Compare(r.Email, end) < 0))
                : query.Where(r => (string.Compare(r.PrimaryKey, search) >= 0 && string.Compare(r.PrimaryKey, end) < 0)
                    || (string.Compare(r.Email, search) >= 0 && string.Compare(r.Email, end) < 0));
        }

        return query;
    }

    public static IOrderedQueryable<IdsRecord> Order(IQueryable<IdsRecord> query, IdsSort sort) => sort switch
    {
        IdsSort.Oldest => query.OrderBy(r => r.UpdatedAtUtc).ThenBy(r => r.Id),
        IdsSort.KeyAscending => query.OrderBy(r => r.PrimaryKey),
        IdsSort.KeyDescending => query.OrderByDescending(r => r.PrimaryKey),
        _ => query.OrderByDescending(r => r.UpdatedAtUtc).ThenByDescending(r => r.Id),
    };

    private static string? Term(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Where the previous page ended.</summary>
internal sealed record IdsPosition(DateTime UpdatedAtUtc, long Id, string? PrimaryKey);
